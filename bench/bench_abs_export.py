# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: the A.B.S. export of N documents from the ORM through the Odoo glue (not a timed test).

Usage (against a database built by setup/run or setup/test, which holds the demo factor A.B.S.):

    PYTHONPATH=/opt/odoo .venv/bin/python bench/bench_abs_export.py -c .state/odoo-factoring_test.conf \
        -d factoring_test [-n 20000]

It posts N CHF invoices (every tenth a credit note) for the three demo A.B.S. customers, creates one transfer
batch with the wizard and then measures, on that batch:
(a) the checks of the confirmation: the transfer rules (the A.B.S. row rule among them: row dicts from the ORM,
    UID and row validation) and the workbooks' own (``_get_export_problems_abs``: debtor numbers used twice),
(b) writing the two workbooks (``_generate_export_files_abs``: row dicts again, xlsxwriter constant-memory mode),
    once for the time and once under tracemalloc for the peak of Python allocations,
(c) stamping the export dates alone (``_abs_stamp_export_dates``, rolled back),
(d) the whole confirmation (locks, every check, both workbooks attached, export dates on documents and debtors),
(e) Odoo's comparable operation: ``export_data`` of the same documents with the same fields, written into an
    in-memory xlsxwriter workbook the way Odoo's XLSX export does (one cell at a time), time and tracemalloc peak.
Seconds, SQL queries and memory are printed (``--json PATH`` also writes them for ``setup/bench``); everything is
rolled back at the end.
"""

import io
import tracemalloc

import xlsxwriter
from common import (
    database_parser,
    demo_factor,
    measure,
    measurement,
    open_env,
    peak_rss_mib,
    post_documents,
    write_json,
)

from odoo import Command

# The fields the A.B.S. documents workbook takes from each document, for export_data.
EXPORT_FIELDS = [
    "move_type", "name", "invoice_date", "invoice_date_due", "commercial_partner_id/factor_debtor_ref",
    "commercial_partner_id/name", "currency_id/name", "amount_total", "amount_tax", "amount_untaxed",
    "reversed_entry_id/name", "ref",
]  # fmt: skip


def export_xlsx(moves):
    """export_data of the same fields into an in-memory workbook, as Odoo's XLSX export writes it."""
    rows = moves.export_data(EXPORT_FIELDS)["datas"]
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    base = workbook.add_format({"text_wrap": True})
    dates = workbook.add_format({"text_wrap": True, "num_format": "yyyy-mm-dd"})
    amounts = workbook.add_format({"text_wrap": True, "num_format": "#,##0.00"})
    sheet = workbook.add_worksheet()
    for column, name in enumerate(EXPORT_FIELDS):
        sheet.write(0, column, name)
    for row_index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            style = amounts if isinstance(value, float) else dates if hasattr(value, "isoformat") else base
            sheet.write(row_index, column, value, style)
    workbook.close()
    return output.getvalue()


def main():
    args = database_parser(__doc__, 20000).parse_args()
    with open_env(args) as env:
        cr = env.cr
        env, factor = demo_factor(env, "factoring_base.demo_factor_abs")
        factor.export_format = "abs"
        # Every tenth document a credit note (without original invoice: A.B.S. takes it as optional).
        moves = post_documents(env, factor, args.n, link_credit_notes=False)

        wizard = env["factoring.transfer"].create(
            {"factor_id": factor.id, "restrict_move_ids": [Command.set(moves.ids)]}
        )
        batch, seconds_batch, queries_batch = measure(env, wizard._create_batches)
        assert batch.line_count == args.n, batch.line_count

        problems, seconds_a, queries_a = measure(
            env, lambda: batch._get_confirm_problems() + factor._get_export_problems_abs(batch)
        )
        assert not problems, problems
        files, seconds_b, queries_b = measure(env, lambda: factor._generate_export_files_abs(batch))
        env.invalidate_all()
        tracemalloc.start()
        factor._generate_export_files_abs(batch)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        xlsx, seconds_e, queries_e = measure(env, lambda: export_xlsx(moves))
        env.invalidate_all()
        tracemalloc.start()
        export_xlsx(moves)
        _current, peak_e = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        cr.execute("SAVEPOINT stamp")
        _result, seconds_d, queries_d = measure(env, batch._abs_stamp_export_dates)
        cr.execute("ROLLBACK TO SAVEPOINT stamp")
        env.invalidate_all()

        _result, seconds_c, queries_c = measure(env, batch.action_confirm)
        assert batch.state == "confirmed" and len(batch.file_ids) == 2
        assert all(moves.mapped("factor_export_date"))

    maxrss_mib = peak_rss_mib()
    n = args.n
    print(f"N = {n} documents, {len(files)} files: " + ", ".join(
        f"{f['name']} {len(f['content']) / 2**20:.2f} MiB" for f in files))
    print(f"create batch (wizard):             {seconds_batch:7.2f} s {queries_batch:7d} queries")
    print(f"(a) A.B.S. checks:                 {seconds_a:7.2f} s {queries_a:7d} queries "
          f"({n / seconds_a:,.0f} documents/s)")
    print(f"(b) write both workbooks:          {seconds_b:7.2f} s {queries_b:7d} queries "
          f"({n / seconds_b:,.0f} documents/s), tracemalloc peak {peak / 2**20:.1f} MiB")
    print(f"(c) export dates alone:            {seconds_d:7.2f} s {queries_d:7d} queries")
    print(f"(d) confirm (checks, files, dates): {seconds_c:7.2f} s {queries_c:7d} queries "
          f"({queries_c / n:.2f} per document)")
    print(f"(e) export_data + XLSX (Odoo):     {seconds_e:7.2f} s {queries_e:7d} queries "
          f"({n / seconds_e:,.0f} documents/s), tracemalloc peak {peak_e / 2**20:.1f} MiB, "
          f"{len(xlsx) / 2**20:.2f} MiB")
    print(f"ratio (b)/(e): {seconds_b / seconds_e:.2f} (seconds), {queries_b / queries_e:.2f} (queries), "
          f"{peak / peak_e:.2f} (memory peak)")
    print(f"process peak RSS (ru_maxrss, includes posting the documents): {maxrss_mib:.1f} MiB")
    write_json(
        args.json, "abs_export", "A.B.S. workbooks from the ORM vs export_data to XLSX", n,
        [
            measurement("abs_workbooks", "write both A.B.S. workbooks (constant memory)", seconds_b, queries_b,
                        peak_mib=peak / 2**20),
            measurement("export_xlsx", "export_data of the same fields into an XLSX workbook", seconds_e, queries_e,
                        side="odoo", peak_mib=peak_e / 2**20),
            measurement("abs_checks", "A.B.S. checks", seconds_a, queries_a, side="info"),
            measurement("export_dates", "stamp the export dates", seconds_d, queries_d, side="info"),
            measurement("confirm", "whole confirm (checks, files, dates)", seconds_c, queries_c, side="info"),
            measurement("create_batch", "create the batch (transfer wizard)", seconds_batch, queries_batch,
                        side="info"),
        ],
        [{"ours": "abs_workbooks", "odoo": "export_xlsx", "goal": 1.0}],
        maxrss_mib=maxrss_mib,
    )


if __name__ == "__main__":
    main()
