# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""DFB default layout: fixed-width records of 240 characters, ISO-8859-15, CRLF (no Odoo, data only).

DFB's real record description is not public; this default follows the structure of public German factor
specifications (Eurofactor record length 240, amounts 9(13)v99 in cents, dates YYYYMMDD). Adapting it to the
factor's onboarding document is a change of :data:`DFB_TABLE` only.

Dict contract (filled by the Odoo glue; empty values may be ``None``, ``False`` or ``""``):

header (one dict)
    ``client_number``  int/str digits, mandatory: client number at the factor (max. 10 digits)
    ``date``           datetime.date, mandatory: creation date of the file
    ``batch``          str, mandatory: batch number (max. 10 characters), e.g. "20260315001"[:10]
    ``currency``       str, mandatory: ISO 4217 code; every document must carry the same (one file per currency)
    ``file_kind``      "D" (data) or "T" (test), mandatory

debtors (list of dicts, debtor master records "S")
    ``debtor_ref``     str, mandatory: debtor number (max. 15), unique in the file
    ``name``           str, mandatory (truncated to 40)
    ``name2``          str, optional (truncated to 30)
    ``street``         str, mandatory (max. 35)
    ``zip``            str/int, mandatory (max. 10)
    ``city``           str, mandatory (max. 30)
    ``country``        str, mandatory: ISO 3166-1 alpha-2
    ``vat``            str, optional: VAT ID or company register number (max. 20)
    ``phone``          str, optional (max. 20)
    ``email``          str, optional (truncated to 30)
    ``lang``           str, optional: ISO 639-1 two-letter code ("de")

documents (list of dicts, document records "B")
    ``doc_type``       "invoice" or "credit_note", mandatory (written "RE" / "GU")
    ``number``         str, mandatory: document number (max. 20), unique in the file
    ``date``           datetime.date, mandatory: document date
    ``due_date``       datetime.date, mandatory
    ``payment_days``   int, mandatory: payment terms in days (max. 999)
    ``debtor_ref``     str, mandatory: debtor number (max. 15)
    ``currency``       str, mandatory: ISO 4217 code, equal to the header's
    ``amount_total``   Decimal/int/float/str >= 0, mandatory: gross amount (unsigned, the type carries the sign)
    ``amount_tax``     Decimal/int/float/str >= 0, mandatory: VAT amount (unsigned)
    ``origin_number``  str: number of the original invoice, mandatory for credit notes (max. 20)
    ``order_ref``      str, optional: the debtor's order reference (truncated to 30)

The trailer "T" is computed by the writer: record counts, control sums of invoices and credit notes (gross) and
the net sum (invoices - credit notes) as an absolute value with a sign field.
"""

from .fixed_width import Layout

RECORD_LENGTH = 240
DOC_TYPES = {"invoice": "RE", "credit_note": "GU"}

# fmt: off
# (record kind, field name, position, length, type, source, mandatory, options)
DFB_TABLE = [
    # Header "H"
    ("header", "record_type",        1,   1, "A", "const:H",       True,  None),
    ("header", "client_number",      2,  10, "N", "client_number", True,  None),
    ("header", "creation_date",     12,   8, "D", "date",          True,  None),
    ("header", "batch_number",      20,  10, "A", "batch",         True,  {"key": True}),
    ("header", "currency",          30,   3, "A", "currency",      True,  None),
    ("header", "file_kind",         33,   1, "A", "file_kind",     True,  {"values": ("D", "T")}),
    ("header", "filler",            34, 207, "A", None,            False, None),
    # Debtor master record "S" (Stammsatz)
    ("debtor", "record_type",        1,   1, "A", "const:S",       True,  None),
    ("debtor", "debtor_number",      2,  15, "A", "debtor_ref",    True,  {"key": True}),
    ("debtor", "name",              17,  40, "A", "name",          True,  {"truncate": True}),
    ("debtor", "name2",             57,  30, "A", "name2",         False, {"truncate": True}),
    ("debtor", "street",            87,  35, "A", "street",        True,  None),
    ("debtor", "zip",              122,  10, "A", "zip",           True,  None),
    ("debtor", "city",             132,  30, "A", "city",          True,  None),
    ("debtor", "country",          162,   2, "A", "country",       True,  None),
    ("debtor", "vat_id",           164,  20, "A", "vat",           False, None),
    ("debtor", "phone",            184,  20, "A", "phone",         False, None),
    ("debtor", "email",            204,  30, "A", "email",         False, {"truncate": True}),
    ("debtor", "language",         234,   2, "A", "lang",          False, None),
    ("debtor", "filler",           236,   5, "A", None,            False, None),
    # Document record "B" (Beleg): invoice "RE" or credit note "GU", amounts unsigned 9(13)v99
    ("document", "record_type",      1,   1, "A", "const:B",       True,  None),
    ("document", "doc_type",         2,   2, "A", "doc_type",      True,  {"values": DOC_TYPES}),
    ("document", "document_number",  4,  20, "A", "number",        True,  {"key": True}),
    ("document", "document_date",   24,   8, "D", "date",          True,  None),
    ("document", "due_date",        32,   8, "D", "due_date",      True,  None),
    ("document", "payment_days",    40,   3, "N", "payment_days",  True,  None),
    ("document", "debtor_number",   43,  15, "A", "debtor_ref",    True,  None),
    ("document", "currency",        58,   3, "A", "currency",      True,  None),
    ("document", "gross_amount",    61,  15, "N", "amount_total",  True,  {"decimals": 2}),
    ("document", "vat_amount",      76,  15, "N", "amount_tax",    True,  {"decimals": 2}),
    ("document", "original_number", 91,  20, "A", "origin_number", False, {"mandatory_if": ("doc_type", "GU")}),
    ("document", "order_reference", 111, 30, "A", "order_ref",     False, {"truncate": True}),
    ("document", "filler",          141, 100, "A", None,           False, None),
    # Trailer "T"
    ("trailer", "record_type",       1,   1, "A", "const:T",            True,  None),
    ("trailer", "debtor_count",      2,   7, "N", "count_debtors",      True,  None),
    ("trailer", "invoice_count",     9,   7, "N", "count_invoices",     True,  None),
    ("trailer", "credit_note_count", 16,  7, "N", "count_credit_notes", True,  None),
    ("trailer", "invoice_sum",      23,  15, "N", "sum_invoices",       True,  {"decimals": 2}),
    ("trailer", "credit_note_sum",  38,  15, "N", "sum_credit_notes",   True,  {"decimals": 2}),
    ("trailer", "net_sum",          53,  15, "N", "net_sum",            True,  {"decimals": 2}),
    ("trailer", "net_sign",         68,   1, "A", "net_sign",           True,  {"values": ("+", "-")}),
    ("trailer", "record_count",     69,   7, "N", "count_records",      True,  None),
    ("trailer", "filler",           76, 165, "A", None,                 False, None),
]
# fmt: on

LAYOUT_OPTIONS = {
    "encoding": "iso-8859-15",
    "line_end": "\r\n",
    "amount_key": "amount_total",
    "doc_type_key": "doc_type",
    "header_match": ("currency",),
}


def make_layout(table=None, **options):
    """The DFB layout from ``table`` (default :data:`DFB_TABLE`); ``options`` override :data:`LAYOUT_OPTIONS`."""
    return Layout(DFB_TABLE if table is None else table, RECORD_LENGTH, **{**LAYOUT_OPTIONS, **options})


DFB_LAYOUT = make_layout()
