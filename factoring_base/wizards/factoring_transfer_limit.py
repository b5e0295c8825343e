# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class FactoringTransfer(models.TransientModel):
    _inherit = "factoring.transfer"

    debtor_line_ids = fields.One2many(
        "factoring.transfer.debtor",
        compute="_compute_debtor_line_ids",
        string="Debtor Limits",
        help="Per debtor of the transfer: the limit the factor granted, what is open at the factor and what this "
        "transfer adds.",
    )

    @api.depends("line_ids")
    def _compute_debtor_line_ids(self):
        Debtor = self.env["factoring.transfer.debtor"]
        for wizard in self:
            factor = wizard.factor_id
            if not factor:
                wizard.debtor_line_ids = Debtor
                continue
            selected = wizard.line_ids.filtered(lambda line: not line.reason).move_id
            partners = selected.commercial_partner_id
            if factor.limit_policy == "exclude":
                # and the debtors with a limit among what is left out (the limit may keep their invoices back)
                partners |= (wizard.line_ids.move_id - selected).commercial_partner_id.filtered(
                    lambda partner, factor=factor: partner.with_company(factor.company_id).factor_credit_limit > 0
                )
            open_amounts = factor._get_open_at_factor(partners)
            amounts = factor._get_transfer_amounts(selected)
            added = dict.fromkeys(partners, 0.0)
            for move in selected:
                added[move.commercial_partner_id] += amounts[move]
            wizard.debtor_line_ids = Debtor.concat(
                *(
                    Debtor.new(
                        {
                            "partner_id": partner.id,
                            "currency_id": factor.currency_id.id,
                            "limit": partner.with_company(factor.company_id).factor_credit_limit,
                            "open_amount": open_amounts[partner],
                            "transfer_amount": factor.currency_id.round(added[partner]),
                        }
                    )
                    for partner in partners.sorted("display_name")
                )
            )


class FactoringTransferDebtor(models.TransientModel):
    _name = "factoring.transfer.debtor"
    _description = "Transfer to Factor: Debtor Limit"

    partner_id = fields.Many2one("res.partner", string="Debtor", required=True, ondelete="cascade")
    currency_id = fields.Many2one("res.currency")
    limit = fields.Monetary(help="The limit the factor granted (the customer's Factor Credit Limit; 0: none recorded).")
    open_amount = fields.Monetary(string="Open at Factor")
    transfer_amount = fields.Monetary(string="This Transfer", help="Invoices less credit notes that go now.")
    total_amount = fields.Monetary(string="Total", compute="_compute_total")
    available_amount = fields.Monetary(string="Available", compute="_compute_total",
                                       help="Limit less total; negative: beyond the limit.")
    beyond_limit = fields.Boolean(compute="_compute_total")

    @api.depends("limit", "open_amount", "transfer_amount")
    def _compute_total(self):
        for line in self:
            line.total_amount = line.open_amount + line.transfer_amount
            line.available_amount = line.limit - line.total_amount if line.limit else 0.0
            line.beyond_limit = bool(line.limit) and line.currency_id.compare_amounts(line.total_amount, line.limit) > 0
