# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Mapping field -> what the column holds. The order is the order of the result table of the import.
MAPPED_COLUMNS = {
    "column_document": "document number",
    "column_amount": "settled amount",
    "column_fee": "factor fee",
    "column_retention": "security retention",
    "column_deduction": "deduction",
    "column_reason": "deduction reason",
}
MAX_XLSX_COLUMN = 16384  # XFD


class FactoringStatementMapping(models.Model):
    _name = "factoring.statement.mapping"
    _description = "Factoring Statement Column Mapping"
    _order = "factor_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, default=lambda self: self.env._("Statement"))
    factor_id = fields.Many2one("factoring.factor", required=True, index=True, ondelete="cascade", check_company=True)
    company_id = fields.Many2one(related="factor_id.company_id", store=True, index=True)
    header_row = fields.Integer(
        default=1,
        required=True,
        help="Number of the row that holds the column titles (1 = first row). Data rows follow it. "
        "0: the file has no title row; the columns are then given by number.",
    )
    column_document = fields.Char(
        string="Document Number Column",
        required=True,
        default="Document",
        help="Column title (case-insensitive) or column number (1 = first column, also A, B, ... for XLSX) of "
        "the document number. The same applies to every column below; leave a column empty if the file has none.",
    )
    column_amount = fields.Char(
        string="Amount Column",
        default="Amount",
        help="Settled amount of the document (credited on the open item). Empty cell: the whole open amount.",
    )
    column_fee = fields.Char(string="Fee Column", default="Fee")
    column_retention = fields.Char(string="Retention Column", default="Retention")
    column_deduction = fields.Char(string="Deduction Column", default="Deduction")
    column_reason = fields.Char(
        string="Deduction Reason Column",
        default="Reason",
        help="Code or name of the deduction reason.",
    )
    csv_delimiter = fields.Char(string="CSV Delimiter", default=";", required=True, size=1)
    csv_encoding = fields.Char(string="CSV Encoding", default="utf-8-sig", required=True)
    decimal_separator = fields.Selection(
        [(",", "Comma (1.234,56)"), (".", "Point (1,234.56)")],
        default=",",
        required=True,
        help="Decimal separator of amounts written as text (CSV files, text cells of XLSX files).",
    )

    _header_row_positive = models.Constraint("CHECK(header_row >= 0)", "The header row cannot be negative.")

    @api.constrains("header_row", *MAPPED_COLUMNS)
    def _check_columns(self):
        for mapping in self:
            if mapping.header_row:
                continue  # columns given by title are checked against the file's title row at import
            bad = [
                f"{mapping._fields[fname].string}: {mapping[fname]}"
                for fname in MAPPED_COLUMNS
                if (mapping[fname] or "").strip() and mapping._get_column_position(mapping[fname]) is None
            ]
            if bad:
                raise ValidationError(
                    self.env._(
                        "Mapping %(mapping)s has no title row: give its columns by number (1 = first column) or by "
                        "letter (A to XFD). Invalid: %(columns)s",
                        mapping=mapping.name,
                        columns=", ".join(bad),
                    )
                )

    def _get_column_position(self, spec):
        """The column (0 = first) a specification names by number or letter, None if it names none that way.

        The one rule for columns given by position, used by the constraint and by the import: a number from 1 on;
        without a title row also a letter as in a spreadsheet, from A to XFD (the last column of an XLSX sheet).
        With a title row, letters are titles, never positions.
        """
        self.ensure_one()
        spec = (spec or "").strip()
        if spec.isascii() and spec.isdigit() and int(spec) > 0:
            return int(spec) - 1
        if not self.header_row and spec.isascii() and spec.isalpha() and len(spec) <= 3:
            position = 0
            for letter in spec.upper():
                position = position * 26 + ord(letter) - ord("A") + 1
            if position <= MAX_XLSX_COLUMN:
                return position - 1
        return None
