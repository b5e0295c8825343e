# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The form of a batch confirmed in the background refreshes itself (headless Chromium through HttpCase): it shows
the job, and once the scheduled action has run, the confirmed batch, without the user reloading the page."""

from odoo.tests import HttpCase, tagged

from .test_tours import assert_browser_available

WAIT = """
const wait = async (what, predicate) => {
    const start = Date.now();
    while (!predicate()) {
        if (Date.now() - start > 30000) {
            throw new Error(`timeout waiting for ${what}: ${document.body.innerText.slice(0, 2000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
};
"""


@tagged("post_install", "-at_install")
class TestBackgroundForm(HttpCase):
    def test_form_shows_the_job_and_refreshes_when_done(self):
        assert_browser_available()
        factor = self.env.ref("factoring_base.demo_factor_dfb", raise_if_not_found=False)
        if not factor:
            self.skipTest("the test database must hold the demo data (setup/test builds it with demo)")
        factor.company_id.factoring_background_threshold = 1
        batch = self.env["factoring.transfer"].create({"factor_id": factor.id})._create_batches()[:1]
        batch.action_confirm()
        self.assertEqual(batch.job_state, "queued")
        cron = self.env.ref("factoring_base.ir_cron_factoring_batch_jobs")
        # The page is opened once; the scheduled action runs while it is open (here: an RPC call of the test, as
        # the cron worker would run it), and the page must show the confirmed batch by itself.
        code = WAIT + f"""
        (async () => {{
            await wait("the job's banner", () => document.body.innerText.includes("Being confirmed in the background"));
            if (document.querySelector("button[name='action_confirm']")) {{
                throw new Error("Confirm is offered while the batch is being confirmed");
            }}
            const response = await fetch("/web/dataset/call_kw/ir.cron/method_direct_trigger", {{
                method: "POST",
                headers: {{"Content-Type": "application/json"}},
                body: JSON.stringify({{jsonrpc: "2.0", method: "call", params: {{
                    model: "ir.cron", method: "method_direct_trigger", args: [[{cron.id}]], kwargs: {{}}}}}}),
            }});
            const result = await response.json();
            if (result.error) {{
                throw new Error(JSON.stringify(result.error));
            }}
            await wait("the confirmed batch", () => {{
                const current = document.querySelector(".o_statusbar_status .o_arrow_button_current");
                return current && current.innerText.includes("Confirmed")
                    && !document.body.innerText.includes("Being confirmed in the background");
            }});
            console.log("test successful");
        }})().catch((error) => console.error(error.message || error));
        """
        self.browser_js(f"/odoo/action-factoring_base.action_factoring_batch/{batch.id}", code, login="admin",
                        timeout=120)
        self.assertEqual(batch.state, "confirmed")
