# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the A.B.S. documents workbook (no ORM, no database).

    PYTHONPATH=/opt/odoo .venv/bin/python bench/bench_abs_workbook.py [N] [--mode constant|normal|both]

Builds N document rows (default 20,000), then validates and writes them with ``write_documents``: one timed run
without tracing, one run under tracemalloc for the peak of Python allocations while writing (the row dicts are built
before tracing starts). Prints seconds, the tracemalloc peak, the process's peak RSS (ru_maxrss, which includes the
rows themselves and everything before, Odoo's import too) and the file size (``--json PATH`` also writes them for
``setup/bench``). The writer is imported as Odoo imports it (``common.load_addons``).
"""

import argparse
import datetime
import sys
import time
import tracemalloc
from decimal import Decimal

import common

common.load_addons()
from odoo.addons.factoring_export_abs.tools import abs_workbook  # noqa: E402


def make_rows(count):
    start = datetime.date(2026, 1, 1)
    rows = []
    for index in range(count):
        net = Decimal(100 + (index * 37) % 90000) + Decimal(index % 100) / 100
        tax = (net * Decimal("0.081")).quantize(Decimal("0.01"))
        credit_note = index % 10 == 9
        date = start + datetime.timedelta(days=index % 365)
        rows.append(
            {
                "doc_type": "credit_note" if credit_note else "invoice",
                "number": f"{'RINV' if credit_note else 'INV'}/2026/{index + 1:06d}",
                "date": date,
                "due_date": date + datetime.timedelta(days=30),
                "debtor_ref": f"{10000 + index % 500}",
                "debtor_name": f"Debitor {index % 500} AG",
                "currency": "EUR" if index % 4 == 3 else "CHF",
                "amount_total": net + tax,
                "amount_tax": tax,
                "amount_untaxed": net,
                "origin_number": f"INV/2026/{index:06d}" if credit_note else False,
                "ref": f"PO {index}" if index % 3 else False,
            }
        )
    return rows


def run(rows, constant_memory):
    started = time.perf_counter()
    data = abs_workbook.write_documents(rows, constant_memory=constant_memory)
    seconds = time.perf_counter() - started

    tracemalloc.start()
    abs_workbook.write_documents(rows, constant_memory=constant_memory)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak, len(data)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=20000, help="number of documents (default 20000)")
    parser.add_argument("--mode", choices=("constant", "normal", "both"), default="constant")
    common.add_json_argument(parser)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    rows = make_rows(args.count)
    print(f"built {args.count} document rows in {time.perf_counter() - started:.2f} s")
    modes = {"constant": [True], "normal": [False], "both": [True, False]}[args.mode]
    measurements = []
    for constant_memory in modes:
        seconds, peak, size = run(rows, constant_memory)
        label = "constant_memory" if constant_memory else "normal"
        measurements.append(
            common.measurement(label, f"write_documents ({label.replace('_', ' ')})", seconds,
                                     side="ours" if constant_memory else "info", peak_mib=peak / 2**20,
                                     file_mib=size / 2**20)
        )
        print(
            f"{label:>15}: {args.count} documents in {seconds:.2f} s ({args.count / seconds:,.0f}/s), "
            f"tracemalloc peak {peak / 2**20:.1f} MiB, file {size / 2**20:.2f} MiB"
        )
    maxrss_mib = common.peak_rss_mib()
    print(f"process peak RSS (ru_maxrss): {maxrss_mib:.1f} MiB")
    common.write_json(args.json, "abs_workbook", "A.B.S. documents workbook writer (no ORM)", args.count,
                            measurements, maxrss_mib=maxrss_mib)
    return 0


if __name__ == "__main__":
    sys.exit(main())
