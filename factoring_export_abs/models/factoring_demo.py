# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _demo_abs_batch(self):
        """Demo: A.B.S. wants the PDF bundle; a sent batch of three invoices of Léman Horlogerie with its workbook
        and bundle (three documents: rendering the invoices is the slow part of the demo)."""
        if self._demo_done("factoring_export_abs.demo_batch_abs"):
            return
        factor = self.env.ref("factoring_base.demo_factor_abs")
        factor = factor.with_company(factor.company_id)
        factor.send_pdf_bundle = True
        invoices = self._demo_documents("demo_customer_leman").filtered(lambda m: m.move_type == "out_invoice")[:3]
        self._demo_transfer(factor, invoices, self._demo_days_ago(2), "factoring_export_abs.demo_batch_abs")
