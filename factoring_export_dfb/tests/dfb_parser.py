# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reads a fixed-width file back through the same layout table (tests only: the factor reads the files)."""

import datetime
from decimal import Decimal


def parse_file(layout, data):
    """File bytes -> ``dict(header=..., debtors=[...], documents=[...], trailer=...)``.

    Values are typed (int, Decimal, date, stripped str, mapped codes back to their dict values) and keyed by the
    fields' sources, so ``parse_file(write_file(...))`` gives back the written values. Every record must have the
    layout's length and a known record type code.
    """
    kinds = {fields[0].const: (kind, fields) for kind, fields in layout.records.items()}
    lines = data.decode(layout.encoding).split(layout.line_end)
    if lines[-1] == "":
        lines.pop()
    result = {"header": None, "debtors": [], "documents": [], "trailer": None}
    for number, line in enumerate(lines, 1):
        if len(line) != layout.record_length or line[0] not in kinds:
            raise ValueError(f"line {number}: {len(line)} characters, record type {line[:1]!r}")
        kind, fields = kinds[line[0]]
        values = {
            fld.source: _parse(fld, line[fld.start - 1 : fld.start - 1 + fld.length])
            for fld in fields
            if fld.source and fld.const is None
        }
        if kind in ("header", "trailer"):
            result[kind] = values
        else:
            result[f"{kind}s"].append(values)
    return result


def _parse(fld, text):
    if fld.type == "D":
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:])) if text.strip() else None
    if fld.type == "N":
        decimals = fld.option("decimals", 0)
        return Decimal(int(text)).scaleb(-decimals) if decimals else int(text)
    text = text.strip()
    values = fld.option("values")
    if isinstance(values, dict) and text:
        return {code: value for value, code in values.items()}[text]
    return text
