# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError


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
    date = fields.Date(
        string="Transfer Date",
        required=True,
        default=fields.Date.context_today,
        help="Date of the transfer: the file's creation date and the accounting date of the rebooking entry.",
    )
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
    # Candidates and reasons (the factor's transfer rules)
    # ------------------------------------------------------------------
    def _get_candidates(self):
        """Return ``[(move, reason or False)]`` for every candidate document, evaluated now."""
        self.ensure_one()
        if not (self.factor_id and self.cutoff_date):
            return []
        return self.factor_id._get_transfer_candidates(self.cutoff_date, self.restrict_move_ids or None)

    @api.depends("factor_id", "cutoff_date", "restrict_move_ids")
    def _compute_line_ids(self):
        Line = self.env["factoring.transfer.line"]
        for wizard in self:
            candidates = wizard._get_candidates()
            going = self.env["account.move"].union(*[move for move, reason in candidates if not reason])
            notes = wizard.factor_id._get_transfer_notes(going) if going else {}
            # One concatenation: ``lines |= ...`` in the loop copies the growing set each time (quadratic).
            wizard.line_ids = Line.concat(
                *(
                    Line.new({"move_id": move.id, "reason": reason, "note": notes.get(move, False)})
                    for move, reason in candidates
                )
            )

    @api.depends("line_ids")
    def _compute_summary(self):
        for wizard in self:
            selected = wizard.line_ids.filtered(lambda line: not line.reason)
            wizard.selected_line_ids = selected
            wizard.excluded_line_ids = wizard.line_ids - selected
            wizard.selected_count = len(selected)
            wizard.excluded_count = len(wizard.line_ids) - len(selected)
            wizard.summary = wizard._format_totals(selected.move_id)

    def _format_totals(self, moves):
        """Per currency: how many invoices and credit notes of ``moves`` go, and their open amounts."""
        parts = []
        for currency, documents in moves.grouped("currency_id").items():
            invoices = documents.filtered(lambda move: move.move_type == "out_invoice")
            refunds = documents - invoices
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
        return "\n".join(parts)

    # ------------------------------------------------------------------
    # Batch creation (the factor's service, as the scheduled transfer does)
    # ------------------------------------------------------------------
    def _create_batches(self):
        self.ensure_one()
        batches = self.factor_id._create_transfer_batches(
            self.cutoff_date, date=self.date, moves=self.restrict_move_ids or None
        )
        if not batches:
            raise UserError(
                self.env._("There is nothing to transfer to %(factor)s up to %(date)s.",
                           factor=self.factor_id.display_name, date=self.cutoff_date)
            )
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
    move_name = fields.Char(related="move_id.name", string="Number")
    partner_id = fields.Many2one(related="move_id.commercial_partner_id", string="Customer")
    invoice_date = fields.Date(related="move_id.invoice_date")
    date_due = fields.Date(related="move_id.invoice_date_due", string="Due Date")
    move_type = fields.Selection(related="move_id.move_type", string="Type")
    currency_id = fields.Many2one(related="move_id.currency_id")
    amount_total = fields.Monetary(related="move_id.amount_total", string="Total")
    amount_residual = fields.Monetary(related="move_id.amount_residual", string="Open")
    # Text: a long reason (a DFB field, a Swiss UID...) wraps in the list instead of being cut off.
    reason = fields.Text(string="Left Out Because", help="Empty when the document is transferred.")
    note = fields.Char(help="What to know about a document that goes, e.g. where its debtor number comes from.")
