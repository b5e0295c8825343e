# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _demo_dfb_batches(self):
        """Demo: two sent DFB batches with their files (Schäfer's invoices twelve days ago, which the settlement demo
        settles; Müller's and König's documents today), then two credit notes made after them, waiting for the next
        batch. Weber's invoices wait too."""
        if self._demo_done("factoring_export_dfb.demo_batch_dfb_settled"):
            return
        dfb = self.env.ref("factoring_base.demo_factor_dfb")
        dfb = dfb.with_company(dfb.company_id)
        self._demo_transfer(dfb, self._demo_documents("demo_customer_schaefer"), self._demo_days_ago(12),
                            "factoring_export_dfb.demo_batch_dfb_settled")
        today = self._demo_days_ago(0)
        documents = self._demo_documents("demo_customer_mueller") | self._demo_documents("demo_customer_koenig")
        batch = self._demo_transfer(dfb, documents, today, "factoring_export_dfb.demo_batch_dfb_open")
        invoices = batch.line_ids.move_id.filtered(lambda move: move.move_type == "out_invoice")
        koenig, mueller = (self.env.ref(f"factoring_base.demo_customer_{name}") for name in ("koenig", "mueller"))
        self._demo_credit_note(invoices.filtered(lambda m: m.partner_id == koenig)[:1],
                               "Price reduction (late delivery)", 0.1)
        self._demo_credit_note(invoices.filtered(lambda m: m.partner_id == mueller)[-1:], "Return of goods", 0.25)
