# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _demo_misdirected_payment(self):
        """Demo: König Elektrotechnik (not notified of the assignment) paid a transferred invoice to our bank
        account. *Payment for the Factor* from its bank transaction books it to DFB's payments to forward account;
        *Prepare Forwarding* makes the draft payment to DFB."""
        batch = self.env.ref("factoring_export_dfb.demo_batch_dfb_open", raise_if_not_found=False)
        if not batch or self._demo_done("factoring_misdirected.demo_misdirected_payment"):
            return
        dfb = batch.factor_id.with_company(batch.company_id)
        if not dfb.forward_account_id:
            dfb.forward_account_id = self._demo_account(
                dfb.company_id, "1798", "Payments to forward to the factor", "liability_current", True
            )
        koenig = self.env.ref("factoring_base.demo_customer_koenig")
        invoice = batch.line_ids.move_id.filtered(
            lambda move: move.move_type == "out_invoice" and move.partner_id == koenig
        )[-1:]
        st_line = self._demo_bank_transaction(
            invoice.partner_id, invoice.amount_total, f"Rechnung {invoice.name}", 1
        )
        wizard = self.env["factoring.misdirected.wizard"].with_company(dfb.company_id).with_context(
            active_model="account.bank.statement.line", active_ids=st_line.ids
        ).create({})
        payment = self.env["factoring.misdirected.payment"].browse(wizard.action_confirm()["res_id"])
        self._demo_xmlid(payment, "demo_misdirected_payment", module="factoring_misdirected")
        dfb.action_prepare_forwarding()
