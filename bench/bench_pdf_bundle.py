# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: time and peak memory of the factor's PDF bundle of N documents (not a test).

Usage (against a database built by setup/run or setup/test, which holds the demo factor A.B.S.):

    PYTHONPATH=/opt/odoo .venv/bin/python bench/bench_pdf_bundle.py -c .state/odoo-factoring_test.conf \
        -d factoring_test [-n 500] [--stored 0.5]

It posts N EUR documents (every tenth a credit note) for the demo A.B.S. customers, gives the share ``--stored`` of
them a stored PDF (as Odoo keeps one when an invoice is sent: reused, not rendered), creates one transfer batch
with the wizard and measures, with *Send PDF Bundle* on:
(a) the confirmation with the bundle (render the documents without a stored PDF with wkhtmltopdf, 20 at a time,
    write the bundle, rebooking entry, file), its Python peak memory (tracemalloc) and the process's peak RSS;
(b) the confirmation of as many other documents without the bundle (a second batch), for the bundle's share;
(a) and (b) run under tracemalloc, which slows Python down (not wkhtmltopdf): compare them with each other.
(c) the writer alone (tools/pdf_bundle.py) on N copies of one rendered invoice, against Odoo's in-memory
    ``odoo.tools.pdf.merge_pdf`` of the same N copies: seconds and Python peak memory of each.
The report's assets are served by an Odoo HTTP server this script starts on the configuration's port (wkhtmltopdf
loads them from it). Everything is rolled back at the end. Rendering is the slow part (about 1-3 s per chunk of
20 invoices on a quiet machine); 500 documents take minutes.
"""

import io
import tempfile
import time
import tracemalloc

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

import odoo
from odoo import Command
from odoo.service import server
from odoo.tools import config


def traced(func):
    """``(result, seconds, Python peak MiB)`` of ``func()`` under tracemalloc."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = func()
        seconds = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, seconds, peak / 2**20


def start_http():
    """Serve the report assets wkhtmltopdf loads (the configuration's port, 127.0.0.1)."""
    server.server = server.ThreadedServer(odoo.http.root)
    server.server.http_spawn()
    return f"http://127.0.0.1:{config['http_port']}"


def main():
    parser = database_parser(__doc__, 500)
    parser.add_argument("--stored", type=float, default=0.5, help="share of documents with a stored PDF (0-1)")
    args = parser.parse_args()
    with open_env(args) as env:
        from odoo.tools import pdf

        from odoo.addons.factoring_base.tools import pdf_bundle

        env["ir.config_parameter"].sudo().set_param("report.url", start_http())
        env, factor = demo_factor(env, "factoring_base.demo_factor_abs")
        # The generic CSV file: the bundle's cost, not the A.B.S. workbooks' (bench_abs_export.py measures those).
        factor.write({"send_pdf_bundle": True, "export_format": "csv"})
        n = args.n
        moves = post_documents(env, factor, 2 * n)
        bundled, plain = moves[:n], moves[n:]
        # One rendered invoice: the stored PDF of the share --stored, and the source of the writer comparison.
        Report = env["ir.actions.report"].with_company(factor.company_id)
        sample, _type = Report._render_qweb_pdf("account.account_invoices", bundled[:1].ids)
        stored = env["account.move"].concat(*[
            move for index, move in enumerate(bundled) if int((index + 1) * args.stored) > int(index * args.stored)
        ])  # fmt: skip
        env["ir.attachment"].create([
            {"name": f"{move.id}.pdf", "raw": sample, "mimetype": "application/pdf", "res_model": "account.move",
             "res_id": move.id, "res_field": "invoice_pdf_report_file"}
            for move in stored
        ])  # fmt: skip
        env.invalidate_all()

        def create_batch(documents):
            wizard = env["factoring.transfer"].create(
                {"factor_id": factor.id, "restrict_move_ids": [Command.set(documents.ids)]}
            )
            batch = wizard._create_batches()
            assert batch.line_count == len(documents), batch.line_count
            return batch

        batch = create_batch(bundled)
        rss_before = peak_rss_mib()
        (_res, seconds_a, queries_a), _seconds, peak_a = traced(lambda: measure(env, batch.action_confirm))
        rss_after = peak_rss_mib()
        bundle = batch.bundle_file_id
        assert batch.state == "confirmed" and bundle, batch.state
        pages = len(pdf.PdfFileReader(io.BytesIO(bundle.raw)).pages)
        bundle_mib = len(bundle.raw) / 2**20
        bundle_name, stored_count = bundle.name, len(stored)

        factor.send_pdf_bundle = False
        other = create_batch(plain)
        (_res, seconds_b, queries_b), _seconds, peak_b = traced(lambda: measure(env, other.action_confirm))
        assert other.state == "confirmed" and not other.bundle_file_id

        def write_copies():
            with tempfile.TemporaryFile() as out:
                writer = pdf_bundle.PdfBundleWriter(out)
                for _i in range(n):
                    writer.add(sample)
                return writer.close()

        writer_pages, seconds_writer, peak_writer = traced(write_copies)
        merged, seconds_merge, peak_merge = traced(lambda: pdf.merge_pdf([sample] * n))
        assert len(pdf.PdfFileReader(io.BytesIO(merged)).pages) == writer_pages

    print(f"N = {n} documents ({stored_count} with a stored PDF); bundle {bundle_name}: {pages} pages, "
          f"{bundle_mib:.2f} MiB")
    print(f"(a) confirm with the bundle:     {seconds_a:8.2f} s {queries_a:7d} queries, Python peak {peak_a:7.1f} MiB "
          f"(tracemalloc), process peak RSS {rss_before:.0f} -> {rss_after:.0f} MiB")
    print(f"(b) confirm without the bundle:  {seconds_b:8.2f} s {queries_b:7d} queries, Python peak {peak_b:7.1f} MiB")
    print(f"    the bundle's share:          {seconds_a - seconds_b:8.2f} s ({(seconds_a - seconds_b) / n:.3f} s per "
          f"document)")
    print(f"(c) writer, {n} copies of one invoice ({len(sample) / 2**10:.0f} KiB): {seconds_writer:6.2f} s, Python "
          f"peak {peak_writer:6.1f} MiB")
    print(f"    odoo.tools.pdf.merge_pdf, same:       {seconds_merge:6.2f} s, Python peak {peak_merge:6.1f} MiB")
    write_json(
        args.json, "pdf_bundle", "The factor's PDF bundle: time and peak memory", n,
        [
            measurement("confirm_bundle", "confirm with the PDF bundle", seconds_a, queries_a, peak_mib=peak_a),
            measurement("confirm_plain", "confirm without the PDF bundle", seconds_b, queries_b, side="info",
                        peak_mib=peak_b),
            measurement("writer", "bundle writer, N copies of one invoice", seconds_writer, peak_mib=peak_writer),
            measurement("merge_pdf", "odoo.tools.pdf.merge_pdf, N copies of one invoice", seconds_merge,
                        side="odoo", peak_mib=peak_merge),
        ],
        stored=stored_count, pages=pages, bundle_mib=bundle_mib, rss_peak_mib=rss_after,
    )


if __name__ == "__main__":
    main()
