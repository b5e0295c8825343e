# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class FactoringSettlementCandidate(models.TransientModel):
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

    def action_add_selected(self):
        self.ensure_one()
        if not self.move_line_ids:
            raise UserError(self.env._("Select the items to add, or add all candidates."))
        return self._add(self.move_line_ids & self.candidate_line_ids)

    def action_add_all(self):
        self.ensure_one()
        if not self.candidate_line_ids:
            raise UserError(self.env._("No open item of the factor matches the filters."))
        return self._add(self.candidate_line_ids)

    def _add(self, move_lines):
        self.settlement_id._add_move_lines(move_lines)
        return {"type": "ir.actions.act_window_close"}
