# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A.B.S. Factoring Excel workbooks (debtors, documents), independent of Odoo.

The Odoo glue turns records into plain dicts; this module validates them and writes the two workbooks with
xlsxwriter. Each workbook's layout (column order, German header, value kind, row dict key, width, required flag)
lives in ONE declarative table, ``DEBTOR_COLUMNS`` and ``DOCUMENT_COLUMNS``: a column change is a data change.

Row dict contract
=================
Every key below must be present (extra keys are ignored). A value is *empty* when it is ``None``, ``False``
(what Odoo returns for an unset field) or a blank string; empty cells are left blank in the workbook.

Debtor rows (``write_debtors``, ``validate_debtors``):

==============  =========================================================================================
debtor_ref      debtor number at the factor (str or int, written as text), required, unique in the file
name            name, required
name2           additional name (Namenszusatz)
street          street and house number, required
zip             postal code (str or int, written as text), required
city            city, required
country         ISO 3166-1 alpha-2 code, e.g. ``"CH"``, required
uid             Swiss company UID in any notation (``CHE116281710``, ``CHE-116.281.710 MWST``,
                ``116.281.710``), written as ``CHE-116.281.710``; required for Swiss companies (country CH and
                is_company), validated whenever the debtor is Swiss or the value starts with ``CHE``; for other
                countries an optional company ID written as given
vat             VAT number, written as given
lang            language code as the factor expects it (e.g. ``"DE"``)
phone           phone number
email           e-mail address
credit_limit    credit limit (Decimal, float or int; not negative)
is_company      bool, True when the debtor is a company (not a column; drives the UID requirement)
==============  =========================================================================================

Document rows (``write_documents``, ``validate_documents``):

==============  =========================================================================================
doc_type        ``"invoice"`` or ``"credit_note"``, written as "Rechnung" / "Gutschrift", required
number          document number, required, unique in the file
date            document date (``datetime.date``; a ``datetime`` is cut to its date; ISO string accepted),
                required
due_date        due date, same types, required
debtor_ref      debtor number at the factor, required
debtor_name     debtor name, required
currency        ISO 4217 code, e.g. ``"CHF"``, ``"EUR"``, required
amount_total    gross amount, required
amount_tax      VAT amount, required
amount_untaxed  net amount, required
origin_number   number of the original invoice (credit notes), optional
ref             customer reference, optional
==============  =========================================================================================

Amounts are Decimal, float or int, unsigned (the document type carries the sign, as Odoo's ``amount_total``),
rounded half-up to cents and written as floats; total must equal net plus VAT after rounding.

Validation collects ALL problems (``Problem``) before anything is written; the writers raise ``AbsExportError``
(a ``ValueError``) carrying the whole list, so a file is either complete and valid or not written at all.
"""

import contextlib
import datetime
import io
import math
import re
import tempfile
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

import xlsxwriter
from stdnum import exceptions as stdnum_exceptions
from stdnum.ch import uid as ch_uid

__all__ = [
    "DEBTOR_COLUMNS",
    "DEBTOR_KEYS",
    "DEBTOR_SHEET",
    "DOCUMENT_COLUMNS",
    "DOCUMENT_KEYS",
    "DOCUMENT_SHEET",
    "DOC_TYPE_LABELS",
    "NUMBER_FORMATS",
    "AbsExportError",
    "Column",
    "Problem",
    "format_uid",
    "is_swiss_company",
    "validate_debtors",
    "validate_documents",
    "write_debtors",
    "write_documents",
]


class Column(NamedTuple):
    """One column of a workbook layout."""

    header: str  # German header as the factor expects it
    key: str  # key in the row dict
    kind: str  # value kind, a key of NUMBER_FORMATS
    width: float  # column width in Excel character units
    required: bool = False


# fmt: off
DEBTOR_SHEET = "Debitoren"
DEBTOR_COLUMNS = (
    #      header              key               kind        width  required
    Column("Debitorennummer",  "debtor_ref",     "text",     18,    True),
    Column("Name",             "name",           "text",     40,    True),
    Column("Namenszusatz",     "name2",          "text",     30),
    Column("Strasse",          "street",         "text",     35,    True),
    Column("PLZ",              "zip",            "text",     8,     True),
    Column("Ort",              "city",           "text",     25,    True),
    Column("Land",             "country",        "country",  8,     True),
    Column("UID",              "uid",            "uid",      17),
    Column("MWST-Nummer",      "vat",            "text",     22),
    Column("Sprache",          "lang",           "text",     10),
    Column("Telefon",          "phone",          "text",     18),
    Column("E-Mail",           "email",          "text",     32),
    Column("Kreditlimite",     "credit_limit",   "amount",   15),
)

DOCUMENT_SHEET = "Belege"
DOCUMENT_COLUMNS = (
    #      header              key               kind        width  required
    Column("Belegart",         "doc_type",       "doc_type", 12,    True),
    Column("Belegnummer",      "number",         "text",     20,    True),
    Column("Belegdatum",       "date",           "date",     13,    True),
    Column("Fälligkeit",       "due_date",       "date",     13,    True),
    Column("Debitorennummer",  "debtor_ref",     "text",     18,    True),
    Column("Debitor",          "debtor_name",    "text",     40,    True),
    Column("Währung",          "currency",       "currency", 10,    True),
    Column("Bruttobetrag",     "amount_total",   "amount",   15,    True),
    Column("MWST-Betrag",      "amount_tax",     "amount",   15,    True),
    Column("Nettobetrag",      "amount_untaxed", "amount",   15,    True),
    Column("Originalrechnung", "origin_number",  "text",     20),
    Column("Referenz",         "ref",            "text",     25),
)
# fmt: on

DEBTOR_KEYS = (*(col.key for col in DEBTOR_COLUMNS), "is_company")
DOCUMENT_KEYS = tuple(col.key for col in DOCUMENT_COLUMNS)

DOC_TYPE_LABELS = {"invoice": "Rechnung", "credit_note": "Gutschrift"}

# Excel number format per value kind. Text cells get "@" so Excel keeps e.g. "00123" or "8001" as text on edit.
NUMBER_FORMATS = {
    "text": "@",
    "country": "@",
    "currency": "@",
    "uid": "@",
    "doc_type": "@",
    "date": "DD.MM.YYYY",
    "amount": "#,##0.00",
    "integer": "0",
    "percent": "0.00%",  # values are given in percent (10 = 10 %) and written as fractions (0.1)
}
# How a converted value is written: xlsxwriter worksheet method name per kind.
_WRITERS = {"date": "write_datetime", "amount": "write_number", "integer": "write_number", "percent": "write_number"}

_CENT = Decimal("0.01")
_MAX_TEXT = 32767  # Excel's cell limit
_UID_SUFFIX = re.compile(r"\s*(MWST|TVA|IVA|VAT)\s*$", re.IGNORECASE)
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class Problem(NamedTuple):
    """One validation problem: the row's key (debtor number / document number, or ``"row N"`` when it is empty),
    the row dict key of the field, an English message and a stable code for translation by the caller."""

    key: str
    field: str
    message: str
    code: str = ""

    def __str__(self):
        return f"{self.key} / {self.field}: {self.message}"


class AbsExportError(ValueError):
    """Raised by the writers when validation fails; ``problems`` holds every problem found."""

    def __init__(self, problems):
        self.problems = list(problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"A.B.S. export not written, {len(self.problems)} problem(s):\n{lines}")


class _InvalidValueError(ValueError):
    """A value cannot be converted; carries a problem code."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.code = code


def _is_empty(value):
    return value is None or value is False or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------------------------------------------------------
# Swiss UID
# ---------------------------------------------------------------------------------------------------------------


def format_uid(value):
    """Return a Swiss UID as ``CHE-123.456.789``; ``""`` for an empty value.

    Accepts separators, lower case, a missing ``CHE`` prefix and the VAT suffix (``MWST``/``TVA``/``IVA``/``VAT``).
    Raises ``ValueError`` naming the failed check when the value is not a valid UID (length, format, checksum).
    """
    if _is_empty(value):
        return ""
    number = ch_uid.compact(_UID_SUFFIX.sub("", str(value)))
    if number.isdigit() and len(number) == 9:
        number = "CHE" + number
    try:
        number = ch_uid.validate(number)
    except stdnum_exceptions.InvalidChecksum as exc:
        raise ValueError(f"invalid Swiss UID {value!r}: wrong check digit") from exc
    except stdnum_exceptions.InvalidLength as exc:
        raise ValueError(f"invalid Swiss UID {value!r}: wrong length (CHE and 9 digits)") from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValueError(f"invalid Swiss UID {value!r}: expected CHE and 9 digits") from exc
    return ch_uid.format(number)


def is_swiss_company(row):
    """True when the debtor row is a company in Switzerland (country ``CH``), which needs a valid UID."""
    country = row.get("country")
    return bool(row.get("is_company")) and isinstance(country, str) and country.strip().upper() == "CH"


def _is_swiss(row):
    country = row.get("country")
    return isinstance(country, str) and country.strip().upper() == "CH"


# ---------------------------------------------------------------------------------------------------------------
# Value conversion per kind: each converter returns the value to write or raises _InvalidValueError
# ---------------------------------------------------------------------------------------------------------------


def _to_text(value, row):
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _InvalidValueError(f"expected text, got {type(value).__name__}", "type")
    text = str(value).strip()
    if len(text) > _MAX_TEXT:
        raise _InvalidValueError(f"text longer than {_MAX_TEXT} characters", "too_long")
    return text


def _to_code(pattern, what):
    def convert(value, row):
        if not isinstance(value, str):
            raise _InvalidValueError(f"expected {what}, got {type(value).__name__}", "type")
        code = value.strip().upper()
        if not pattern.match(code):
            raise _InvalidValueError(f"expected {what}, got {value!r}", "invalid")
        return code

    return convert


def _to_uid(value, row):
    text = _to_text(value, row)
    if _is_swiss(row) or text.upper().startswith("CHE"):
        try:
            return format_uid(text)
        except ValueError as exc:
            raise _InvalidValueError(str(exc), "uid_invalid") from exc
    return text


def _to_doc_type(value, row):
    if value not in DOC_TYPE_LABELS:
        raise _InvalidValueError(
            f"unknown document type {value!r}, expected one of {', '.join(DOC_TYPE_LABELS)}", "invalid"
        )
    return DOC_TYPE_LABELS[value]


def _to_date(value, row):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return datetime.date.fromisoformat(value.strip())
    raise _InvalidValueError(f"expected a date, got {value!r}", "type")


def _to_decimal(value):
    if isinstance(value, bool) or not isinstance(value, (Decimal, float, int)):
        raise _InvalidValueError(f"expected a number, got {type(value).__name__}", "type")
    if isinstance(value, float) and not math.isfinite(value):
        raise _InvalidValueError(f"expected a finite number, got {value!r}", "invalid")
    try:
        # str() of a float is its shortest repr, so 2.675 rounds half-up to 2.68 as a person expects.
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation as exc:
        raise _InvalidValueError(f"expected a finite number, got {value!r}", "invalid") from exc
    return number


def _to_amount(value, row):
    amount = _to_decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)
    if amount < 0:
        raise _InvalidValueError(f"amounts are unsigned (the document type carries the sign), got {value}", "negative")
    return float(amount)


def _to_integer(value, row):
    number = _to_decimal(value)
    if number != number.to_integral_value():
        raise _InvalidValueError(f"expected a whole number, got {value}", "invalid")
    return int(number)


def _to_percent(value, row):
    return float(_to_decimal(value) / 100)


_CONVERTERS = {
    "text": _to_text,
    "country": _to_code(_COUNTRY, "an ISO 3166 country code (2 letters)"),
    "currency": _to_code(_CURRENCY, "an ISO 4217 currency code (3 letters)"),
    "uid": _to_uid,
    "doc_type": _to_doc_type,
    "date": _to_date,
    "amount": _to_amount,
    "integer": _to_integer,
    "percent": _to_percent,
}


# ---------------------------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------------------------


def _row_key(row, key_field, index):
    """The row's identifying key for problems: (key, True) or (``"row N"``, False) when it has none."""
    value = row.get(key_field)
    if _is_empty(value) or not isinstance(value, (str, int)) or isinstance(value, bool):
        return f"row {index}", False
    return str(value).strip(), True


def _prepare(columns, keys, key_field, rows, row_rules):
    """Convert all rows along the layout; return (converted rows as lists of cell values, problems)."""
    problems = []
    converted = []
    seen = {}
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            problems.append(Problem(f"row {index}", "", f"expected a dict, got {type(row).__name__}", "type"))
            continue
        key, has_key = _row_key(row, key_field, index)
        missing = [name for name in keys if name not in row]
        problems.extend(Problem(key, name, "key missing from the row dict", "missing_key") for name in missing)
        values = []
        for col in columns:
            value = row.get(col.key)
            converted_value = None
            if _is_empty(value):
                if col.required and col.key not in missing:
                    problems.append(Problem(key, col.key, f"{col.header} is required", "required"))
            else:
                try:
                    converted_value = _CONVERTERS[col.kind](value, row)
                except _InvalidValueError as exc:
                    problems.append(Problem(key, col.key, f"{col.header}: {exc}", exc.code))
            values.append(converted_value)
        if has_key:
            if key in seen:
                problems.append(Problem(key, key_field, f"duplicate, first in row {seen[key]}", "duplicate"))
            seen.setdefault(key, index)
        for rule in row_rules:
            problems.extend(rule(row, key, dict(zip((col.key for col in columns), values, strict=True))))
        converted.append(values)
    return converted, problems


def _rule_swiss_uid(row, key, values):
    if is_swiss_company(row) and _is_empty(row.get("uid")):
        yield Problem(key, "uid", "UID is required for a Swiss company", "uid_missing")


def _rule_amounts_add_up(row, key, values):
    total, tax, untaxed = values["amount_total"], values["amount_tax"], values["amount_untaxed"]
    if None in (total, tax, untaxed):
        return
    if Decimal(str(total)) != Decimal(str(tax)) + Decimal(str(untaxed)):
        yield Problem(
            key,
            "amount_total",
            f"gross amount {total:.2f} is not net amount {untaxed:.2f} plus VAT amount {tax:.2f}",
            "amounts_mismatch",
        )


def _prepare_debtors(rows):
    return _prepare(DEBTOR_COLUMNS, DEBTOR_KEYS, "debtor_ref", rows, (_rule_swiss_uid,))


def _prepare_documents(rows):
    return _prepare(DOCUMENT_COLUMNS, DOCUMENT_KEYS, "number", rows, (_rule_amounts_add_up,))


def validate_debtors(rows):
    """Return every problem of the debtor rows (empty list when they can be written)."""
    return _prepare_debtors(rows)[1]


def validate_documents(rows):
    """Return every problem of the document rows (empty list when they can be written)."""
    return _prepare_documents(rows)[1]


# ---------------------------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------------------------


def _write_workbook(sheet_name, columns, values_rows, constant_memory):
    """The workbook's bytes. With ``constant_memory``, xlsxwriter keeps one row in memory and the workbook is
    written to a temporary file: only the finished file is read into memory (for Odoo's attachment)."""
    output = tempfile.TemporaryFile() if constant_memory else io.BytesIO()  # noqa: SIM115 - closed below
    workbook = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": constant_memory,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    try:
        sheet = workbook.add_worksheet(sheet_name)
        header_format = workbook.add_format({"bold": True, "bottom": 1, "num_format": "@"})
        formats = {kind: workbook.add_format({"num_format": fmt}) for kind, fmt in NUMBER_FORMATS.items()}
        for index, col in enumerate(columns):
            sheet.set_column(index, index, col.width)
        sheet.freeze_panes(1, 0)
        # Rows strictly in order (header first): required by constant_memory mode.
        for index, col in enumerate(columns):
            sheet.write_string(0, index, col.header, header_format)
        row_number = 0
        cells = [
            (index, getattr(sheet, _WRITERS.get(col.kind, "write_string")), formats[col.kind])
            for index, col in enumerate(columns)
        ]
        for row_number, values in enumerate(values_rows, start=1):
            for (index, write, cell_format), value in zip(cells, values, strict=True):
                if value is not None and value != "":
                    write(row_number, index, value, cell_format)
        sheet.autofilter(0, 0, row_number, len(columns) - 1)
    finally:
        workbook.close()
    with contextlib.closing(output):
        output.seek(0)
        return output.read()


def write_debtors(rows, constant_memory=False):
    """Validate the debtor rows and return the debtors workbook (xlsx bytes); raise ``AbsExportError``."""
    values_rows, problems = _prepare_debtors(rows)
    if problems:
        raise AbsExportError(problems)
    return _write_workbook(DEBTOR_SHEET, DEBTOR_COLUMNS, values_rows, constant_memory)


def write_documents(rows, constant_memory=False):
    """Validate the document rows and return the documents workbook (xlsx bytes); raise ``AbsExportError``."""
    values_rows, problems = _prepare_documents(rows)
    if problems:
        raise AbsExportError(problems)
    return _write_workbook(DOCUMENT_SHEET, DOCUMENT_COLUMNS, values_rows, constant_memory)
