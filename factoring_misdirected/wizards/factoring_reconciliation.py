# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class FactoringReconciliation(models.TransientModel):
    _inherit = "factoring.reconciliation"

    forward_account_id = fields.Many2one(related="factor_id.forward_account_id")
    forward_balance = fields.Monetary(
        compute="_compute_forward_balance",
        string="Payments to Forward",
        help="Received by us for the factor and not forwarded yet, up to the date: the factor's balance on its "
        "payments to forward account. These documents are still open at the factor.",
    )

    @api.depends("factor_id", "date")
    def _compute_forward_balance(self):
        for wizard in self:
            if wizard.factor_id and wizard.date:
                factor = wizard.factor_id
                wizard.forward_balance = -factor._get_reconciliation_balance(
                    factor.forward_account_id, fields.Date.to_date(wizard.date), partner=factor.partner_id
                )
            else:
                wizard.forward_balance = 0.0

    def _get_xlsx_summary_rows(self, data, money, date_format):
        # EXTENDS factoring_base: the payments to forward, as the form shows them (for a factor with the account).
        rows = super()._get_xlsx_summary_rows(data, money, date_format)
        if self.forward_account_id:
            rows.append((self.env._("Payments to Forward"), data["forward_balance"], money))
        return rows
