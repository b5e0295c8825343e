# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .factoring_statement_mapping import normalize

# Mapping field -> what the column of a return file holds.
RETURN_COLUMNS = {
    "column_document": "document number",
    "column_answer": "answer",
    "column_answer_reason": "reason of a rejection",
    "column_answer_date": "date of the answer",
    "column_debtor": "debtor number",
    "column_limit": "debtor limit",
}


class FactoringStatementMapping(models.Model):
    _inherit = "factoring.statement.mapping"

    column_answer = fields.Char(
        string="Answer Column",
        default="Status",
        help="The factor's answer per document: one of the accepted or rejected values below.",
    )
    column_answer_reason = fields.Char(string="Rejection Reason Column", default="Reason")
    column_answer_date = fields.Char(
        string="Answer Date Column", default="Date", help="Empty cell or no column: the day of the import."
    )
    column_debtor = fields.Char(
        string="Debtor Number Column",
        default="Debtor",
        help="The debtor number at the factor (the customer's Debtor Number at Factor), for the limit.",
    )
    column_limit = fields.Char(
        string="Debtor Limit Column",
        default="Limit",
        help="The limit the factor grants the debtor; it becomes the customer's Factor Credit Limit.",
    )
    accepted_values = fields.Char(
        default="accepted, purchased, angekauft, A",
        help="Values of the answer column that mean accepted (purchased), separated by commas; case-insensitive.",
    )
    rejected_values = fields.Char(
        default="rejected, abgelehnt, R",
        help="Values of the answer column that mean rejected, separated by commas; case-insensitive.",
    )

    def _get_mapped_columns(self):
        # EXTENDS factoring_settlement: a return file has its own columns.
        if self.kind == "return":
            return RETURN_COLUMNS
        return super()._get_mapped_columns()

    @api.constrains(*RETURN_COLUMNS, "accepted_values", "rejected_values")
    def _check_return_columns(self):
        self._check_columns()
        for mapping in self.filtered(lambda mapping: mapping.kind == "return"):
            both = set(mapping._get_answer_values("accepted")) & set(mapping._get_answer_values("rejected"))
            if both or not (mapping.column_answer or "").strip():
                raise ValidationError(
                    self.env._(
                        "Return file mapping %(mapping)s needs an answer column, and a value cannot mean both "
                        "accepted and rejected: %(values)s",
                        mapping=mapping.name,
                        values=", ".join(sorted(both)) or "-",
                    )
                )

    def _get_answer_values(self, answer):
        """The normalized cell values that mean ``answer`` (accepted or rejected)."""
        self.ensure_one()
        text = self.accepted_values if answer == "accepted" else self.rejected_values
        return [normalize(value) for value in (text or "").split(",") if value.strip()]

    def _parse_answer(self, value):
        """accepted, rejected, or None when the value means neither."""
        key = normalize(value)
        for answer in ("accepted", "rejected"):
            if key and key in self._get_answer_values(answer):
                return answer
        return None
