# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the DFB fixed-width writer (no ORM, no database).

    PYTHONPATH=/opt/odoo .venv/bin/python bench/bench_dfb_writer.py [N] [--repeat R]

Builds N prepared document dicts (default 20,000) plus one debtor per 10 documents, then times ``write_file``
(validation included, best of R runs) and prints records/second (``--json PATH`` also writes
them for ``setup/bench``). The writer is imported as Odoo imports it (``common.load_addons``).
"""

import argparse
import datetime
import sys
import time
from decimal import Decimal

import common

common.load_addons()
from odoo.addons.factoring_export_dfb.tools import dfb_layout, fixed_width  # noqa: E402


def make_data(count):
    start = datetime.date(2026, 1, 1)
    header = {"client_number": 4711, "date": start, "batch": "2026000001", "currency": "EUR", "file_kind": "D"}
    debtors = [
        {
            "debtor_ref": f"{10000 + index}",
            "name": f"Debitor {index} Müller & Söhne GmbH",
            "name2": "Niederlassung Süd" if index % 2 else None,
            "street": f"Hauptstraße {index % 200 + 1}",
            "zip": f"{10000 + index % 89999:05d}",
            "city": "München",
            "country": "DE",
            "vat": f"DE{100000000 + index}",
            "phone": "+49 89 123456",
            "email": f"buchhaltung{index}@example.com",
            "lang": "de",
        }
        for index in range(max(1, count // 10))
    ]
    documents = []
    for index in range(count):
        net = Decimal(100 + (index * 37) % 90000) + Decimal(index % 100) / 100
        tax = (net * Decimal("0.19")).quantize(Decimal("0.01"))
        credit_note = index % 10 == 9
        date = start + datetime.timedelta(days=index % 365)
        documents.append(
            {
                "doc_type": "credit_note" if credit_note else "invoice",
                "number": f"{'RINV' if credit_note else 'INV'}/2026/{index + 1:06d}",
                "date": date,
                "due_date": date + datetime.timedelta(days=30),
                "payment_days": 30,
                "debtor_ref": debtors[index % len(debtors)]["debtor_ref"],
                "currency": "EUR",
                "amount_total": net + tax,
                "amount_tax": tax,
                "origin_number": f"INV/2026/{index:06d}" if credit_note else False,
                "order_ref": f"PO {index}" if index % 3 else False,
            }
        )
    return header, debtors, documents


def best_of(repeat, func):
    best = None
    result = None
    for _run in range(repeat):
        started = time.perf_counter()
        result = func()
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    return best, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=20000, help="number of documents (default 20000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement, the best is shown (default 3)")
    common.add_json_argument(parser)
    args = parser.parse_args(argv)
    layout = dfb_layout.DFB_LAYOUT

    started = time.perf_counter()
    header, debtors, documents = make_data(args.count)
    print(f"built {len(documents)} documents and {len(debtors)} debtors in {time.perf_counter() - started:.2f} s")
    records = len(debtors) + len(documents) + 2

    write_seconds, data = best_of(args.repeat, lambda: fixed_width.write_file(layout, header, debtors, documents))
    print(f"write_file: {records} records in {write_seconds:.3f} s = {records / write_seconds:,.0f} records/s, "
          f"{len(data):,} bytes")
    assert len(data) == records * (dfb_layout.RECORD_LENGTH + 2)
    common.write_json(
        args.json, "dfb_writer", "DFB fixed-width writer (no ORM)", args.count,
        [
            common.measurement("write_file", f"write_file ({records} records, validation included)",
                                     write_seconds, records=records),
        ],
        repeat=args.repeat, bytes=len(data),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
