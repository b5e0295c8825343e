# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: the DFB file of N documents from the ORM vs Odoo's export_data of the same fields (not a test).

Usage (against a database built by setup/run or setup/test, which holds the demo factor DFB):

    PYTHONPATH=/opt/odoo .venv/bin/python bench/bench_dfb_export.py -c .state/odoo-factoring_test.conf \
        -d factoring_test [-n 20000]

It posts N EUR documents (every tenth a credit note of an earlier invoice) for the demo DFB customers, creates one
transfer batch with the wizard and measures on identical data, in the same run:
(a) the DFB file generation from the ORM for the batch (``_generate_export_files_dfb``: read the documents and
    debtors, build the record dicts, validate and write the fixed-width file),
(b) Odoo's own ``export_data`` of the same documents with the same fields (as the export dialog does),
plus the checks run on confirm (the transfer rules, with the DFB record rule, and the file's own checks) and the
pure writer's records/second on the prepared dicts (no ORM).
Seconds, SQL queries and the ratio a/b (goal <= 0.5) are printed (``--json PATH`` also writes them for
``setup/bench``); everything is rolled back at the end.
"""

import time

from common import database_parser, demo_factor, measure, measurement, open_env, post_documents, write_json

from odoo import Command

# The fields the DFB document record takes from each document (and its debtor's number), for export_data.
EXPORT_FIELDS = [
    "move_type", "name", "invoice_date", "invoice_date_due", "commercial_partner_id/factor_debtor_ref",
    "currency_id/name", "amount_total", "amount_tax", "reversed_entry_id/name", "ref",
]  # fmt: skip


def main():
    parser = database_parser(__doc__, 20000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the best counts")
    args = parser.parse_args()
    with open_env(args) as env:
        # Our addons are importable once the configuration set Odoo's addons path.
        from odoo.addons.factoring_export_dfb.models.factoring_factor import _dfb_layout
        from odoo.addons.factoring_export_dfb.tools import fixed_width

        env, factor = demo_factor(env, "factoring_base.demo_factor_dfb")
        factor.write({"export_format": "dfb", "client_number": factor.client_number or "4711"})
        # Nine invoices, then a credit note of the invoice before it, per ten documents.
        moves = post_documents(env, factor, args.n)
        wizard = env["factoring.transfer"].create(
            {"factor_id": factor.id, "restrict_move_ids": [Command.set(moves.ids)]}
        )
        batch, seconds_batch, queries_batch = measure(env, wizard._create_batches)
        assert batch.line_count == args.n, batch.line_count

        def best(func):
            runs = [measure(env, func) for _run in range(args.repeat)]
            return min(runs, key=lambda run: run[1])

        # The checks of the confirmation: the transfer rules (the DFB record rule among them) and the file's own.
        problems, seconds_check, queries_check = best(
            lambda: batch._get_confirm_problems() + factor._get_export_problems_dfb(batch)
        )
        assert not problems, problems[:5]
        files, seconds_a, queries_a = best(lambda: factor._generate_export_files_dfb(batch))
        exported, seconds_b, queries_b = best(lambda: moves.export_data(EXPORT_FIELDS))
        assert len(exported["datas"]) == args.n

        # The pure writer on the prepared dicts (no ORM)
        data = factor._dfb_prepare_data(batch)
        header, debtors, documents = data["header"], data["debtors"], data["documents"]
        layout = _dfb_layout(factor.dfb_charset)
        writer_runs = []
        for _run in range(args.repeat):
            start = time.perf_counter()
            content = fixed_width.write_file(layout, header, debtors, documents)
            writer_runs.append(time.perf_counter() - start)
        assert content == files[0]["content"]
        seconds_writer = min(writer_runs)
        records = len(documents) + len(debtors) + 2

        _result, seconds_confirm, queries_confirm = measure(env, batch.action_confirm)
        assert batch.state == "confirmed" and len(batch.file_ids) == 1

    n = args.n
    print(f"N = {n} documents, file {files[0]['name']} {len(files[0]['content']) / 2**20:.2f} MiB, "
          f"{records} records; best of {args.repeat} runs")
    print(f"create batch (wizard):              {seconds_batch:7.2f} s {queries_batch:7d} queries")
    print(f"DFB checks (on confirm):            {seconds_check:7.2f} s {queries_check:7d} queries")
    print(f"(a) DFB file from the ORM:          {seconds_a:7.2f} s {queries_a:7d} queries "
          f"({n / seconds_a:,.0f} documents/s)")
    print(f"(b) export_data, same fields:       {seconds_b:7.2f} s {queries_b:7d} queries "
          f"({n / seconds_b:,.0f} documents/s)")
    print(f"ratio a/b: {seconds_a / seconds_b:.2f} (seconds, goal <= 0.5), {queries_a / queries_b:.2f} (queries)")
    print(f"pure writer on prepared dicts:      {seconds_writer:7.3f} s ({records / seconds_writer:,.0f} records/s)")
    print(f"whole confirm (checks, file, rebooking, stamps): {seconds_confirm:7.2f} s {queries_confirm:7d} queries "
          f"({queries_confirm / n:.2f} per document)")
    write_json(
        args.json, "dfb_export", "DFB file from the ORM vs export_data of the same fields", n,
        [
            measurement("dfb_file", "DFB file from the ORM (_generate_export_files_dfb)", seconds_a, queries_a),
            measurement("export_data", "export_data of the same documents and fields", seconds_b, queries_b,
                        side="odoo"),
            measurement("dfb_checks", "DFB checks run on confirm", seconds_check, queries_check, side="info"),
            measurement("create_batch", "create the batch (transfer wizard)", seconds_batch, queries_batch,
                        side="info"),
            measurement("confirm", "whole confirm (checks, file, rebooking, stamps)", seconds_confirm,
                        queries_confirm, side="info"),
            measurement("writer", f"pure writer on prepared dicts ({records} records)", seconds_writer, side="info"),
        ],
        [{"ours": "dfb_file", "odoo": "export_data", "goal": 0.5}],
        repeat=args.repeat, file_mib=len(files[0]["content"]) / 2**20,
    )


if __name__ == "__main__":
    main()
