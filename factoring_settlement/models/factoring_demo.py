# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _demo_bank_transaction(self, partner, amount, label, days_ago, currency=None):
        """An incoming transaction of the company's bank journal, as a bank statement import makes it."""
        company = self.env.ref("base.main_company")
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], order="id", limit=1
        )
        vals = {"journal_id": journal.id, "date": self._demo_days_ago(days_ago), "payment_ref": label,
                "partner_id": partner.id, "amount": amount}
        if currency and currency != journal.currency_id and currency != company.currency_id:
            vals.update({"foreign_currency_id": currency.id, "amount_currency": amount,
                         "amount": currency._convert(amount, company.currency_id, company, vals["date"])})
        return self.env["account.bank.statement.line"].with_company(company).create(vals)

    @api.model
    def _demo_settlements(self):
        """Demo: DFB paid the expected payout of its first batch; *Settle Batch* from that bank transaction, posted
        (the security retention stays on the retention account until DFB releases it). A draft settlement of the
        A.B.S. batch, waiting for A.B.S.'s statement."""
        batch = self.env.ref("factoring_export_dfb.demo_batch_dfb_settled", raise_if_not_found=False)
        if batch and not self._demo_done("factoring_settlement.demo_settlement_dfb"):
            st_line = self._demo_bank_transaction(
                batch.factor_id.partner_id, batch.amount_open_at_factor, f"DFB Auszahlung {batch.name}", 5
            )
            wizard = self.env["factoring.settle.batch"].with_company(batch.company_id).with_context(
                active_model="account.bank.statement.line", active_id=st_line.id
            ).create({})
            settlement = self.env["factoring.settlement"].browse(wizard.action_open_settlement()["res_id"])
            settlement.write({"ref": "DFB-ABR-0001"})
            settlement.action_post()
            self._demo_xmlid(settlement, "demo_settlement_dfb", module="factoring_settlement")
        batch = self.env.ref("factoring_export_abs.demo_batch_abs", raise_if_not_found=False)
        if batch and not self._demo_done("factoring_settlement.demo_settlement_abs"):
            wizard = self.env["factoring.settle.batch"].with_company(batch.company_id).create(
                {"batch_id": batch.id, "statement_line_id": False}
            )
            settlement = self.env["factoring.settlement"].browse(wizard.action_open_settlement()["res_id"])
            self._demo_xmlid(settlement, "demo_settlement_abs", module="factoring_settlement")
