// Copyright 2026 Odoo Factoring contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * A Factoring User imports the factor's return file through the menu: the factor, its return mapping, the CSV file
 * (the factor rejects one document, named by its payment reference TOUR-RET-1, and accepts TOUR-RET-2), Import. The
 * return file opens with the answers: the rejected document in red with the reason, its return entry.
 * The Python test prepares the two transferred invoices and the factor's return mapping.
 */
const RETURN_FILE = "Beleg;Status;Grund\nTOUR-RET-1;abgelehnt;Bonität\nTOUR-RET-2;angekauft;\n";

registry.category("web_tour.tours").add("factoring_return_import", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Invoicing",
            trigger: ".o_app[data-menu-xmlid='account.menu_finance']",
            run: "click",
        },
        {
            content: "Open the Customers menu",
            trigger: ".o_menu_sections [data-menu-xmlid='account.menu_finance_receivables']",
            run: "click",
        },
        {
            content: "Import Return File (Factoring)",
            trigger: ".dropdown-item[data-menu-xmlid='factoring_settlement.menu_factoring_return_import']",
            run: "click",
        },
        {
            content: "Choose the factor",
            trigger: ".modal .o_field_widget[name=factor_id] input",
            run: "edit Test Factoring",
        },
        {
            content: "Pick Test Factoring Bank",
            trigger: ".o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option):contains(Test Factoring Bank)",
            run: "click",
        },
        {
            content: "Its return mapping is proposed",
            trigger: ".modal .o_field_widget[name=mapping_id] input:value(TFB Rückmeldung)",
        },
        {
            content: "Upload the factor's return file",
            trigger: ".modal .o_field_widget[name=file]",
            run() {
                const input = this.anchor.querySelector("input[type=file]");
                const transfer = new DataTransfer();
                transfer.items.add(new File([RETURN_FILE], "rueckmeldung.csv", { type: "text/csv" }));
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is loaded",
            trigger: ".modal .o_field_widget[name=file] input.o_input:value(rueckmeldung.csv)",
        },
        {
            content: "Import",
            trigger: ".modal footer button[name=action_import]",
            run: "click",
        },
        {
            content: "The return file opens: one document rejected",
            trigger: ".o_form_view .o_field_widget[name=rejected_count]:contains(1)",
            timeout: 30000,
        },
        {
            content: "One accepted",
            trigger: ".o_form_view .o_field_widget[name=accepted_count]:contains(1)",
        },
        {
            content: "The rejected document, in red, with the factor's reason",
            trigger: ".o_field_widget[name=line_ids] .o_data_row.text-danger:contains(Rejected):contains(Bonität)",
        },
        {
            content: "The return entry that gives it back to the customer",
            trigger: ".o-form-buttonbox button[name=action_view_move]",
        },
    ],
});
