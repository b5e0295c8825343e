# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import errors as pg_errors

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..models.account_move import FACTORING_MOVE_TYPES


class FactoringTransfer(models.TransientModel):
    _name = "factoring.transfer"
    _description = "Transfer to Factor"

    # No check_company: the wizard's company comes from the factor, so a company check would offer no factor at all
    # before one is chosen. The factors' multi-company record rule limits the choice to the active companies.
    factor_id = fields.Many2one("factoring.factor", required=True)
    company_id = fields.Many2one(related="factor_id.company_id")
    cutoff_date = fields.Date(
        string="Cut-off Date",
        required=True,
        default=fields.Date.context_today,
        help="Documents dated after this day wait for a later transfer.",
    )
    date = fields.Date(string="Transfer Date", required=True, default=fields.Date.context_today)
    restrict_move_ids = fields.Many2many(
        "account.move",
        string="Only These Documents",
        help="Limit the transfer to these documents (the ones selected in the list).",
    )
    line_ids = fields.One2many(
        "factoring.transfer.line",
        compute="_compute_line_ids",
        help="Every candidate document, with the reason it is left out (shown, never stored).",
    )
    selected_line_ids = fields.One2many(
        "factoring.transfer.line", compute="_compute_summary", string="Documents to Transfer"
    )
    excluded_line_ids = fields.One2many("factoring.transfer.line", compute="_compute_summary", string="Left Out")
    selected_count = fields.Integer(compute="_compute_summary")
    excluded_count = fields.Integer(compute="_compute_summary")
    summary = fields.Text(compute="_compute_summary")
    confirm = fields.Boolean(string="Confirm Immediately", help="Confirm the new batches right away.")

    @api.model
    def default_get(self, fields_list):
        # EXTENDS base: started from selected invoices, the wizard is limited to them.
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "account.move" and self.env.context.get("active_ids"):
            moves = self.env["account.move"].browse(self.env.context["active_ids"])
            factors = moves.factor_id
            if len(factors) > 1:
                raise UserError(
                    self.env._("Select documents of one factor at a time; the selection has: %(factors)s.",
                               factors=", ".join(factors.mapped("display_name")))
                )
            if not factors:
                raise UserError(self.env._("None of the selected documents is assigned to a factor."))
            res["factor_id"] = factors.id
            res["restrict_move_ids"] = [Command.set(moves.ids)]
        return res

    # ------------------------------------------------------------------
    # Candidates and reasons
    # ------------------------------------------------------------------
    def _get_candidate_domain(self):
        self.ensure_one()
        factor = self.factor_id
        domain = Domain.AND(
            [
                [("company_id", "=", factor.company_id.id), ("move_type", "in", FACTORING_MOVE_TYPES)],
                Domain.OR(
                    [
                        [("factor_id", "=", factor.id), ("state", "=", "draft")],
                        [("factor_id", "=", factor.id), ("factoring_state", "=", "to_transfer")],
                        [
                            ("factor_id", "=", False),
                            ("state", "=", "posted"),
                            ("payment_state", "in", ("not_paid", "partial")),
                            ("commercial_partner_id.factor_id", "=", factor.id),
                        ],
                    ]
                ),
            ]
        )
        if self.restrict_move_ids:
            domain &= Domain("id", "in", self.restrict_move_ids.ids)
        return domain

    def _get_exclusion_reason(self, move, active_lines):
        """Why ``move`` is left out of the transfer, or False when it goes."""
        factor = self.factor_id
        partner = move.commercial_partner_id
        if move.state != "posted":
            return self.env._("Not posted")
        if move.factor_id != factor:
            return self.env._("The customer was assigned to the factor after posting: the document has no factor")
        if partner.factor_blocked:
            return self.env._("Customer blocked for transfers")
        if move.invoice_date and move.invoice_date > self.cutoff_date:
            return self.env._("Dated after the cut-off date")
        if move.currency_id != factor.currency_id and factor.currency_policy == "refuse":
            return self.env._("In %(currency)s: the factor takes %(factor_currency)s only",
                              currency=move.currency_id.name, factor_currency=factor.currency_id.name)
        if move.currency_id.is_zero(move.amount_residual):
            return self.env._("Nothing open (zero amount, paid or reversed)")
        if move in active_lines:
            return self.env._("Already in batch %(batch)s", batch=active_lines[move].batch_id.name)
        return False

    def _get_candidates(self):
        """Return ``[(move, reason or False)]`` for every candidate document, evaluated now."""
        self.ensure_one()
        if not (self.factor_id and self.cutoff_date):
            return []
        factor_env = self.with_company(self.factor_id.company_id).env
        moves = factor_env["account.move"].search(self._get_candidate_domain(), order="invoice_date, name, id")
        active_lines = {
            line.move_id: line
            for line in factor_env["factoring.batch.line"].search(
                [("move_id", "in", moves.ids), ("batch_state", "!=", "cancelled")]
            )
        }
        return [(move, self._get_exclusion_reason(move, active_lines)) for move in moves]

    @api.depends("factor_id", "cutoff_date", "restrict_move_ids")
    def _compute_line_ids(self):
        Line = self.env["factoring.transfer.line"]
        for wizard in self:
            # One concatenation: ``lines |= ...`` in the loop copies the growing set each time (quadratic).
            wizard.line_ids = Line.concat(
                *(Line.new({"move_id": move.id, "reason": reason}) for move, reason in wizard._get_candidates())
            )

    @api.depends("line_ids")
    def _compute_summary(self):
        for wizard in self:
            selected = wizard.line_ids.filtered(lambda line: not line.reason)
            wizard.selected_line_ids = selected
            wizard.excluded_line_ids = wizard.line_ids - selected
            wizard.selected_count = len(selected)
            wizard.excluded_count = len(wizard.line_ids) - len(selected)
            parts = []
            for currency, lines in selected.grouped("currency_id").items():
                invoices = lines.filtered(lambda line: line.move_id.move_type == "out_invoice")
                refunds = lines - invoices
                parts.append(
                    self.env._(
                        "%(currency)s: %(invoices)s invoices (%(inv_amount)s), %(refunds)s credit notes "
                        "(%(ref_amount)s)",
                        currency=currency.name,
                        invoices=len(invoices),
                        inv_amount=currency.format(sum(invoices.mapped("amount_residual"))),
                        refunds=len(refunds),
                        ref_amount=currency.format(sum(refunds.mapped("amount_residual"))),
                    )
                )
            wizard.summary = "\n".join(parts)

    # ------------------------------------------------------------------
    # Batch creation
    # ------------------------------------------------------------------
    def _lock_moves(self, moves):
        """Lock the documents; the ones another transaction holds are skipped (that one transfers them)."""
        if not moves:
            return moves
        self.env.cr.execute(
            "SELECT id FROM account_move WHERE id IN %s FOR UPDATE SKIP LOCKED", [tuple(moves.ids)]
        )
        locked_ids = {row[0] for row in self.env.cr.fetchall()}
        return moves.filtered(lambda move: move.id in locked_ids)

    def _prepare_batch_vals(self, currency, moves):
        self.ensure_one()
        return {
            "factor_id": self.factor_id.id,
            "currency_id": currency.id,
            "date": self.date,
            "cutoff_date": self.cutoff_date,
            "line_ids": [Command.create({"move_id": move.id}) for move in moves],
        }

    def _create_batches(self):
        self.ensure_one()
        moves = self.env["account.move"].union(*[move for move, reason in self._get_candidates() if not reason])
        if not moves:
            raise UserError(
                self.env._("There is nothing to transfer to %(factor)s up to %(date)s.",
                           factor=self.factor_id.display_name, date=self.cutoff_date)
            )
        locked = self._lock_moves(moves)
        busy = moves - locked
        if busy:
            raise UserError(
                self.env._(
                    "Another user is transferring some of these documents right now: %(docs)s. "
                    "Try again in a moment.",
                    docs=", ".join(busy.mapped("display_name")),
                )
            )
        batches = self.env["factoring.batch"]
        try:
            with self.env.cr.savepoint():
                batches = batches.create(
                    [
                        self._prepare_batch_vals(currency, currency_moves)
                        for currency, currency_moves in locked.grouped("currency_id").items()
                    ]
                )
                batches.flush_recordset()
                batches.line_ids.flush_recordset()
        except pg_errors.UniqueViolation as err:
            raise UserError(
                self.env._(
                    "Some of these documents were put into another batch in the meantime. "
                    "Open the transfer again to see what is left."
                )
            ) from err
        return batches

    def action_create_batches(self):
        self.ensure_one()
        batches = self._create_batches()
        if self.confirm:
            batches.action_confirm()
        action = self.env["ir.actions.act_window"]._for_xml_id("factoring_base.action_factoring_batch")
        if len(batches) == 1:
            action.update({"view_mode": "form", "views": [(False, "form")], "res_id": batches.id})
        else:
            action["domain"] = [("id", "in", batches.ids)]
        return action


class FactoringTransferLine(models.TransientModel):
    _name = "factoring.transfer.line"
    _description = "Transfer to Factor: Document"
    _order = "reason desc, invoice_date, id"

    wizard_id = fields.Many2one("factoring.transfer", ondelete="cascade")
    move_id = fields.Many2one("account.move", string="Document", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="move_id.commercial_partner_id", string="Customer")
    invoice_date = fields.Date(related="move_id.invoice_date")
    date_due = fields.Date(related="move_id.invoice_date_due", string="Due Date")
    move_type = fields.Selection(related="move_id.move_type", string="Type")
    currency_id = fields.Many2one(related="move_id.currency_id")
    amount_total = fields.Monetary(related="move_id.amount_total", string="Total")
    amount_residual = fields.Monetary(related="move_id.amount_residual", string="Open")
    reason = fields.Char(string="Left Out Because", help="Empty when the document is transferred.")
