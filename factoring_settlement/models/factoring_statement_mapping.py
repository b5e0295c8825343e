# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import unicodedata
from decimal import Decimal
from itertools import takewhile

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


def _is_mark(char):
    return char.isalpha() or unicodedata.category(char) == "Sc"


def _is_currency(mark):
    """A currency code (EUR, CHF) or symbol (€, $)."""
    if len(mark) == 3 and mark.isascii() and mark.isalpha() and mark.isupper():
        return True
    return bool(mark) and all(unicodedata.category(char) == "Sc" for char in mark)


def _strip_currency(text):
    """``text`` without a currency code or symbol before or after it."""
    head = "".join(takewhile(_is_mark, text))
    if _is_currency(head):
        text = text[len(head) :]
    tail = "".join(takewhile(_is_mark, reversed(text)))[::-1]
    if _is_currency(tail):
        text = text[: len(text) - len(tail)]
    return text


def parse_amount(value, decimal_separator=",", thousands_separator="."):
    """A statement cell as a float; None for an empty cell; ValueError when it is no amount.

    Numbers (XLSX) are taken as they are. Text is read with the given separators: the thousands separator only
    between groups of three digits, spaces and apostrophes anywhere as further grouping; a currency code (EUR) or
    symbol (€) before or after the number is dropped; a minus before or after it or parentheses make it negative.
    """
    if value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    text = "".join(char for char in str(value) if not char.isspace() and char != "'")
    negative = text.startswith("(") and text.endswith(")")
    text = _strip_currency(text[1:-1] if negative else text)
    if not text:
        return None
    if text[0] in "+-":
        negative ^= text[0] == "-"
        text = _strip_currency(text[1:])
    elif text[-1] == "-":
        negative = not negative
        text = _strip_currency(text[:-1])
    integer, _point, fraction = text.partition(decimal_separator)
    groups = integer.split(thousands_separator) if thousands_separator in (".", ",") else [integer]
    digits = "".join(groups) + fraction
    if (
        not (digits.isascii() and digits.isdigit())
        or (len(groups) > 1 and not (0 < len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])))
    ):
        raise ValueError(value)
    amount = float(Decimal(f"{''.join(groups) or 0}.{fraction or 0}"))
    return -amount if negative else amount


def parse_date(value, date_format="%d.%m.%Y"):
    """A cell as a date; None for an empty cell; ValueError when it is no date in ``date_format``.

    Dates (XLSX) are taken as they are; text is read with the format (``strftime`` codes, e.g. ``%d.%m.%Y``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.datetime.strptime(str(value).strip(), date_format).date()



def normalize(number):
    """A document number, title or code as compared: without spaces, case-insensitive."""
    return "".join(str(number or "").split()).casefold()

class FactoringStatementMapping(models.Model):
    _name = "factoring.statement.mapping"
    _description = "Factoring Statement Column Mapping"
    _order = "factor_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, default=lambda self: self.env._("Statement"))
    kind = fields.Selection(
        [("statement", "Settlement statement"), ("return", "Return file")],
        string="File",
        default="statement",
        required=True,
        help="Which of the factor's files the mapping reads: its settlement statement, or its return file (its "
        "answer to a transfer: documents accepted or rejected, debtor limits).",
    )
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
    thousands_separator = fields.Selection(
        [(".", "Point (1.234.567)"), (",", "Comma (1,234,567)"), ("none", "None (1234567)")],
        compute="_compute_thousands_separator",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="Thousands separator of amounts written as text, only between groups of three digits. Spaces and "
        "apostrophes are read as thousands separators too; a currency code or symbol before or after the amount is "
        "ignored.",
    )

    date_format = fields.Char(
        default="%d.%m.%Y",
        required=True,
        help="How dates written as text are read, in strftime codes: %d.%m.%Y for 31.12.2026, %Y-%m-%d for "
        "2026-12-31, %Y%m%d for 20261231. Date cells of XLSX files are taken as they are.",
    )

    _header_row_positive = models.Constraint("CHECK(header_row >= 0)", "The header row cannot be negative.")
    _separators_differ = models.Constraint(
        "CHECK(thousands_separator != decimal_separator)",
        "The thousands separator must differ from the decimal separator.",
    )

    @api.depends("decimal_separator")
    def _compute_thousands_separator(self):
        for mapping in self:
            mapping.thousands_separator = "." if mapping.decimal_separator == "," else ","

    @api.constrains("header_row", "kind", *MAPPED_COLUMNS)
    def _check_columns(self):
        for mapping in self:
            if mapping.header_row:
                continue  # columns given by title are checked against the file's title row at import
            bad = [
                f"{mapping._fields[fname].string}: {mapping[fname]}"
                for fname in mapping._get_mapped_columns()
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

    def _get_mapped_columns(self):
        """The mapping's column fields for its kind of file: {field name: what the column holds}, in the order of
        the import's result."""
        self.ensure_one()
        return MAPPED_COLUMNS

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

    def _parse_amount(self, value):
        """A cell of the statement as a float, read with the mapping's separators (see parse_amount)."""
        self.ensure_one()
        return parse_amount(value, self.decimal_separator, self.thousands_separator)

    def _parse_date(self, value):
        """A cell of the file as a date, read with the mapping's date format (see parse_date)."""
        self.ensure_one()
        return parse_date(value, self.date_format)
