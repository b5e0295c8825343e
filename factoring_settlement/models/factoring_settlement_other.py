# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models


class FactoringSettlementOther(models.Model):
    _name = "factoring.settlement.other"
    _description = "Factoring Settlement Other Item"
    _inherit = ["analytic.mixin", "factoring.settlement.child.mixin"]
    _settlement_field = "other_ids"
    _order = "settlement_id, sequence, id"
    _check_company_auto = True

    settlement_id = fields.Many2one(
        "factoring.settlement", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="settlement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="settlement_id.currency_id")
    account_id = fields.Many2one("account.account", required=True, check_company=True)
    name = fields.Char(string="Label", required=True)
    partner_id = fields.Many2one("res.partner", help="Default: the factor.")
    amount = fields.Monetary(
        required=True,
        help="Positive: a charge that reduces the payment (booked as debit: bank fees, interest, corrections). "
        "Negative: an amount that increases it (booked as credit: retention released). Taxes excluded.",
    )
    tax_ids = fields.Many2many(
        "account.tax",
        string="Taxes",
        check_company=True,
        domain="[('type_tax_use', '=', 'purchase')]",
        help="Taxes on the item, e.g. input VAT on a factoring fee.",
    )
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amount_total", store=True, help="Amount with taxes."
    )

    @api.depends("amount", "tax_ids", "currency_id")
    def _compute_amount_total(self):
        for other in self:
            if other.tax_ids:
                taxes = other.tax_ids.compute_all(other.amount, currency=other.currency_id, handle_price_include=False)
                other.amount_total = taxes["total_included"]
            else:
                other.amount_total = other.amount

    def _prepare_move_line_vals(self):
        """A base line; Odoo adds the tax lines of its taxes."""
        self.ensure_one()
        settlement = self.settlement_id
        return {
            "name": self.name,
            "account_id": self.account_id.id,
            "partner_id": (self.partner_id or settlement.factor_id.partner_id).id,
            "currency_id": self.currency_id.id,
            "amount_currency": self.amount,
            "balance": settlement._convert(self.amount),
            "tax_ids": [Command.set(self.tax_ids.ids)],
            "analytic_distribution": self.analytic_distribution,
            "factoring_settlement_role": "other",
        }
