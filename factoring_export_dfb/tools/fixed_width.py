# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Generic fixed-width record files, driven by a declarative layout (no Odoo, stdlib only).

A :class:`Layout` is built from a plain table, one row per field::

    (record kind, field name, position, length, type, source, mandatory, options)

- record kind: ``"header"``, ``"debtor"``, ``"document"`` or ``"trailer"`` (one record type each; debtor optional);
- position: 1-based start column; the fields of a record type must be contiguous and fill the record exactly
  (declare gaps as filler fields: ``source`` ``None``, written as spaces, ignored when parsing);
- type: ``"N"`` numeric (right-aligned, zero-padded, unsigned), ``"A"`` alphanumeric (left-aligned,
  space-padded), ``"D"`` date ``YYYYMMDD`` (length 8);
- source: key in the record dict, ``"const:<text>"`` for a constant, or ``None`` for a filler. The field at
  position 1 of every record type must be a constant: the record type code (e.g. ``const:H``);
- mandatory: ``True`` if the value may not be empty;
- options (optional dict): ``decimals`` (N only: amount written in minor units, 88564.23 with 2 decimals ->
  ``8856423``, rounded half-up), ``truncate`` (A only: cut too long values instead of reporting them),
  ``values`` (value map dict-value -> file text, e.g. ``{"invoice": "RE"}``; a list/tuple allows these values
  as they are), ``mandatory_if`` (``(field name, file text)``: mandatory when that field of the same record
  has this value in the file), ``key`` (this field identifies the record in problem reports).

Moving or resizing a field is a change of the table only.

Empty values are ``None``, ``False`` (the ORM's "no value") and blank strings. An empty optional field is
written as spaces (A, D) or zeros (N); the parser reads blank A fields as ``""``, blank D fields as ``None`` and
zero-filled N fields as 0.

Trailer records take their values from the header dict plus the computed totals (see :data:`TOTAL_KEYS`).
Text is written in the layout's single-byte encoding (default ISO-8859-15): characters the encoding lacks are
transliterated (explicit map, then NFKD without accents), anything else becomes ``"?"``; control characters become
spaces. A value never overflows its field: too long values are problems unless the field truncates.
"""

import codecs
import datetime
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "KINDS",
    "TOTAL_KEYS",
    "Field",
    "Layout",
    "LayoutDefinitionError",
    "LayoutError",
    "Problem",
    "RecordType",
    "parse_file",
    "transliterate",
    "validate",
    "write_file",
]

KINDS = ("header", "debtor", "document", "trailer")
TYPES = ("N", "A", "D")
OPTIONS = frozenset({"decimals", "truncate", "values", "mandatory_if", "key"})
CONST_PREFIX = "const:"
INVOICE = "invoice"
CREDIT_NOTE = "credit_note"

#: Values computed by the writer for the trailer (on top of the header dict's keys).
TOTAL_KEYS = (
    "count_records",  # all records including header and trailer
    "count_debtors",
    "count_documents",
    "count_invoices",
    "count_credit_notes",
    "sum_invoices",  # Decimal, gross amounts of the invoices as written (rounded to the field's decimals)
    "sum_credit_notes",  # Decimal, gross amounts of the credit notes as written
    "net_sum",  # Decimal, abs(sum_invoices - sum_credit_notes)
    "net_sign",  # "+" if sum_invoices >= sum_credit_notes else "-"
)

_ONE = Decimal(1)


# ---------------------------------------------------------------------------------------------------------------
# Problems and errors


@dataclass(frozen=True)
class Problem:
    """One problem of one field of one record: record kind, record key (debtor/document number), field, message."""

    record: str
    key: str
    field: str
    message: str

    def __str__(self):
        key = f" {self.key}" if self.key else ""
        return f"{self.record}{key}, {self.field}: {self.message}"


class LayoutError(ValueError):
    """Data that does not fit the layout (writing) or a file that does not match it (parsing): all problems."""

    def __init__(self, problems):
        self.problems = list(problems)
        lines = [str(problem) for problem in self.problems[:20]]
        if len(self.problems) > 20:
            lines.append(f"... and {len(self.problems) - 20} more")
        super().__init__(f"{len(self.problems)} problem(s):\n" + "\n".join(lines))


class LayoutDefinitionError(ValueError):
    """The layout itself is inconsistent (overlaps, gaps, bad types or options): all messages at once."""

    def __init__(self, name, messages):
        self.messages = list(messages)
        super().__init__(f"layout {name!r}: " + "; ".join(self.messages))


class _FieldProblem(Exception):
    """Raised by a slot formatter/parser; caught by the record loop and turned into a :class:`Problem`."""


# ---------------------------------------------------------------------------------------------------------------
# Character set

# Applied whatever the encoding: characters that look like spaces/hyphens but confuse fixed-width readers.
_ALWAYS = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u202f": " ",
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero width space
    "\ufeff": "",  # byte order mark / zero width no-break space
}
# Used only for characters the encoding lacks, before the NFKD fallback.
_FALLBACK = {
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2015": "-",
    "\u2212": "-",  # minus sign
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2039": "'",
    "\u203a": "'",
    "\u2022": "*",
    "\u2026": "...",
    "\u20ac": "EUR",
    "\u0141": "L",
    "\u0142": "l",
    "\u0110": "D",
    "\u0111": "d",
    "\u0131": "i",
    "\u00d8": "O",
    "\u00f8": "o",
    "\u00c6": "AE",
    "\u00e6": "ae",
    "\u0152": "OE",
    "\u0153": "oe",
    "\u00de": "Th",
    "\u00fe": "th",
    # German conventions if the encoding has no umlauts (ISO-8859-15 has them all, including the sharp s).
    "\u00c4": "Ae",
    "\u00d6": "Oe",
    "\u00dc": "Ue",
    "\u00e4": "ae",
    "\u00f6": "oe",
    "\u00fc": "ue",
    "\u00df": "ss",
    "\u1e9e": "SS",  # capital sharp s: not in ISO-8859-15
}

_TRANSLIT_CACHES = {}


def _codec_name(encoding):
    return codecs.lookup(encoding).name


def _encodable(text, encoding):
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _translit_char(char, encoding):
    if char in _ALWAYS:
        return _ALWAYS[char]
    category = unicodedata.category(char)
    if category in ("Cc", "Zl", "Zp"):
        return " "
    if category == "Cf":
        return ""
    if _encodable(char, encoding):
        return char
    replacement = _FALLBACK.get(char)
    if replacement is not None and _encodable(replacement, encoding):
        return replacement
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.combining(part):
            continue
        if unicodedata.category(part) in ("Cc", "Cf") or not _encodable(part, encoding):
            return "?"
        out.append(part)
    return "".join(out) or "?"


def transliterate(text, encoding="iso-8859-15"):
    """Return ``text`` with only printable characters of ``encoding`` (see the module docstring)."""
    if text.isprintable():  # the characters of _ALWAYS are not printable
        if text.isascii():
            return text
        try:
            text.encode(encoding)
        except UnicodeEncodeError:  # pylint: disable=except-pass  # transliterated below
            pass
        else:
            return text
    cache = _TRANSLIT_CACHES.setdefault(_codec_name(encoding), {})
    out = []
    for char in text:
        replacement = cache.get(char)
        if replacement is None:
            replacement = cache[char] = _translit_char(char, encoding)
        out.append(replacement)
    return "".join(out)


# ---------------------------------------------------------------------------------------------------------------
# Layout definition


def _is_empty(value):
    return value is None or value is False or (type(value) is str and not value.strip())


@dataclass(frozen=True, eq=False)
class Field:
    """One field of a record type (see the module docstring for the meaning of each attribute)."""

    name: str
    start: int
    length: int
    type: str
    source: str | None = None
    mandatory: bool = False
    truncate: bool = False
    decimals: int = 0
    values: Mapping | None = None
    mandatory_if: tuple | None = None
    key: bool = False

    def __post_init__(self):
        values = self.values
        if isinstance(values, list | tuple):
            values = {value: value for value in values}
        if values is not None:
            object.__setattr__(self, "values", dict(values))
        if self.mandatory_if is not None:
            object.__setattr__(self, "mandatory_if", tuple(self.mandatory_if))

    @property
    def end(self):
        """Last position (1-based, inclusive)."""
        return self.start + self.length - 1

    @property
    def is_filler(self):
        return self.source is None or self.source == ""

    @property
    def const(self):
        """The constant text of a ``const:`` field, else None."""
        if isinstance(self.source, str) and self.source.startswith(CONST_PREFIX):
            return self.source[len(CONST_PREFIX) :]
        return None

    @property
    def options(self):
        """The options dict of a table row (only non-default options)."""
        options = {}
        if self.decimals:
            options["decimals"] = self.decimals
        if self.truncate:
            options["truncate"] = True
        if self.values is not None:
            options["values"] = dict(self.values)
        if self.mandatory_if is not None:
            options["mandatory_if"] = self.mandatory_if
        if self.key:
            options["key"] = True
        return options

    def check(self, encoding):
        """Messages about this field alone (empty if consistent)."""
        msgs = []
        where = f"field {self.name!r}"
        if not isinstance(self.name, str) or not self.name:
            msgs.append(f"{where}: name must be a non-empty string")
        if type(self.start) is not int or self.start < 1:
            msgs.append(f"{where}: position must be an int >= 1, not {self.start!r}")
        if type(self.length) is not int or self.length < 1:
            msgs.append(f"{where}: length must be an int >= 1, not {self.length!r}")
            return msgs
        if self.type not in TYPES:
            msgs.append(f"{where}: type must be one of {', '.join(TYPES)}, not {self.type!r}")
            return msgs
        if self.source is not None and not isinstance(self.source, str):
            msgs.append(f"{where}: source must be a string or None, not {self.source!r}")
        if type(self.decimals) is not int or self.decimals < 0:
            msgs.append(f"{where}: decimals must be an int >= 0")
        elif self.decimals and self.type != "N":
            msgs.append(f"{where}: decimals only apply to numeric fields")
        elif self.decimals >= self.length:
            msgs.append(f"{where}: decimals must be smaller than the length")
        if self.truncate and self.type != "A":
            msgs.append(f"{where}: truncate only applies to alphanumeric fields")
        if self.type == "D" and self.length != 8:
            msgs.append(f"{where}: a date field has length 8 (YYYYMMDD), not {self.length}")
        if self.values is not None and self.type != "A":
            msgs.append(f"{where}: a value map only applies to alphanumeric fields")
        if self.is_filler and (self.mandatory or self.mandatory_if or self.values is not None or self.key):
            msgs.append(f"{where}: a filler (no source) cannot be mandatory, mapped or a key")
        const = self.const
        if const is not None:
            msgs.extend(f"{where}: constant {msg}" for msg in self._check_text(const, encoding))
            if self.type == "N" and not (const.isascii() and const.isdigit()):
                msgs.append(f"{where}: numeric constant {const!r} must be digits")
            elif self.type == "D":
                msgs.append(f"{where}: a date field cannot be a constant")
        for raw, text in (self.values or {}).items():
            if not isinstance(text, str) or not text:
                msgs.append(f"{where}: mapped value for {raw!r} must be a non-empty string")
            else:
                msgs.extend(f"{where}: mapped value {msg}" for msg in self._check_text(text, encoding))
        if self.mandatory_if is not None and (
            len(self.mandatory_if) != 2 or not all(isinstance(part, str) for part in self.mandatory_if)
        ):
            msgs.append(f"{where}: mandatory_if must be a (field name, file text) pair")
        return msgs

    def _check_text(self, text, encoding):
        msgs = []
        if len(text) > self.length:
            msgs.append(f"{text!r} is longer than {self.length}")
        if not text.isprintable() or not _encodable(text, encoding):
            msgs.append(f"{text!r} is not printable in {encoding}")
        return msgs


@dataclass(frozen=True, eq=False)
class RecordType:
    """A record type: ``code`` (the constant at position 1, e.g. "H"), ``name`` (record kind), ``fields``."""

    code: str
    name: str
    fields: tuple = dataclass_field(default_factory=tuple)

    def __post_init__(self):
        fields = sorted(self.fields, key=lambda fld: fld.start if type(fld.start) is int else 0)
        object.__setattr__(self, "fields", tuple(fields))

    @property
    def key_field(self):
        return next((fld for fld in self.fields if fld.key), None)

    def field(self, name):
        """The field called ``name``; KeyError if there is none."""
        for fld in self.fields:
            if fld.name == name:
                return fld
        raise KeyError(name)

    def check(self, record_length, encoding):
        """Messages about this record type (fields, contiguity, code field)."""
        where = f"record {self.name!r}"
        msgs = []
        if self.name not in KINDS:
            msgs.append(f"{where}: kind must be one of {', '.join(KINDS)}")
        if not self.fields:
            return [*msgs, f"{where}: no fields"]
        for fld in self.fields:
            msgs.extend(f"{where}, {msg}" for msg in fld.check(encoding))
        if msgs:
            return msgs
        names = [fld.name for fld in self.fields]
        for name in sorted({name for name in names if names.count(name) > 1}):
            msgs.append(f"{where}: field name {name!r} used twice")
        sources = [fld.source for fld in self.fields if not fld.is_filler and fld.const is None]
        for source in sorted({source for source in sources if sources.count(source) > 1}):
            msgs.append(f"{where}: source {source!r} used by two fields")
        position = 1
        for fld in self.fields:
            if fld.start < position:
                msgs.append(
                    f"{where}: field {fld.name!r} at {fld.start} overlaps the previous field (ends {position - 1})"
                )
            elif fld.start > position:
                msgs.append(f"{where}: gap at positions {position}-{fld.start - 1} before {fld.name!r} (add a filler)")
            position = fld.end + 1
        if position - 1 != record_length:
            msgs.append(f"{where}: fields end at {position - 1}, the record length is {record_length}")
        first = self.fields[0]
        if first.start != 1 or first.const is None:
            msgs.append(f"{where}: the field at position 1 must be the record type code (a const: source)")
        elif first.const != self.code:
            msgs.append(f"{where}: code {self.code!r} differs from the constant at position 1 {first.const!r}")
        if sum(1 for fld in self.fields if fld.key) > 1:
            msgs.append(f"{where}: more than one key field")
        for fld in self.fields:
            if fld.mandatory_if is not None and len(fld.mandatory_if) == 2 and fld.mandatory_if[0] not in names:
                msgs.append(
                    f"{where}, field {fld.name!r}: mandatory_if refers to unknown field {fld.mandatory_if[0]!r}"
                )
        return msgs


class Layout:
    """A fixed-width file layout: record types by kind, record length, encoding, line end.

    ``amount_key``/``doc_type_key``: the document keys the trailer totals are computed from (document type
    ``"invoice"``/``"credit_note"``). ``header_match``: document keys that must equal the header's value
    (e.g. ``("currency",)`` for one file per currency).
    """

    def __init__(
        self,
        name,
        record_length,
        record_types,
        encoding="iso-8859-15",
        line_end="\r\n",
        amount_key="amount_total",
        doc_type_key="doc_type",
        header_match=(),
    ):
        self.name = name
        self.record_length = record_length
        self.encoding = encoding
        self.line_end = line_end
        self.amount_key = amount_key
        self.doc_type_key = doc_type_key
        self.header_match = tuple(header_match)
        self.record_types = {}
        msgs = []
        try:
            codecs.lookup(encoding)
        except (LookupError, TypeError):
            raise LayoutDefinitionError(name, [f"unknown encoding {encoding!r}"]) from None
        if len("\u00e4".encode(encoding, errors="replace")) != 1 or len(b"A".decode(encoding)) != 1:
            msgs.append(f"encoding {encoding!r} is not a single-byte encoding")
        if type(record_length) is not int or record_length < 1:
            msgs.append(f"record length must be an int >= 1, not {record_length!r}")
            record_length = 0
        if not isinstance(line_end, str) or not line_end or line_end.strip(" \r\n"):
            msgs.append(f"line end must consist of CR/LF, not {line_end!r}")
        for record_type in record_types:
            if record_type.name in self.record_types:
                msgs.append(f"record kind {record_type.name!r} defined twice")
            self.record_types[record_type.name] = record_type
            msgs.extend(record_type.check(record_length, encoding))
        for kind in ("header", "document", "trailer"):
            if kind not in self.record_types:
                msgs.append(f"no {kind} record type")
        codes = sorted(rt.code for rt in self.record_types.values() if rt.code)
        for code_a in codes:
            for code_b in codes:
                if code_a is not code_b and code_b.startswith(code_a):
                    msgs.append(f"record type codes {code_a!r} and {code_b!r} are ambiguous")
        if msgs:
            raise LayoutDefinitionError(name, msgs)
        self._compiled = {kind: _CompiledRecord(rt, self) for kind, rt in self.record_types.items()}
        amount = self._compiled["document"].amount_slice
        self.amount_decimals = amount[2] if amount else 0

    def __repr__(self):
        return f"<Layout {self.name!r} {self.record_length} chars, {', '.join(self.record_types)}>"

    @classmethod
    def from_table(cls, name, table, record_length, **kwargs):
        """Build a layout from rows ``(kind, field, position, length, type, source, mandatory[, options])``."""
        msgs = []
        by_kind = {}
        for index, row in enumerate(table, 1):
            if not isinstance(row, tuple | list) or len(row) not in (7, 8):
                msgs.append(f"table row {index}: expected 7 or 8 columns, got {row!r}")
                continue
            kind, fname, start, length, ftype, source, mandatory = row[:7]
            options = dict(row[7] or {}) if len(row) == 8 else {}
            unknown = sorted(set(options) - OPTIONS)
            if unknown:
                msgs.append(f"table row {index} ({kind}.{fname}): unknown option(s) {', '.join(unknown)}")
                continue
            fld = Field(fname, start, length, ftype, source, bool(mandatory), **options)
            by_kind.setdefault(kind, []).append(fld)
        if msgs:
            raise LayoutDefinitionError(name, msgs)
        record_types = []
        for kind, fields in by_kind.items():
            first = min(fields, key=lambda fld: fld.start if type(fld.start) is int else 0)
            code = first.const if first.const is not None else ""
            record_types.append(RecordType(code, kind, fields))
        return cls(name, record_length, record_types, **kwargs)

    def to_table(self):
        """The layout as table rows (the inverse of :meth:`from_table`), e.g. to derive a changed layout."""
        return [
            (kind, fld.name, fld.start, fld.length, fld.type, fld.source, fld.mandatory, fld.options)
            for kind, record_type in self.record_types.items()
            for fld in record_type.fields
        ]


# ---------------------------------------------------------------------------------------------------------------
# Compiled slots: one formatter and one parser closure per field


def _bad_type(value):
    return _FieldProblem(f"bad type {type(value).__name__} ({value!r})")


def _compile_format(fld, record_type, encoding):
    """Return ``fmt(record) -> str`` of exactly ``fld.length`` characters; raises _FieldProblem."""
    length = fld.length
    if fld.is_filler:
        text = (" " if fld.type != "N" else "0") * length
        return lambda rec: text
    const = fld.const
    if const is not None:
        text = const.zfill(length) if fld.type == "N" else const.ljust(length)
        return lambda rec: text
    key = fld.source
    mandatory = fld.mandatory
    cond_key = cond_raw = None
    if fld.mandatory_if:
        cond_name, cond_text = fld.mandatory_if
        cond_field = record_type.field(cond_name)
        cond_key = cond_field.source
        if cond_field.values is None:
            cond_raw = {cond_text}
        else:
            cond_raw = {raw for raw, text in cond_field.values.items() if text == cond_text}

    def missing(rec):
        if mandatory:
            return _FieldProblem("mandatory value missing")
        if cond_key is not None:
            try:
                required = rec.get(cond_key) in cond_raw
            except TypeError:  # unhashable value, reported by its own field
                required = False
            if required:
                return _FieldProblem(f"mandatory value missing ({fld.mandatory_if[0]} is {fld.mandatory_if[1]!r})")
        return None

    if fld.type == "A":
        blank = " " * length
        mapping = fld.values
        truncate = fld.truncate
        expected = ", ".join(repr(raw) for raw in mapping) if mapping else ""

        def fmt_alpha_slow(rec, value):
            if value is None or value is False:
                text = ""
            else:
                if mapping is not None:
                    try:
                        value = mapping[value]
                    except (KeyError, TypeError):
                        if not _is_empty(value):
                            raise _FieldProblem(f"unknown value {value!r}, expected one of {expected}") from None
                if type(value) is str:
                    text = value
                elif isinstance(value, int | Decimal) and not isinstance(value, bool):
                    text = str(value)
                else:
                    raise _bad_type(value)
                if not (text.isascii() and text.isprintable()):
                    text = transliterate(text, encoding)
                text = text.strip()
            if not text:
                problem = missing(rec)
                if problem:
                    raise problem
                return blank
            if len(text) > length:
                if not truncate:
                    raise _FieldProblem(f"too long ({len(text)} > {length} characters): {text!r}")
                text = text[:length]
            return text.ljust(length)

        if mapping is not None:
            # Fast path: the padded file text of every mapped value, precomputed.
            padded = {raw: text.strip().ljust(length) for raw, text in mapping.items() if text.strip()}

            def fmt_mapped(rec):
                value = rec.get(key)
                try:
                    return padded[value]
                except (KeyError, TypeError):
                    return fmt_alpha_slow(rec, value)

            return fmt_mapped

        optional = not mandatory and cond_key is None

        def fmt_alpha(rec):
            value = rec.get(key)
            # Fast paths: plain printable ASCII that fits, no value for an optional field; everything else (other
            # types, characters to transliterate, too long, missing mandatory values) goes the slow path.
            if type(value) is str and value.isascii() and value.isprintable():
                text = value.strip()
                if text and len(text) <= length:
                    return text.ljust(length)
            elif optional and (value is None or value is False):
                return blank
            return fmt_alpha_slow(rec, value)

        return fmt_alpha

    if fld.type == "D":
        blank = " " * 8

        def fmt_date(rec):
            value = rec.get(key)
            if type(value) is datetime.date:
                return value.isoformat().replace("-", "")
            if _is_empty(value):
                problem = missing(rec)
                if problem:
                    raise problem
                return blank
            if isinstance(value, datetime.datetime):
                return value.date().isoformat().replace("-", "")
            if isinstance(value, datetime.date):
                return f"{value.year:04d}{value.month:02d}{value.day:02d}"
            if type(value) is str:
                try:
                    return datetime.date.fromisoformat(value.strip()[:10]).isoformat().replace("-", "")
                except ValueError:
                    raise _FieldProblem(f"not a date: {value!r}") from None
            raise _bad_type(value)

        return fmt_date

    # Numeric
    zeros = "0" * length
    decimals = fld.decimals
    unit = Decimal(1).scaleb(-decimals)

    def to_decimal(value):
        if type(value) is Decimal:
            number = value
        elif type(value) is int:
            number = Decimal(value)
        elif type(value) is float:
            number = Decimal(repr(value))
        elif type(value) is str:
            try:
                number = Decimal(value.strip())
            except InvalidOperation:
                raise _FieldProblem(f"not a number: {value!r}") from None
        elif isinstance(value, int | Decimal) and not isinstance(value, bool):
            number = Decimal(value)
        else:
            raise _bad_type(value)
        if not number.is_finite():
            raise _FieldProblem(f"not a number: {value!r}")
        if number < 0:
            raise _FieldProblem(f"negative value {value!r} (amounts are unsigned)")
        return number

    if decimals:

        def fmt_amount(rec):
            value = rec.get(key)
            if type(value) is Decimal and value.is_finite() and value >= 0:  # fast path
                try:
                    text = str(int(value.quantize(unit, ROUND_HALF_UP).scaleb(decimals)))
                except InvalidOperation:
                    text = None
                if text is not None and len(text) <= length:
                    return text.zfill(length)
            if value is None or value is False or value == "":
                problem = missing(rec)
                if problem:
                    raise problem
                return zeros
            number = to_decimal(value)
            try:
                text = str(int(number.quantize(unit, ROUND_HALF_UP).scaleb(decimals)))
            except InvalidOperation:
                raise _FieldProblem(f"too long for {length} digits: {value!r}") from None
            if len(text) > length:
                raise _FieldProblem(f"too long ({len(text)} > {length} digits): {value!r}")
            return text.zfill(length)

        return fmt_amount

    def fmt_integer(rec):
        value = rec.get(key)
        if type(value) is int:
            number = value
            if number < 0:
                raise _FieldProblem(f"negative value {value!r} (numbers are unsigned)")
        elif value is None or value is False or value == "":
            problem = missing(rec)
            if problem:
                raise problem
            return zeros
        else:
            number = to_decimal(value)
            if number != number.to_integral_value():
                raise _FieldProblem(f"not an integer: {value!r}")
            number = int(number)
        text = str(number)
        if len(text) > length:
            raise _FieldProblem(f"too long ({len(text)} > {length} digits): {value!r}")
        return text.zfill(length)

    return fmt_integer


def _compile_parse(fld):
    """Return ``parse(text) -> value`` for one field's slice of a record; raises _FieldProblem."""
    if fld.type == "A":
        reverse = {text: raw for raw, text in fld.values.items()} if fld.values is not None else None
        if reverse is None:
            return str.strip

        def parse_mapped(text):
            text = text.strip()
            if not text:
                return ""
            try:
                return reverse[text]
            except KeyError:
                raise _FieldProblem(f"unknown code {text!r}") from None

        return parse_mapped

    if fld.type == "D":

        def parse_date(text):
            if not text.strip():
                return None
            try:
                if not (text.isascii() and text.isdigit()):
                    raise ValueError
                return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
            except ValueError:
                raise _FieldProblem(f"not a date YYYYMMDD: {text!r}") from None

        return parse_date

    decimals = fld.decimals

    def parse_number(text):
        if not (text.isascii() and text.isdigit()):
            if not text.strip():
                return None
            raise _FieldProblem(f"not a number: {text!r}")
        if decimals:
            return Decimal(int(text)).scaleb(-decimals)
        return int(text)

    return parse_number


def _join_slots(fields, formatters):
    """Generate ``format_record(rec) -> str``: one call per data slot, constants and fillers inlined as literals.

    Equivalent to ``"".join([fmt(rec) for fmt in formatters])`` without the loop (the writer's inner loop).
    """
    namespace = {}
    parts = []
    literal = ""
    for index, (fld, fmt) in enumerate(zip(fields, formatters, strict=True)):
        if fld.is_filler or fld.const is not None:
            literal += fmt(None)
            continue
        if literal:
            parts.append(repr(literal))
            literal = ""
        namespace[f"f{index}"] = fmt
        parts.append(f"f{index}(rec)")
    if literal:
        parts.append(repr(literal))
    source = f"def format_record(rec):\n    return ''.join(({', '.join(parts)},))\n"
    exec(compile(source, "<fixed_width record>", "exec"), namespace)  # noqa: S102 - generated from the layout
    return namespace["format_record"]


class _CompiledRecord:
    """Precompiled record type: slot formatters (writer) and slot parsers (parser)."""

    def __init__(self, record_type, layout):
        self.kind = record_type.name
        self.code = record_type.code
        self.names = [fld.name for fld in record_type.fields]
        self.formatters = [_compile_format(fld, record_type, layout.encoding) for fld in record_type.fields]
        self.format_record = _join_slots(record_type.fields, self.formatters)
        key_field = record_type.key_field
        self.key_source = key_field.source if key_field is not None else None
        self.key_name = key_field.name if key_field is not None else None
        self.field_names = {fld.source: fld.name for fld in record_type.fields if not fld.is_filler}
        self.parsers = []
        self.const_checks = []
        for fld in record_type.fields:
            begin, end = fld.start - 1, fld.end
            if fld.const is not None:
                expected = fld.const.zfill(fld.length) if fld.type == "N" else fld.const.ljust(fld.length)
                self.const_checks.append((fld.name, begin, end, expected))
            elif not fld.is_filler:
                self.parsers.append((fld.name, fld.source, begin, end, _compile_parse(fld)))
        self.amount_slice = None
        for fld in record_type.fields:
            if fld.source == layout.amount_key and fld.type == "N":
                self.amount_slice = (fld.start - 1, fld.end, fld.decimals)

    def record_key(self, rec):
        if self.key_source is None:
            return ""
        value = rec.get(self.key_source)
        return "" if _is_empty(value) else str(value)

    def format(self, rec, problems):
        """Return the record text, or None after appending its problems."""
        if type(rec) is not dict and not isinstance(rec, Mapping):
            problems.append(Problem(self.kind, "", "", f"record must be a dict, not {type(rec).__name__}"))
            return None
        try:
            return self.format_record(rec)
        except _FieldProblem:  # pylint: disable=except-pass  # the slow path below lists the problems
            pass
        # Slow path: collect the problems of every field.
        key = self.record_key(rec)
        for name, fmt in zip(self.names, self.formatters, strict=True):
            try:
                fmt(rec)
            except _FieldProblem as exc:
                problems.append(Problem(self.kind, key, name, str(exc)))
        return None

    def parse(self, line, line_no, problems):
        values = {}
        ok = True
        for name, source, begin, end, parse in self.parsers:
            try:
                values[source] = parse(line[begin:end])
            except _FieldProblem as exc:
                problems.append(Problem(self.kind, f"line {line_no}", name, str(exc)))
                ok = False
        for name, begin, end, expected in self.const_checks:
            if line[begin:end] != expected:
                problems.append(Problem(self.kind, f"line {line_no}", name, f"expected {expected!r}"))
                ok = False
        return values if ok else None


# ---------------------------------------------------------------------------------------------------------------
# Writer


def _totals(count_debtors, count_invoices, count_credit_notes, cents_invoices, cents_credit_notes, decimals):
    net = cents_invoices - cents_credit_notes
    return {
        "count_records": 2 + count_debtors + count_invoices + count_credit_notes,
        "count_debtors": count_debtors,
        "count_documents": count_invoices + count_credit_notes,
        "count_invoices": count_invoices,
        "count_credit_notes": count_credit_notes,
        "sum_invoices": Decimal(cents_invoices).scaleb(-decimals),
        "sum_credit_notes": Decimal(cents_credit_notes).scaleb(-decimals),
        "net_sum": Decimal(abs(net)).scaleb(-decimals),
        "net_sign": "+" if net >= 0 else "-",
    }


def _check_unique(compiled, records, problems):
    key_source = compiled.key_source
    if key_source is None:
        return
    keys = [rec.get(key_source) for rec in records if isinstance(rec, Mapping)]
    keys = [str(key) for key in keys if not _is_empty(key)]
    if len(set(keys)) == len(keys):
        return
    seen = set()
    for key in keys:
        if key in seen:
            problems.append(Problem(compiled.kind, key, compiled.key_name, "duplicate record key"))
        seen.add(key)


def _render(layout, header, debtors, documents):
    """Format every record; return (lines, totals, problems)."""
    problems = []
    compiled = layout._compiled
    debtors = list(debtors or ())
    documents = list(documents or ())
    lines = [compiled["header"].format(header, problems)]

    if debtors:
        if "debtor" not in compiled:
            problems.append(Problem("debtor", "", "", f"layout {layout.name!r} has no debtor records"))
        else:
            fmt = compiled["debtor"].format
            lines.extend([fmt(rec, problems) for rec in debtors])
            _check_unique(compiled["debtor"], debtors, problems)

    doc = compiled["document"]
    fmt = doc.format
    doc_type_key = layout.doc_type_key
    amount = doc.amount_slice
    begin, end, decimals = amount if amount else (0, 0, 0)
    count = {INVOICE: 0, CREDIT_NOTE: 0}
    cents = {INVOICE: 0, CREDIT_NOTE: 0}
    for rec in documents:
        line = fmt(rec, problems)
        lines.append(line)
        if line is None:
            continue
        doc_type = rec.get(doc_type_key)
        if doc_type in count:
            count[doc_type] += 1
            if amount:
                cents[doc_type] += int(line[begin:end])
        else:
            problems.append(
                Problem(
                    "document",
                    doc.record_key(rec),
                    doc.field_names.get(doc_type_key, doc_type_key),
                    f"unknown document type {doc_type!r}",
                )
            )
    _check_unique(doc, documents, problems)

    if isinstance(header, Mapping):
        for match_key in layout.header_match:
            expected = header.get(match_key)
            for rec in documents:
                if isinstance(rec, Mapping) and not _is_empty(rec.get(match_key)) and rec.get(match_key) != expected:
                    problems.append(
                        Problem(
                            "document",
                            doc.record_key(rec),
                            doc.field_names.get(match_key, match_key),
                            f"{rec.get(match_key)!r} differs from the header's {expected!r}",
                        )
                    )

    totals = _totals(len(debtors), count[INVOICE], count[CREDIT_NOTE], cents[INVOICE], cents[CREDIT_NOTE], decimals)
    trailer_values = {**header, **totals} if isinstance(header, Mapping) else totals
    lines.append(compiled["trailer"].format(trailer_values, problems))
    return lines, totals, problems


def validate(layout, header, debtors, documents):
    """Return the list of all :class:`Problem` of the data against the layout (empty if the file can be written)."""
    return _render(layout, header, debtors, documents)[2]


def write_file(layout, header, debtors, documents):
    """Return the file as bytes: header, debtor records, document records, trailer.

    Raises :class:`LayoutError` with every problem if anything does not fit.
    """
    lines, _unused, problems = _render(layout, header, debtors, documents)
    if problems:
        raise LayoutError(problems)
    line_end = layout.line_end
    return (line_end.join(lines) + line_end).encode(layout.encoding)


# ---------------------------------------------------------------------------------------------------------------
# Parser


def parse_file(layout, data, verify=True):
    """Parse file bytes back into ``dict(header=..., debtors=[...], documents=[...], trailer=...)``.

    Values are typed (int, Decimal, date, stripped str; mapped codes back to their dict values) and keyed by the
    fields' sources, so ``parse_file(write_file(...))`` gives back the written values. With ``verify`` the
    trailer's counts and sums are checked against the records. Raises :class:`LayoutError` with all problems.
    """
    problems = []
    try:
        text = data.decode(layout.encoding)
    except UnicodeDecodeError as exc:
        raise LayoutError([Problem("file", "", "", f"not {layout.encoding}: {exc}")]) from None
    lines = text.split(layout.line_end)
    if lines and lines[-1] == "":
        lines.pop()
    compiled = list(layout._compiled.values())
    result = {"header": None, "debtors": [], "documents": [], "trailer": None}
    kinds = []
    for line_no, line in enumerate(lines, 1):
        if len(line) != layout.record_length:
            problems.append(
                Problem("file", f"line {line_no}", "", f"record length {len(line)}, expected {layout.record_length}")
            )
            continue
        record = next((rec for rec in compiled if line.startswith(rec.code)), None)
        if record is None:
            problems.append(Problem("file", f"line {line_no}", "", f"unknown record type {line[:2]!r}"))
            continue
        kinds.append(record.kind)
        values = record.parse(line, line_no, problems)
        if values is None:
            continue
        if record.kind in ("header", "trailer"):
            result[record.kind] = values
        else:
            result[record.kind + "s"].append(values)
    if kinds.count("header") != 1 or kinds[:1] != ["header"]:
        problems.append(Problem("file", "", "", "expected exactly one header record, first"))
    if kinds.count("trailer") != 1 or kinds[-1:] != ["trailer"]:
        problems.append(Problem("file", "", "", "expected exactly one trailer record, last"))
    body = [kind for kind in kinds if kind in ("debtor", "document")]
    if body != sorted(body, key=lambda kind: kind != "debtor"):
        problems.append(Problem("file", "", "", "debtor records must precede the document records"))
    if verify and not problems and result["trailer"] is not None:
        problems.extend(_verify_totals(layout, result))
    if problems:
        raise LayoutError(problems)
    return result


def _verify_totals(layout, result):
    decimals = layout.amount_decimals
    count = {INVOICE: 0, CREDIT_NOTE: 0}
    cents = {INVOICE: 0, CREDIT_NOTE: 0}
    for doc in result["documents"]:
        doc_type = doc.get(layout.doc_type_key)
        if doc_type in count:
            count[doc_type] += 1
            amount = doc.get(layout.amount_key)
            if amount is not None:
                cents[doc_type] += int(amount.scaleb(decimals))
    totals = _totals(
        len(result["debtors"]), count[INVOICE], count[CREDIT_NOTE], cents[INVOICE], cents[CREDIT_NOTE], decimals
    )
    problems = []
    for key, expected in totals.items():
        if key in result["trailer"] and result["trailer"][key] != expected:
            problems.append(
                Problem("trailer", "", key, f"control value {result['trailer'][key]!r} differs from {expected!r}")
            )
    return problems
