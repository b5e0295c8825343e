# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixed-width record files written from a declarative table (no Odoo).

A :class:`Layout` is built from table rows ``(record kind, field name, position, length, type, source, mandatory,
options)`` (see ``dfb_layout.DFB_TABLE``):

- record kind: ``"header"``, ``"debtor"``, ``"document"`` or ``"trailer"``; the fields of a kind fill the record
  exactly, the first one is the record type code (``"const:H"``);
- type: ``"N"`` numeric (right-aligned, zero-padded, unsigned), ``"A"`` alphanumeric (left-aligned, space-padded),
  ``"D"`` date ``YYYYMMDD``;
- source: key of the record dict, ``"const:<text>"`` or ``None`` (filler: spaces);
- options: ``decimals`` (N: amount in minor units, rounded half-up), ``truncate`` (A: cut instead of a problem),
  ``values`` (A: dict value -> file text, or the allowed texts), ``mandatory_if`` (``(field name, file text)``),
  ``key`` (the field that names the record in problems).

The trailer takes its values from the header dict and :data:`TOTAL_KEYS`, computed from the amounts as written.
Text is written in the layout's single-byte encoding: characters it lacks are transliterated (:func:`transliterate`).
Nothing is written unless every record fits: :func:`validate` returns every :class:`Problem`, :func:`write_file`
raises them all in one :class:`LayoutError`. The consistency of the table is checked by a unit test.
"""

import datetime
import functools
import io
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

from unidecode import unidecode

__all__ = [
    "TOTAL_KEYS", "Field", "Layout", "LayoutError", "Problem", "record_problems", "transliterate", "validate",
    "write_file",
]  # fmt: skip

#: Values computed by the writer for the trailer (on top of the header dict's keys).
TOTAL_KEYS = (
    "count_records",  # all records, header and trailer included
    "count_debtors",
    "count_invoices",
    "count_credit_notes",
    "sum_invoices",  # Decimal: gross amounts of the invoices as written (rounded)
    "sum_credit_notes",
    "net_sum",  # abs(sum_invoices - sum_credit_notes)
    "net_sign",  # "+" or "-"
)
# German spelling where the encoding lacks the umlauts (ASCII; unidecode drops the dots) or the low quote (",,").
_GERMAN = {"Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ä": "ae", "ö": "oe", "ü": "ue", "„": '"'}


class Problem(NamedTuple):
    """One problem of one field: record kind, record key (e.g. debtor or document number), field name, a stable
    ``code`` for translation (missing, too_long, negative, not_number, not_integer, not_date, bad_type,
    unknown_value, duplicate, mismatch), an English message and, for ``too_long``, the length and the limit."""

    record: str
    key: str
    field: str
    code: str
    message: str
    length: int = 0
    limit: int = 0

    def __str__(self):
        key = f" {self.key}" if self.key else ""
        return f"{self.record}{key}, {self.field}: {self.message}"


class LayoutError(ValueError):
    """Data that do not fit the layout; ``problems`` lists every problem."""

    def __init__(self, problems):
        self.problems = list(problems)
        lines = "\n".join(str(problem) for problem in self.problems[:20])
        super().__init__(f"{len(self.problems)} problem(s):\n{lines}")


class _Invalid(Exception):
    def __init__(self, code, message, length=0):
        super().__init__(message)
        self.code, self.length = code, length


def _encodable(text, encoding):
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@functools.lru_cache(maxsize=4096)
def _char(char, encoding):
    if char.isspace():
        return " "  # line breaks and tabs would break the record
    if not char.isprintable():
        return ""  # soft hyphen, zero-width space, byte order mark, control characters
    if _encodable(char, encoding):
        return char
    if unicodedata.category(char) == "So":
        return "?"  # pictographs and other symbols: no guessing
    return _GERMAN.get(char) or unidecode(char, errors="replace", replace_str="?")


def transliterate(text, encoding="iso-8859-15"):
    """``text`` in printable characters of ``encoding``: white space becomes a space, invisible characters vanish,
    characters the encoding lacks are transliterated (unidecode; German umlauts as "ae", symbols as "?")."""
    if text.isprintable() and (text.isascii() or _encodable(text, encoding)):
        return text
    return "".join(_char(char, encoding) for char in unicodedata.normalize("NFC", text))


class Field(NamedTuple):
    """One table row."""

    kind: str
    name: str
    start: int
    length: int
    type: str
    source: str | None
    mandatory: bool
    options: dict | None = None

    def option(self, name, default=None):
        return (self.options or {}).get(name, default)

    @property
    def const(self):
        return self.source[6:] if self.source and self.source.startswith("const:") else None


class Layout:
    """The record types of a table (``records``: kind -> fields in position order), record length, encoding and
    line end. ``amount_key``/``doc_type_key`` are the document keys of the trailer totals; the documents' values
    of ``header_match`` keys must equal the header's (one file per currency)."""

    def __init__(self, table, record_length, encoding="iso-8859-15", line_end="\r\n", amount_key="amount_total",
                 doc_type_key="doc_type", header_match=()):  # fmt: skip
        if len("\u00e4".encode(encoding, errors="replace")) != 1:
            raise ValueError(f"{encoding} is not a single-byte encoding")
        self.table = [Field(*row) for row in table]
        self.record_length, self.encoding, self.line_end = record_length, encoding, line_end
        self.amount_key, self.doc_type_key, self.header_match = amount_key, doc_type_key, tuple(header_match)
        self.records = {}
        for fld in sorted(self.table, key=lambda fld: fld.start):
            self.records.setdefault(fld.kind, []).append(fld)
        # Per kind: (field, its text if it is a constant or a filler, else None).
        self.slots = {kind: [(fld, _fixed_text(fld)) for fld in fields] for kind, fields in self.records.items()}
        self.amount = next(fld for fld in self.records["document"] if fld.source == amount_key)


def _fixed_text(fld):
    if fld.const is not None:
        return fld.const.zfill(fld.length) if fld.type == "N" else fld.const.ljust(fld.length)
    return None if fld.source else ("0" if fld.type == "N" else " ") * fld.length


def _empty(value):
    return value is None or value is False or (isinstance(value, str) and not value.strip())


def _number(value):
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise _Invalid("bad_type", f"bad type {type(value).__name__} ({value!r})")
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except InvalidOperation:
        raise _Invalid("not_number", f"not a number: {value!r}") from None
    if not number.is_finite():
        raise _Invalid("not_number", f"not a number: {value!r}")
    if number < 0:
        raise _Invalid("negative", f"negative value {value!r} (numbers are unsigned)")
    return number


def _format(fld, value, encoding):
    """The field's text for ``value`` (not empty), exactly ``fld.length`` characters long; raises _Invalid."""
    if fld.type == "D":
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value.strip()[:10])
            except ValueError:
                raise _Invalid("not_date", f"not a date: {value!r}") from None
        if not isinstance(value, datetime.date):
            raise _Invalid("bad_type", f"bad type {type(value).__name__} ({value!r})")
        return f"{value.year:04d}{value.month:02d}{value.day:02d}"
    if fld.type == "N":
        number, decimals = _number(value), fld.option("decimals", 0)
        if not decimals and number != number.to_integral_value():
            raise _Invalid("not_integer", f"not an integer: {value!r}")
        try:
            text = str(int(number.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP).scaleb(decimals)))
        except InvalidOperation:
            text = "9" * (fld.length + 1)
        if len(text) > fld.length:
            raise _Invalid("too_long", f"too long ({len(text)} > {fld.length} digits): {value!r}", len(text))
        return text.zfill(fld.length)
    values = fld.option("values")
    if values is not None:
        mapping = values if isinstance(values, dict) else {value: value for value in values}
        if not isinstance(value, str | int) or value not in mapping:
            raise _Invalid("unknown_value", f"unknown value {value!r}, expected one of {', '.join(map(repr, mapping))}")
        value = mapping[value]
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise _Invalid("bad_type", f"bad type {type(value).__name__} ({value!r})")
    text = transliterate(str(value), encoding).strip()
    if len(text) > fld.length and not fld.option("truncate"):
        raise _Invalid("too_long", f"too long ({len(text)} > {fld.length} characters): {text!r}", len(text))
    return text[: fld.length].ljust(fld.length)


def _record(layout, kind, rec, problems):
    """The record text of ``rec`` (a dict), or None after appending its problems."""
    texts, failed = {}, False
    for fld, text in layout.slots[kind]:
        if text is not None:
            texts[fld.name] = text
            continue
        value = rec.get(fld.source)
        try:
            text = "" if _empty(value) else _format(fld, value, layout.encoding)
            if not text.strip():
                condition = fld.option("mandatory_if")
                if fld.mandatory or (condition and texts.get(condition[0], "").strip() == condition[1]):
                    detail = f" ({condition[0]} is {condition[1]!r})" if condition and not fld.mandatory else ""
                    raise _Invalid("missing", f"mandatory value missing{detail}")
                text = ("0" if fld.type == "N" else " ") * fld.length
            texts[fld.name] = text
        except _Invalid as err:
            key_field = next((other for other in layout.records[kind] if other.option("key")), None)
            key = "" if key_field is None or _empty(rec.get(key_field.source)) else str(rec[key_field.source])
            problems.append(Problem(kind, key, fld.name, err.code, str(err), err.length, fld.length))
            failed = True
    return None if failed else "".join(texts.values())


def _check_keys(layout, kind, records, header, problems):
    """Duplicate record keys; document values that differ from the header's."""
    fields = {fld.source: fld for fld in layout.records[kind]}
    key_field = next(fld for fld in fields.values() if fld.option("key"))
    seen = set()
    for rec in records:
        key = "" if _empty(rec.get(key_field.source)) else str(rec[key_field.source])
        if key and key in seen:
            problems.append(Problem(kind, key, key_field.name, "duplicate", "duplicate record key"))
        seen.add(key)
        for match in layout.header_match if kind == "document" else ():
            if not _empty(rec.get(match)) and rec[match] != header.get(match):
                problems.append(Problem(kind, key, fields[match].name, "mismatch",
                                        f"{rec[match]!r} differs from the header's {header.get(match)!r}"))


def _records(layout, header, debtors, documents, problems):
    """Yield the file's records in order (header, debtors, documents, trailer; None for a record with problems),
    adding every problem to ``problems``: one record at a time, the file is never held as a whole."""
    yield _record(layout, "header", header, problems)
    for rec in debtors:
        yield _record(layout, "debtor", rec, problems)
    amount = layout.amount
    decimals = amount.option("decimals", 0)
    count = {"invoice": 0, "credit_note": 0}
    cents = {"invoice": 0, "credit_note": 0}
    for rec in documents:
        line = _record(layout, "document", rec, problems)
        if line is not None:
            count[rec[layout.doc_type_key]] += 1
            cents[rec[layout.doc_type_key]] += int(line[amount.start - 1 : amount.start - 1 + amount.length])
        yield line
    _check_keys(layout, "debtor", debtors, header, problems)
    _check_keys(layout, "document", documents, header, problems)
    net = cents["invoice"] - cents["credit_note"]
    totals = {
        "count_records": 1 + len(debtors) + len(documents) + 1,
        "count_debtors": len(debtors),
        "count_invoices": count["invoice"],
        "count_credit_notes": count["credit_note"],
        "sum_invoices": Decimal(cents["invoice"]).scaleb(-decimals),
        "sum_credit_notes": Decimal(cents["credit_note"]).scaleb(-decimals),
        "net_sum": Decimal(abs(net)).scaleb(-decimals),
        "net_sign": "+" if net >= 0 else "-",
    }
    yield _record(layout, "trailer", {**header, **totals}, problems)


def record_problems(layout, kind, rec):
    """Every :class:`Problem` of one record dict of ``kind`` on its own (the checks of :func:`validate` that need no
    other record: no duplicate keys, no comparison with the header)."""
    problems = []
    _record(layout, kind, rec, problems)
    return problems


def validate(layout, header, debtors, documents):
    """Every :class:`Problem` of the data (empty if the file can be written)."""
    problems = []
    for _line in _records(layout, header, list(debtors), list(documents), problems):
        pass
    return problems


def write_stream(stream, layout, header, debtors, documents):
    """Write the file (header, debtor records, document records, trailer) to the binary ``stream`` record by record,
    in one pass; raises :class:`LayoutError` at the end when the data has problems (the stream then holds an invalid
    file: the caller drops it)."""
    problems = []
    for line in _records(layout, header, list(debtors), list(documents), problems):
        if not problems:
            stream.write((line + layout.line_end).encode(layout.encoding))
    if problems:
        raise LayoutError(problems)


def write_file(layout, header, debtors, documents):
    """The file as bytes (see :func:`write_stream`); raises :class:`LayoutError`."""
    buffer = io.BytesIO()
    write_stream(buffer, layout, header, debtors, documents)
    return buffer.getvalue()
