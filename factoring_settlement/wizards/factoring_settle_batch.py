# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class FactoringSettleBatch(models.TransientModel):
    """Settle Batch: one bank receipt of the factor against every open item of one transfer batch.

    Opened from a confirmed batch (the batch given, a bank transaction of the factor with the expected payout
    proposed) or from a bank transaction (the transaction given, the factor's batch whose expected payout it pays
    proposed). *Open Settlement* makes the draft settlement, or opens the one the batch already has; posting it books
    and reconciles everything at once."""

    _name = "factoring.settle.batch"
    _description = "Settle Factoring Batch"

    statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        string="Bank Transaction",
        compute="_compute_statement_line_id",
        store=True,
        readonly=False,
        domain="[('company_id', '=', company_id), ('is_reconciled', '=', False), "
        "('journal_id.type', 'in', ('bank', 'cash')), "
        "'|', ('partner_id', '=', False), ('partner_id', 'in', factor_partner_ids)]",
        help="The factor's payment for the batch. Without one, the settlement's amount to settle is the expected "
        "payout; choose the transaction later on the settlement.",
    )
    batch_id = fields.Many2one(
        "factoring.batch",
        string="Transfer Batch",
        compute="_compute_batch_id",
        store=True,
        readonly=False,
        domain="[('company_id', '=', company_id), ('state', 'in', ('confirmed', 'sent'))]",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    factor_id = fields.Many2one(related="batch_id.factor_id")
    factor_partner_ids = fields.Many2many(
        "res.partner", compute="_compute_factor_partner_ids", string="Factor Partners",
        help="Whose bank transactions are offered: the batch's factor, or without a batch every factor.",
    )
    currency_id = fields.Many2one(related="batch_id.currency_id")
    amount_payout = fields.Monetary(related="batch_id.amount_payout")
    amount_open_at_factor = fields.Monetary(related="batch_id.amount_open_at_factor")
    amount_paid = fields.Monetary(
        compute="_compute_amount_paid", string="Amount Received",
        help="The bank transaction's amount, in the batch currency.",
    )
    amount_difference = fields.Monetary(
        compute="_compute_amount_paid", string="Difference",
        help="Amount received less what is open at the factor for the batch: book it as deductions or other items "
        "of the settlement before posting.",
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "account.bank.statement.line" and self.env.context.get("active_id"):
            st_line = self.env["account.bank.statement.line"].browse(self.env.context["active_id"])
            res.update({"statement_line_id": st_line.id, "company_id": st_line.company_id.id})
        return res

    @api.depends("batch_id", "company_id")
    def _compute_factor_partner_ids(self):
        for wizard in self:
            factors = wizard.batch_id.factor_id or self.env["factoring.factor"].search(
                [("company_id", "=", wizard.company_id.id)]
            )
            wizard.factor_partner_ids = factors.partner_id

    @api.depends("batch_id")
    def _compute_statement_line_id(self):
        """Propose an open bank transaction of the factor that pays the batch's open amount exactly."""
        for wizard in self:
            batch = wizard.batch_id
            if wizard.statement_line_id or not batch:
                wizard.statement_line_id = wizard.statement_line_id
                continue
            candidates = self.env["account.bank.statement.line"].search(
                Domain.AND([
                    [("company_id", "=", batch.company_id.id), ("is_reconciled", "=", False)],
                    [("partner_id", "=", batch.factor_id.partner_id.id)],
                ]),
                order="date desc, id desc",
            )
            wizard.statement_line_id = candidates.filtered(
                lambda st_line, w=wizard: w.currency_id.compare_amounts(
                    w._get_paid_amount(st_line), w.batch_id.amount_open_at_factor
                ) == 0
            )[:1]

    @api.depends("statement_line_id")
    def _compute_batch_id(self):
        """Propose the factor's batch whose open amount the bank transaction pays (else its latest open batch)."""
        for wizard in self:
            st_line = wizard.statement_line_id
            if wizard.batch_id or not st_line:
                wizard.batch_id = wizard.batch_id
                continue
            factors = self.env["factoring.factor"].search([
                ("company_id", "=", st_line.company_id.id),
                ("partner_id", "=", st_line.partner_id.commercial_partner_id.id),
            ]) if st_line.partner_id else self.env["factoring.factor"].search(
                [("company_id", "=", st_line.company_id.id)]
            )
            batches = self.env["factoring.batch"].search(
                [("factor_id", "in", factors.ids), ("state", "in", ("confirmed", "sent"))], order="date desc, id desc"
            ).filtered("amount_open_at_factor")
            matching = batches.filtered(
                lambda batch, w=wizard, st_line=st_line: batch.currency_id.compare_amounts(
                    w._get_paid_amount(st_line, batch.currency_id), batch.amount_open_at_factor
                ) == 0
            )
            wizard.batch_id = matching[:1] or batches[:1]

    @api.depends("statement_line_id", "batch_id")
    def _compute_amount_paid(self):
        for wizard in self:
            paid = wizard._get_paid_amount(wizard.statement_line_id) if wizard.statement_line_id else 0.0
            wizard.amount_paid = paid
            wizard.amount_difference = (
                wizard.currency_id.round(paid - wizard.amount_open_at_factor) if wizard.statement_line_id else 0.0
            )

    def _get_paid_amount(self, st_line, currency=None):
        """The transaction's amount in ``currency`` (default: the batch's), as the settlement takes it."""
        currency = currency or self.currency_id
        if st_line.foreign_currency_id and st_line.foreign_currency_id == currency:
            return st_line.amount_currency
        return st_line.amount

    def action_open_settlement(self):
        """Open the draft settlement of the batch (with the bank transaction): the one it already has, else a new
        one."""
        self.ensure_one()
        if not self.batch_id:
            raise UserError(self.env._("Choose the transfer batch the factor paid."))
        settlement = self.batch_id._open_settlement(statement_line=self.statement_line_id)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Settlement"),
            "res_model": "factoring.settlement",
            "view_mode": "form",
            "res_id": settlement.id,
        }
