# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: the background jobs of large volumes, each run by a separate worker process, as Odoo's scheduler runs it.

    PYTHONPATH=/opt/odoo .venv/bin/python bench/bench_background.py -c .state/odoo-factoring_bench.conf \
        -d factoring_bench_volume [-n 20000] [--customers 200] [--json PATH]

COMMITS to the database: run it on a database of its own, e.g. a copy of the test or bench database
(``createdb -T factoring_bench factoring_bench_volume``, with no one connected to the template), never on one
you keep. It builds, on the demo factor DFB (which rebooks receivables), N posted invoices of its own customers
quickly (``bench/common.py`` ``post_documents``: invoices created and posted in chunks of 1,000, one line without
taxes each; about 2 minutes for 20,000 here), commits, then measures three jobs, each queued as the user's button
queues it and run by a fresh worker process (``ir.cron.method_direct_trigger`` of the job's scheduled action):

1. confirm one batch of the N documents (checks, the factor's file, the rebooking entry of 2 N lines posted and
   reconciled, stamps);
2. import a statement naming every invoice (about 0.9 N rows) into a new settlement (read, match, items created);
3. post that settlement (one entry, one reconciliation per item).

For each: the job's seconds, its SQL queries (``odoo.sql_db.sql_counter`` in the worker) and queries per document,
and the worker's peak resident memory (ru_maxrss of the process, registry loading included; the registry alone is
printed as ``baseline``). The growth from 2,000 to 20,000 is two runs: ``-n 2000`` then ``-n 20000``.
"""

import argparse
import base64
import json
import subprocess
import sys
import time

from common import demo_factor, peak_rss_mib, post_documents, write_json

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import config

CRONS = {
    "batch": "factoring_base.ir_cron_factoring_batch_jobs",
    "settlement": "factoring_settlement.ir_cron_factoring_settlement_jobs",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-n", type=int, default=2000, help="documents (default 2000)")
    parser.add_argument("--customers", type=int, default=200, help="customers the documents are spread over")
    parser.add_argument("--json", metavar="PATH")
    parser.add_argument("--worker", choices=sorted(CRONS), help=argparse.SUPPRESS)
    return parser.parse_args()


def registry(args):
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level", "warn"], setup_logging=True)
    return odoo.modules.registry.Registry(args.database)


def worker(args):
    """Run the job's scheduled action once; print seconds, queries and peak memory as JSON."""
    reg = registry(args)
    baseline = peak_rss_mib()
    with reg.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cron = env.ref(CRONS[args.worker])
        queries = odoo.sql_db.sql_counter
        started = time.perf_counter()
        cron.method_direct_trigger()
        seconds = time.perf_counter() - started
        queries = odoo.sql_db.sql_counter - queries
    print(json.dumps({"seconds": seconds, "queries": queries, "maxrss_mib": peak_rss_mib(), "baseline_mib": baseline}))


def run_worker(args, kind):
    command = [sys.executable, __file__, "-c", args.config, "-d", args.database, "--worker", kind]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    return json.loads(output.strip().splitlines()[-1])


def setup(env, args):
    env, factor = demo_factor(env, "factoring_base.demo_factor_dfb")
    suffix = str(int(time.time()))[-6:]
    country = env.ref("base.de")
    customers = env["res.partner"].create(
        [
            {"name": f"Volume Customer {suffix}-{i}", "is_company": True, "street": f"Weg {i}", "zip": "10115",
             "city": "Berlin", "country_id": country.id, "vat": "DE123456788", "factor_id": factor.id,
             "factor_debtor_ref": f"{suffix}{i:05d}"}
            for i in range(args.customers)
        ]
    )
    documents = post_documents(env, factor, args.n, customers=customers)
    env.cr.commit()
    return env, factor, documents


def measure_wizard(env, factor, documents):
    """Open the transfer wizard on the factor as the web client does (a new record, its onchange): the counts,
    totals and grouped reasons of every candidate, without rows above the wizard's inline limit."""
    env.invalidate_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    wizard = env["factoring.transfer"].new({"factor_id": factor.id, "cutoff_date": documents[-1].invoice_date})
    values = wizard._convert_to_write(
        {name: wizard[name] for name in ("selected_count", "excluded_count", "summary", "reason_summary",
                                         "selected_line_ids", "excluded_line_ids")}
    )
    seconds = time.perf_counter() - started
    assert values["selected_count"] >= len(documents), values["summary"]
    return {"seconds": seconds, "queries": env.cr.sql_log_count - queries, "maxrss_mib": peak_rss_mib(),
            "rows": len(wizard.selected_line_ids) + len(wizard.excluded_line_ids)}


def measure_batch(env, args, factor, documents):
    """Queue the confirmation of one batch of every document, as Confirm does above the threshold."""
    batch = factor._create_transfer_batches(documents[-1].invoice_date, moves=documents)
    assert len(batch) == 1 and len(batch.line_ids) == len(documents), "every document goes"
    batch._job_enqueue()
    env.cr.commit()
    result = run_worker(args, "batch")
    env.invalidate_all()
    assert batch.state == "confirmed", batch.job_error
    return batch, result


def measure_import(env, args, factor, invoices):
    """Queue the import of a statement naming every invoice with its open amount into a new settlement."""
    mapping = env["factoring.statement.mapping"].create(
        {"factor_id": factor.id, "name": "Volume benchmark", "header_row": 1, "column_document": "Document",
         "column_amount": "Amount", "column_fee": False, "column_retention": False, "column_deduction": False,
         "column_reason": False, "csv_delimiter": ";", "decimal_separator": "."}
    )
    rows = ["Document;Amount"] + [f"{doc.name};{doc.amount_total:.2f}" for doc in invoices]
    journal = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", factor.company_id.id)],
                                            limit=1)
    settlement = env["factoring.settlement"].create({"factor_id": factor.id, "journal_id": journal.id})
    attachment = env["ir.attachment"].create(
        {"name": "statement.csv", "datas": base64.b64encode("\n".join(rows).encode()),
         "res_model": settlement._name, "res_id": settlement.id}
    )
    settlement._job_enqueue({"kind": "statement_import", "attachment_id": attachment.id, "mapping_id": mapping.id,
                             "filename": "statement.csv"})
    env.cr.commit()
    result = run_worker(args, "settlement")
    env.invalidate_all()
    assert not settlement.job_state, settlement.job_error
    assert len(settlement.line_ids) == len(invoices), "every row matched"
    return settlement, result


def measure_settlement(env, args, settlement):
    """Queue the posting of the imported settlement (the factor paid exactly what it settled)."""
    settlement.amount_to_settle = settlement.amount_settled
    settlement._job_enqueue()
    env.cr.commit()
    result = run_worker(args, "settlement")
    env.invalidate_all()
    assert settlement.state == "posted", settlement.job_error
    return result


def main():
    args = parse_args()
    if args.worker:
        return worker(args)
    reg = registry(args)
    with reg.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
        started = time.perf_counter()
        env, factor, documents = setup(env, args)
        print(f"set-up: {len(documents)} posted documents in {time.perf_counter() - started:.1f} s", flush=True)
        wizard_result = measure_wizard(env, factor, documents)
        _batch, batch_result = measure_batch(env, args, factor, documents)
        # The statement names the invoices (their credit notes stay open at the factor); its settlement is posted.
        invoices = documents.filtered(lambda doc: doc.move_type == "out_invoice")
        settlement, import_result = measure_import(env, args, factor, invoices)
        results = {
            "wizard": wizard_result,
            "batch": batch_result,
            "import": import_result,
            "settlement": measure_settlement(env, args, settlement),
        }
    labels = {
        "wizard": f"open the transfer wizard on {args.n}+ candidates (counts, totals, reasons; in this process)",
        "batch": f"confirm one batch of {args.n} documents with rebooking (background job)",
        "settlement": f"post one settlement of {len(invoices)} items (background job)",
        "import": f"import a statement of {len(invoices)} rows (background job)",
    }
    counts = {"wizard": args.n, "batch": args.n, "import": len(invoices), "settlement": len(invoices)}
    print(f"{'job':<70} {'s':>8} {'queries':>9} {'q/doc':>7} {'peak MiB':>9}")
    for key, result in results.items():
        print(f"{labels[key]:<70} {result['seconds']:8.2f} {result['queries']:9d} "
              f"{result['queries'] / counts[key]:7.2f} {result['maxrss_mib']:9.1f}")
    print(f"rows the wizard built: {results['wizard']['rows']}")
    print(f"worker with the registry loaded, before any job: {results['batch']['baseline_mib']:.1f} MiB")
    write_json(
        args.json, "background", "Large volumes in the background", args.n,
        [{"key": key, "label": labels[key], "seconds": result["seconds"], "queries": result["queries"],
          "side": "ours", "peak_mib": result["maxrss_mib"]} for key, result in results.items()],
        baseline_mib=results["batch"]["baseline_mib"],
    )
    return None


if __name__ == "__main__":
    main()
