# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class FactoringSettlementCandidate(models.TransientModel):
    """Pick open items of the factor for a settlement.

    The rows of the checkbox list (``item_ids``: one per open item of the factor, with the tick) are made once, when
    the wizard is created (the settlement's *Add Open Items* creates it before opening it); a change of the filters
    shows the matching ones among them (``line_ids``, a search), it never makes rows again.
    """

    _name = "factoring.settlement.candidate"
    _description = "Add Open Items to a Factoring Settlement"
    _check_company_auto = True

    settlement_id = fields.Many2one("factoring.settlement", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="settlement_id.company_id")
    factor_id = fields.Many2one(related="settlement_id.factor_id")
    partner_ids = fields.Many2many("res.partner", string="Customers", help="Only items of these debtors.")
    date_from = fields.Date(string="Document Date From")
    date_to = fields.Date(string="Document Date To")
    document_number = fields.Char(help="Part of the document number or payment reference.")
    batch_name = fields.Char(
        string="Transfer Batch", help="Part of the number of the transfer batch the document was sent in."
    )
    batch_filter_available = fields.Boolean(compute="_compute_batch_filter_available")
    candidate_line_ids = fields.Many2many(
        "account.move.line", compute="_compute_candidate_line_ids", string="Candidates"
    )
    candidate_count = fields.Integer(compute="_compute_candidate_line_ids")
    move_line_ids = fields.Many2many(
        "account.move.line",
        "factoring_settlement_candidate_aml_rel",
        "wizard_id",
        "move_line_id",
        string="Selected Items",
        domain="[('id', 'in', candidate_line_ids)]",
        help="The items to add; leave empty and use 'Add All' to add every candidate.",
    )
    item_ids = fields.One2many(
        "factoring.settlement.candidate.line",
        "wizard_id",
        string="Open Items",
        readonly=True,
        help="One row per open item of the factor when the wizard was opened.",
    )
    line_ids = fields.Many2many(
        "factoring.settlement.candidate.line",
        string="Matching Open Items",
        compute="_compute_line_ids",
        readonly=False,  # the ticks are written on the rows
        help="Every open item matching the filters; tick the ones to add.",
    )
    selected_count = fields.Integer(compute="_compute_selected_count")

    @api.model_create_multi
    def create(self, vals_list):
        # EXTENDS base: the rows of the checkbox list are made once per wizard.
        wizards = super().create(vals_list)
        Line = self.env["factoring.settlement.candidate.line"]
        vals = []
        for wizard in wizards:
            items = self.env["account.move.line"].search(
                wizard.settlement_id._get_candidate_domain(), order="date_maturity, move_name, id"
            )
            vals += [
                {"wizard_id": wizard.id, "move_line_id": item.id, "sequence": sequence}
                for sequence, item in enumerate(items)
            ]
        Line.create(vals)
        return wizards

    def _compute_batch_filter_available(self):
        # The transfer batches of factoring_base are optional for the settlement: filter on them when they exist.
        available = "factoring_batch_line_ids" in self.env["account.move"]._fields
        for wizard in self:
            wizard.batch_filter_available = available

    def _get_filter_domain(self):
        self.ensure_one()
        domains = [self.settlement_id._get_candidate_domain()]
        if self.partner_ids:
            partners = self.partner_ids.commercial_partner_id
            domains.append(
                Domain("partner_id", "child_of", partners.ids)
                | Domain("factoring_source_move_id.partner_id", "child_of", partners.ids)
            )
        if self.date_from:
            domains.append(
                Domain("move_id.invoice_date", ">=", self.date_from)
                | Domain("factoring_source_move_id.invoice_date", ">=", self.date_from)
            )
        if self.date_to:
            domains.append(
                Domain("move_id.invoice_date", "<=", self.date_to)
                | Domain("factoring_source_move_id.invoice_date", "<=", self.date_to)
            )
        if self.document_number:
            number = self.document_number.strip()
            domains.append(
                Domain.OR(
                    [
                        [("move_id.name", "ilike", number)],
                        [("move_id.payment_reference", "ilike", number)],
                        [("factoring_source_move_id.name", "ilike", number)],
                        [("factoring_source_move_id.payment_reference", "ilike", number)],
                    ]
                )
            )
        if self.batch_name and self.batch_filter_available:
            batch_field = "factoring_batch_line_ids.batch_id.name"
            domains.append(
                Domain(f"move_id.{batch_field}", "ilike", self.batch_name)
                | Domain(f"factoring_source_move_id.{batch_field}", "ilike", self.batch_name)
                # the fees and retention the batch booked at transfer against the clearing account
                | (Domain("move_id", "in",
                          self.env["factoring.batch"].search([("name", "ilike", self.batch_name)]).fee_move_id.ids)
                   & Domain("account_id", "=", self.factor_id.clearing_account_id.id))
            )
        return Domain.AND(domains)

    @api.depends("settlement_id", "partner_ids", "date_from", "date_to", "document_number", "batch_name")
    def _compute_candidate_line_ids(self):
        for wizard in self:
            if not wizard.settlement_id:
                wizard.candidate_line_ids = False
                wizard.candidate_count = 0
                continue
            lines = self.env["account.move.line"].search(
                wizard._get_filter_domain(), order="date_maturity, move_name, id"
            )
            wizard.candidate_line_ids = lines
            wizard.candidate_count = len(lines)

    @api.depends("candidate_line_ids")
    def _compute_line_ids(self):
        Line = self.env["factoring.settlement.candidate.line"]
        for wizard in self:
            if not wizard._origin:
                wizard.line_ids = Line  # rows exist once the wizard is created
                continue
            # The wizard's own rows of the matching items (a form's changes are computed on a copy: its _origin).
            wizard.line_ids = Line.search(
                [("wizard_id", "=", wizard._origin.id), ("move_line_id", "in", wizard.candidate_line_ids.ids)]
            )

    # line_ids cannot be searched: a tick in the form modifies line_ids, a tick written on a row item_ids.
    @api.depends("line_ids", "item_ids.selected", "move_line_ids")
    def _compute_selected_count(self):
        for wizard in self:
            wizard.selected_count = len(wizard._get_selected_move_lines())

    def _get_selected_move_lines(self):
        self.ensure_one()
        return self.line_ids.filtered("selected").move_line_id | self.move_line_ids

    def action_add_selected(self):
        self.ensure_one()
        selected = self._get_selected_move_lines()
        if not selected:
            raise UserError(self.env._("Select the items to add, or add all candidates."))
        return self._add(selected & self.candidate_line_ids)

    def action_add_all(self):
        self.ensure_one()
        if not self.candidate_line_ids:
            raise UserError(self.env._("No open item of the factor matches the filters."))
        return self._add(self.candidate_line_ids)

    def _add(self, move_lines):
        self.settlement_id._add_move_lines(move_lines)
        return {"type": "ir.actions.act_window_close"}


class FactoringSettlementCandidateLine(models.TransientModel):
    _name = "factoring.settlement.candidate.line"
    _description = "Open Item Offered to a Factoring Settlement"
    _order = "sequence, id"

    wizard_id = fields.Many2one("factoring.settlement.candidate", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(help="Position in the list: by due date, then document.")
    selected = fields.Boolean(string="Add")
    move_line_id = fields.Many2one("account.move.line", string="Open Item", required=True, ondelete="cascade")
    document_id = fields.Many2one(
        "account.move",
        compute="_compute_document",
        help="The invoice or credit note of the item (on the clearing account: the document rebooked to the factor).",
    )
    partner_id = fields.Many2one("res.partner", string="Debtor", compute="_compute_document")
    document_name = fields.Char(related="document_id.name", string="Document Number")
    date_maturity = fields.Date(related="move_line_id.date_maturity", string="Due Date")
    account_id = fields.Many2one(related="move_line_id.account_id", string="Account")
    currency_id = fields.Many2one(related="move_line_id.currency_id", string="Currency")
    amount_open = fields.Monetary(
        related="move_line_id.amount_residual_currency", string="Open", help="Open amount of the item, in its currency."
    )

    @api.depends("move_line_id")
    def _compute_document(self):
        # Clearing-account lines carry the factor as partner: the debtor is the rebooked document's customer.
        for line in self:
            document = line.move_line_id.factoring_source_move_id or line.move_line_id.move_id
            line.document_id = document
            line.partner_id = document.partner_id.commercial_partner_id
