# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models


class FactoringSettlementLine(models.Model):
    _name = "factoring.settlement.line"
    _description = "Factoring Settlement Item"
    _inherit = ["factoring.settlement.child.mixin"]
    _settlement_field = "line_ids"
    _order = "settlement_id, sequence, id"
    _check_company_auto = True

    settlement_id = fields.Many2one(
        "factoring.settlement", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="settlement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="settlement_id.currency_id")
    state = fields.Selection(related="settlement_id.state", store=True, string="Status")
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Open Item",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        help="The open receivable of a factored document, or the factor's clearing line of a rebooked document.",
    )
    account_id = fields.Many2one(related="move_line_id.account_id", string="Account")
    item_type = fields.Selection(
        [("receivable", "Customer receivable"), ("clearing", "Factor clearing"), ("retention", "Security retention")],
        compute="_compute_from_move_line",
        store=True,
        precompute=True,
    )
    document_id = fields.Many2one(
        "account.move",
        compute="_compute_from_move_line",
        store=True,
        precompute=True,
        index=True,
        help="The invoice or credit note of the item.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Debtor", compute="_compute_from_move_line", store=True, precompute=True, index=True
    )
    document_name = fields.Char(related="document_id.name", string="Document Number")
    date_maturity = fields.Date(related="move_line_id.date_maturity", string="Due Date")
    amount_open = fields.Monetary(
        string="Open Amount",
        compute="_compute_from_move_line",
        store=True,
        precompute=True,
        help="Open amount of the item when it was added to the settlement.",
    )
    amount_settled = fields.Monetary(
        string="Receivable Cleared",
        compute="_compute_amount_settled",
        store=True,
        precompute=True,
        readonly=False,
        help="Part of the open receivable this item clears; less than the open amount leaves the rest open.",
    )
    deduction_amount = fields.Monetary(string="Deduction")
    deduction_reason_id = fields.Many2one(
        "factoring.deduction.reason",
        check_company=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    fee_amount = fields.Monetary(string="Factor Fee")
    retention_amount = fields.Monetary(string="Security Retention")
    amount_paid = fields.Monetary(
        string="Payout",
        compute="_compute_amount_paid",
        store=True,
        help="Receivable cleared less deduction, fee and security retention: what the factor pays for this item.",
    )
    settlement_move_line_id = fields.Many2one(
        "account.move.line", string="Settlement Journal Item", readonly=True, copy=False
    )

    _move_line_uniq = models.UniqueIndex(
        "(settlement_id, move_line_id)", "An open item can be added only once to a settlement."
    )

    @api.depends("move_line_id")
    def _compute_from_move_line(self):
        for line in self:
            aml = line.move_line_id
            source = aml.factoring_source_move_id
            is_clearing = bool(
                aml
                and aml.account_id == line.settlement_id.factor_id.clearing_account_id
                and aml.move_id.move_type == "entry"
            )
            is_retention = bool(aml and aml.account_id == line.settlement_id.factor_id.retention_account_id)
            line.item_type = "clearing" if is_clearing else "retention" if is_retention else "receivable"
            document = source if is_clearing and source else aml.move_id
            line.document_id = document
            line.partner_id = document.partner_id.commercial_partner_id if is_clearing and source else aml.partner_id
            if aml.currency_id == line.settlement_id.currency_id:
                line.amount_open = aml.amount_residual_currency
            else:
                line.amount_open = aml.amount_residual

    @api.depends("amount_open")
    def _compute_amount_settled(self):
        for line in self:
            line.amount_settled = line.amount_open

    @api.depends("amount_settled", "deduction_amount", "fee_amount", "retention_amount")
    def _compute_amount_paid(self):
        for line in self:
            line.amount_paid = line.amount_settled - line.deduction_amount - line.fee_amount - line.retention_amount

    @api.onchange("deduction_reason_id")
    def _onchange_deduction_reason_id(self):
        """Warn at once when the chosen reason cannot be booked (posting refuses it too)."""
        reason = self.deduction_reason_id.with_company(self.company_id or self.env.company)
        if reason and not reason.account_id:
            return {
                "warning": {
                    "title": self.env._("Deduction reason without account"),
                    "message": self.env._(
                        "Deduction reason %(reason)s has no account in company %(company)s; set one under "
                        "Configuration > Deduction Reasons before posting the settlement.",
                        reason=reason.display_name,
                        company=(self.company_id or self.env.company).name,
                    ),
                }
            }
        return None

    @api.onchange("deduction_amount")
    def _onchange_deduction_amount_clear_reason(self):
        # A deduction set back to zero has no reason any more (the reason would book nothing and confuse the list).
        for line in self:
            if line.currency_id.is_zero(line.deduction_amount):
                line.deduction_reason_id = False

    def _get_post_problems(self):
        self.ensure_one()
        currency = self.currency_id
        aml = self.move_line_id
        name = self.document_id.name or aml.display_name
        problems = []
        if aml.currency_id != currency:
            problems.append(
                self.env._(
                    "%(doc)s is in %(item_currency)s, the settlement in %(currency)s.",
                    doc=name,
                    item_currency=aml.currency_id.name,
                    currency=currency.name,
                )
            )
            return problems
        residual = aml.amount_residual_currency
        settled = self.amount_settled
        if aml.reconciled or aml.parent_state != "posted" or currency.is_zero(residual):
            problems.append(self.env._("%(doc)s is no longer open.", doc=name))
        elif currency.is_zero(settled):
            problems.append(self.env._("%(doc)s: the settled amount is zero; remove the item instead.", doc=name))
        elif (settled > 0) != (residual > 0) or currency.compare_amounts(abs(settled), abs(residual)) > 0:
            problems.append(
                self.env._(
                    "%(doc)s: the settled amount %(settled)s exceeds the open amount %(open)s.",
                    doc=name,
                    settled=currency.format(settled),
                    open=currency.format(residual),
                )
            )
        if not currency.is_zero(self.deduction_amount):
            if not self.deduction_reason_id:
                problems.append(self.env._("%(doc)s: a deduction needs a reason.", doc=name))
            elif not self.deduction_reason_id.with_company(self.company_id).account_id:
                problems.append(
                    self.env._(
                        "Deduction reason %(reason)s has no account in company %(company)s.",
                        reason=self.deduction_reason_id.display_name,
                        company=self.company_id.name,
                    )
                )
        return problems

    def _prepare_move_line_vals(self):
        """The item's lines in the settlement entry: the credit on the open item, then the deduction."""
        self.ensure_one()
        settlement = self.settlement_id
        aml = self.move_line_id
        document = self.document_id.name or aml.move_id.name
        common = {"currency_id": self.currency_id.id, "factoring_settlement_line_id": self.id}
        # At the rate of the posting date, as Odoo's payments do: reconciling a foreign-currency item then books the
        # realized exchange difference (Odoo's exchange difference entry).
        balance = -settlement._convert(self.amount_settled)
        vals_list = [
            {
                **common,
                "name": self.env._("%(settlement)s: %(doc)s", settlement=settlement.name, doc=document),
                "account_id": aml.account_id.id,
                "partner_id": aml.partner_id.id,
                "amount_currency": -self.amount_settled,
                "balance": balance,
                # Given, so that no analytic distribution model is searched for each of thousands of items.
                "analytic_distribution": False,
                "factoring_settlement_role": "item",
            }
        ]
        if not self.currency_id.is_zero(self.deduction_amount):
            reason = self.deduction_reason_id.with_company(self.company_id)
            vals_list.append(
                {
                    **common,
                    "name": self.env._("%(reason)s: %(doc)s", reason=reason.name, doc=document),
                    "account_id": reason.account_id.id,
                    "partner_id": self.partner_id.id,
                    "amount_currency": self.deduction_amount,
                    "balance": settlement._convert(self.deduction_amount),
                    "tax_ids": [Command.set(reason.tax_id.ids)],
                    "factoring_settlement_role": "deduction",
                }
            )
        return vals_list
