# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: the background jobs of large volumes, each run by a separate worker process, as Odoo's scheduler runs it.

Two steps, both COMMITTING to the database given: run them on databases of their own, never on one you keep.

    # 1. build: N posted invoices of new customers of the demo factor DFB (once per N; keep it as a template)
    createdb -T factoring_bench factoring_bench_volume_20000
    PYTHONPATH=/opt/odoo .venv/bin/python bench/bench_background.py -c CONF -d factoring_bench_volume_20000 \
        -n 20000 --build [--customers 200] [--json BUILD.json]
    # 2. measure: on a copy of the built database (the jobs use the documents up), as often as wanted
    createdb -T factoring_bench_volume_20000 factoring_bench_volume_run
    PYTHONPATH=/opt/odoo .venv/bin/python bench/bench_background.py -c CONF -d factoring_bench_volume_run \
        [--build-json BUILD.json] [--json PATH]

``setup/bench --only background`` (``--large`` for 2,000 and 20,000) does both, keeps the built database as the
template ``<bench db>_volume_<N>`` and measures on a fresh copy each time. The build posts the invoices through
Odoo's public API in bulk (``bench/common.py`` ``post_documents``: one ``create`` and one ``action_post`` per chunk
of 2,000 documents, every tenth a credit note of the invoice before it, one line without taxes each); its seconds
are printed and reported. On the shared 2-core machine here (2026-12-02, five other sessions at work, load average
4.5 to 7.9): 64 s for 2,000 documents, 1,891 s (31.5 min) for 20,000, the chunks slowing from about 2 to 4.5 min
as the load rose; most of it is Odoo's own ``create`` (the invoice's dynamic lines) and ``_post``. Hence the
template: the 20,000 are built once and copied (``createdb -T``, seconds) for each run.

The measure step takes the documents of the built customers and measures:

0. the transfer wizard on them, opened as the web client opens it (``Form``: ``default_get`` and ``onchange`` of
   the form view), for the factor DFB, then once more with the factor switched to A.B.S. and every customer
   flagged for the export (rolled back), and the A.B.S. row rule alone (one unsaved batch line per candidate);
   these run in the measuring process, not in a worker;
1. confirm one batch of the N documents (checks, the factor's file, the rebooking entry of 2 N lines posted and
   reconciled, stamps);
2. import a statement naming every invoice (0.9 N rows) into a new settlement (read, match, items created);
3. post that settlement (one entry, one reconciliation per item).

Jobs 1 to 3 are queued as the user's button queues them and each is run by a fresh worker process
(``ir.cron.method_direct_trigger`` of the job's scheduled action): its seconds, its SQL queries
(``odoo.sql_db.sql_counter`` in the worker) and the worker's peak resident memory (VmHWM, registry loading
included; the registry alone is reported as ``baseline``). The growth from 2,000 to 20,000 is two builds and runs.
"""

import argparse
import base64
import json
import os
import subprocess
import sys
import time

from common import demo_factor, peak_rss_mib, post_documents, write_json

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests import Form
from odoo.tools import config

CRONS = {
    "batch": "factoring_base.ir_cron_factoring_batch_jobs",
    "settlement": "factoring_settlement.ir_cron_factoring_settlement_jobs",
}
CUSTOMER_PREFIX = "Volume Customer"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-n", type=int, default=2000, help="documents to build (default 2000)")
    parser.add_argument("--build", action="store_true", help="build the documents and commit (step 1)")
    parser.add_argument("--customers", type=int, default=200, help="customers the documents are spread over")
    parser.add_argument("--chunk", type=int, default=2000, help="documents per create/action_post call")
    parser.add_argument("--build-json", metavar="PATH", help="the build's JSON, its seconds reported as a fact")
    parser.add_argument("--json", metavar="PATH")
    parser.add_argument("--worker", choices=sorted(CRONS), help=argparse.SUPPRESS)
    return parser.parse_args()


def registry(args):
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level", "warn"], setup_logging=True)
    return odoo.modules.registry.Registry(args.database)


def worker_peak_mib():
    """The worker's own peak resident memory: VmHWM of /proc/self/status (Linux). ``ru_maxrss`` would not do: across
    the exec it keeps the parent's resident memory at the fork (the measuring process, which holds the N documents
    in its cache). Elsewhere: ``ru_maxrss``."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 2**10
    except OSError:
        pass
    return peak_rss_mib()


def worker(args):
    """Run the job's scheduled action once; print seconds, queries and peak memory as JSON."""
    reg = registry(args)
    baseline = worker_peak_mib()
    with reg.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cron = env.ref(CRONS[args.worker])
        queries = odoo.sql_db.sql_counter
        started = time.perf_counter()
        cron.method_direct_trigger()
        seconds = time.perf_counter() - started
        queries = odoo.sql_db.sql_counter - queries
    peak = worker_peak_mib()
    print(json.dumps({"seconds": seconds, "queries": queries, "maxrss_mib": peak, "baseline_mib": baseline}))


def run_worker(args, kind):
    command = [sys.executable, __file__, "-c", args.config, "-d", args.database, "--worker", kind]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    return json.loads(output.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------------------------
# Step 1: build


def build(env, args):
    """Customers of the factor DFB and N posted documents of theirs, committed; the build's facts as JSON.

    Built without mail features (``tracking_disable``: no creation message, follower or tracking of the set-up);
    the measured jobs run with Odoo's tracking, as in production."""
    env, factor = demo_factor(env(context=dict(env.context, tracking_disable=True)), "factoring_base.demo_factor_dfb")
    started = time.perf_counter()
    country = env.ref("base.de")
    customers = env["res.partner"].create(
        [
            {"name": f"{CUSTOMER_PREFIX} {i}", "is_company": True, "street": f"Weg {i}", "zip": "10115",
             "city": "Berlin", "country_id": country.id, "vat": "DE123456788", "factor_id": factor.id,
             "factor_debtor_ref": f"9{i:05d}"}
            for i in range(args.customers)
        ]
    )
    documents = post_documents(env, factor, args.n, customers=customers, chunk=args.chunk)
    env.cr.commit()
    seconds = time.perf_counter() - started
    print(f"built: {len(documents)} posted documents of {len(customers)} customers in {seconds:.1f} s", flush=True)
    write_json(
        args.json, "background_build", "Build of the posted documents", args.n,
        [{"key": "build", "label": f"post {args.n} documents in chunks of {args.chunk}", "seconds": seconds,
          "queries": None, "side": "info", "peak_mib": peak_rss_mib()}],
    )


# ---------------------------------------------------------------------------------------------------------------
# Step 2: measure


def built_documents(env):
    env, factor = demo_factor(env, "factoring_base.demo_factor_dfb")
    documents = env["account.move"].search(
        [("factor_id", "=", factor.id), ("factoring_state", "=", "to_transfer"),
         ("partner_id.name", "=like", f"{CUSTOMER_PREFIX} %")],
        order="id",
    )
    assert documents, "no built documents: run --build first (on the database this one is a copy of)"
    return env, factor, documents


def timed(env, func):
    """``(result, seconds, queries)`` of ``func()`` on an empty cache, in this process."""
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    result = func()
    return result, time.perf_counter() - started, env.cr.sql_log_count - queries


def open_wizard(env, factor, cutoff_date):
    """The transfer wizard as the web client opens it: default_get and the onchange of the form view."""
    wizard = env["factoring.transfer"].with_context(default_factor_id=factor.id, default_cutoff_date=cutoff_date)
    form = Form(wizard)
    return {"selected": form.selected_count, "excluded": form.excluded_count, "rows": len(form.selected_line_ids)}


def measure_wizards(env, factor, documents):
    """The wizard for DFB, for A.B.S. (factor switched, customers flagged) and the A.B.S. row rule alone."""
    cutoff = documents[-1].invoice_date
    results = {}
    counts, seconds, queries = timed(env, lambda: open_wizard(env, factor, cutoff))
    assert counts["selected"] >= len(documents), counts
    results["wizard"] = {"seconds": seconds, "queries": queries, **counts}
    with env.cr.savepoint() as savepoint:
        factor.export_format = "abs"
        documents.commercial_partner_id.with_company(factor.company_id).factor_export = True
        counts, seconds, queries = timed(env, lambda: open_wizard(env, factor, cutoff))
        results["wizard_abs"] = {"seconds": seconds, "queries": queries, **counts}
        reasons, seconds, queries = timed(env, lambda: factor._transfer_rule_abs_records(documents, cutoff, None))
        results["abs_rule"] = {"seconds": seconds, "queries": queries, "refused": len(reasons)}
        savepoint.close(rollback=True)  # the factor stays DFB, the customers unflagged
    env.invalidate_all()
    return results


def measure_batch(env, args, factor, documents):
    """Queue the confirmation of one batch of every document, as Confirm does above the threshold."""
    batch = factor._create_transfer_batches(documents[-1].invoice_date, moves=documents)
    assert len(batch) == 1 and len(batch.line_ids) == len(documents), "every document goes"
    batch._job_enqueue()
    # Before the commit: a query after it would open the transaction (and its snapshot) before the worker's commit.
    env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_message")
    last_message = env.cr.fetchone()[0]
    env.cr.commit()
    result = run_worker(args, "batch")
    env.invalidate_all()
    assert batch.state == "confirmed", batch.job_error
    # What Odoo's mail tracking wrote meanwhile (the documents' payment status, the batch's state, ...)
    env.cr.execute(
        """SELECT COUNT(DISTINCT m.id), COUNT(v.id) FROM mail_message m
           LEFT JOIN mail_tracking_value v ON v.mail_message_id = m.id WHERE m.id > %s""",
        [last_message],
    )
    result["messages"], result["tracking_values"] = env.cr.fetchone()
    return result


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


def measure(env, args):
    env, factor, documents = built_documents(env)
    n = len(documents)
    load_avg = os.getloadavg()[0]
    results = measure_wizards(env, factor, documents)
    results["batch"] = measure_batch(env, args, factor, documents)
    # The statement names the invoices (their credit notes stay open at the factor); its settlement is posted.
    invoices = documents.filtered(lambda doc: doc.move_type == "out_invoice")
    settlement, results["import"] = measure_import(env, args, factor, invoices)
    results["settlement"] = measure_settlement(env, args, settlement)
    m = len(invoices)
    rows = {
        "batch": (f"confirm one batch of N documents with rebooking (job, {n:,})", n),
        "import": (f"import a statement of one row per invoice (job, {m:,} rows)", m),
        "settlement": (f"post one settlement of one item per invoice (job, {m:,} items)", m),
        "wizard": (f"open the transfer wizard, DFB ({results['wizard']['selected']:,} candidates; no worker)", n),
        "wizard_abs": (f"open the transfer wizard, A.B.S. ({n:,}+ candidates; no worker)", n),
        "abs_rule": (f"A.B.S. row rule alone (one unsaved batch line per document, {n:,}; no worker)", n),
    }
    print(f"{'measurement':<90} {'s':>8} {'queries':>9} {'q/doc':>7} {'peak MiB':>9}")
    measurements = []
    for key, (label, count) in rows.items():
        result = results[key]
        peak = result.get("maxrss_mib")
        print(f"{label:<90} {result['seconds']:8.2f} {result['queries']:9d} {result['queries'] / count:7.2f} "
              f"{'' if peak is None else f'{peak:9.1f}'}")
        measurements.append(
            {"key": key, "label": label.split(" (")[0], "seconds": result["seconds"], "queries": result["queries"],
             "side": "ours" if peak else "info", "peak_mib": peak, "n": count}
        )
    facts = {
        "load_avg": load_avg, "baseline_mib": results["batch"]["baseline_mib"], "documents": n, "invoices": m,
        "wizard_rows_rendered": results["wizard"]["rows"], "abs_rule_refused": results["abs_rule"]["refused"],
        "confirm_messages": results["batch"]["messages"],
        "confirm_tracking_values": results["batch"]["tracking_values"],
    }
    if args.build_json:
        with open(args.build_json, encoding="utf-8") as file:
            build_data = json.load(file)["measurements"][0]
        facts["build_s"] = build_data["seconds"]
        facts["build_peak_mib"] = build_data["peak_mib"]
    print(facts)
    write_json(args.json, "background", "Large volumes in the background", n, measurements, **facts)


def main():
    args = parse_args()
    if args.worker:
        return worker(args)
    reg = registry(args)
    with reg.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
        if args.build:
            build(env, args)
        else:
            measure(env, args)
    return None


if __name__ == "__main__":
    main()
