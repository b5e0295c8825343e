/** @odoo-module **/
// Copyright 2026 Odoo Factoring contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// While the record's work runs in the background (job_state "queued"), reload the record every few seconds: the
// form shows the job's progress and, once done, the result, without the user reloading the page.

import { Component, useEffect } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

export const POLL_INTERVAL = 2000;

export class FactoringJobPoll extends Component {
    static props = standardWidgetProps;
    static template = "factoring_base.JobPoll";

    setup() {
        useEffect(
            (jobState) => {
                if (jobState !== "queued") {
                    return;
                }
                const timer = browser.setInterval(() => {
                    const record = this.props.record;
                    if (!record.dirty) {
                        record.load();
                    }
                }, POLL_INTERVAL);
                return () => browser.clearInterval(timer);
            },
            () => [this.props.record.data.job_state]
        );
    }
}

registry.category("view_widgets").add("factoring_job_poll", { component: FactoringJobPoll });
