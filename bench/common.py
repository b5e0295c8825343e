# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Set-up shared by the benchmark scripts in bench/ (not a benchmark itself).

The benchmarks are scripts, run from the repository root with Odoo on the Python path:

    PYTHONPATH=/opt/odoo .venv/bin/python bench/bench_<name>.py [arguments]

Python puts the script's folder first on ``sys.path``, so each script imports this module as ``common``. Our code
is imported one way only, as Odoo addon modules (``from odoo.addons.factoring_export_dfb.tools import
fixed_width``): the database benchmarks get Odoo's addons path from their configuration file (``-c``,
:func:`open_env`), the pure writers from :func:`load_addons` (the repository as addons path, no database).

Every benchmark keeps its human output and, with ``--json PATH``, also writes one JSON document:

    {"benchmark": "transfer", "title": "...", "n": 2000, "unit": "documents",
     "measurements": [{"key": "transfer", "label": "...", "seconds": 1.2, "queries": 345, "side": "ours"}, ...],
     "comparisons": [{"ours": "transfer", "odoo": "payment_register", "goal": 1.0}, ...],
     "facts": {...}}

``side`` is ``ours`` (our code), ``odoo`` (Odoo's comparable operation, measured in the same run on the same data)
or ``info``. ``queries`` is None for measurements without a database (pure writers).
"""

import argparse
import contextlib
import json
import resource
import sys
import time
from pathlib import Path

import odoo
from odoo import Command, api
from odoo.tools import config

REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------------------------
# Command line and Odoo


def add_json_argument(parser):
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH (for setup/bench)")


def database_parser(doc, default_n):
    """Arguments of every database benchmark: ``-c CONFIG -d DATABASE [-n N] [--json PATH]``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file (its addons path is used)")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-n", type=int, default=default_n, help=f"number of documents (default {default_n})")
    add_json_argument(parser)
    return parser


@contextlib.contextmanager
def open_env(args):
    """Parse the configuration file, open a cursor on the database and yield a superuser environment (English).

    Whatever the benchmark created is rolled back when the block ends, also on an error.
    """
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level", "warn"], setup_logging=True)
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        try:
            yield api.Environment(cr, api.SUPERUSER_ID, {"lang": "en_US"})
        finally:
            cr.rollback()


def load_addons():
    """Odoo's addons path with this repository on it, without configuration file or database (pure writers).

    Afterwards ``from odoo.addons.<addon>.tools import ...`` imports the same modules as Odoo does.
    """
    config.parse_config(
        ["--addons-path", str(REPO), "--http-interface", "127.0.0.1", "--log-level", "warn"], setup_logging=True
    )


# ---------------------------------------------------------------------------------------------------------------
# Data


def demo_factor(env, xmlid):
    """The demo factor ``xmlid`` in an environment where its company is the allowed one: ``(env, factor)``."""
    factor = env.ref(xmlid)
    env = env(context=dict(env.context, allowed_company_ids=factor.company_id.ids))
    return env, factor.with_env(env)


def post_documents(env, factor, count, customers=None, credit_note_every=10, link_credit_notes=True, taxes=False,
                   chunk=1000):  # fmt: skip
    """Post ``count`` customer documents for ``factor`` in its company's sales journal and currency, then flush.

    Document ``i`` goes to ``customers[i % len(customers)]`` (default: the factor's customers); every
    ``credit_note_every``-th document is a credit note (0: none), with ``link_credit_notes`` one of the invoice
    just before it (same customer). One line of 100 + i % 997 without taxes (``taxes``: Odoo's default sales
    taxes), dated 2026-11-01, due 2026-12-01, order reference "PO i" on two documents out of three. Created and
    posted in chunks of ``chunk`` documents with the progress printed; returns the documents.
    """
    if customers is None:
        customers = env["res.partner"].search([("factor_id", "=", factor.id)], order="id")
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", factor.company_id.id)], limit=1
    )
    every = credit_note_every

    def vals(index, move_type, partner, origin=False):
        line = {"name": f"Item {index}", "price_unit": 100.0 + index % 997}
        if not taxes:
            line["tax_ids"] = []
        return {
            "move_type": move_type,
            "partner_id": partner.id,
            "journal_id": journal.id,
            "currency_id": factor.currency_id.id,
            "invoice_date": "2026-11-01",
            "invoice_date_due": "2026-12-01",
            "ref": f"PO {index}" if index % 3 else False,
            "reversed_entry_id": origin,
            "invoice_line_ids": [Command.create(line)],
        }

    def is_credit_note(index):
        return bool(every) and index % every == every - 1

    if every and link_credit_notes:
        chunk -= chunk % every  # a credit note's invoice is in the same chunk
    started = time.perf_counter()
    moves = env["account.move"]
    print(f"Posting {count} documents ...", flush=True)
    for start in range(0, count, chunk):
        indexes = range(start, min(start + chunk, count))
        invoice_indexes = [i for i in indexes if not is_credit_note(i)]
        invoices = env["account.move"].create(
            [vals(i, "out_invoice", customers[i % len(customers)]) for i in invoice_indexes]
        )
        by_index = dict(zip(invoice_indexes, invoices, strict=True))
        refund_vals = []
        for i in indexes:
            if not is_credit_note(i):
                continue
            if link_credit_notes:
                origin = by_index[i - 1]
                refund_vals.append(vals(i, "out_refund", origin.partner_id, origin.id))
            else:
                refund_vals.append(vals(i, "out_refund", customers[i % len(customers)]))
        refunds = env["account.move"].create(refund_vals)
        (invoices | refunds).action_post()
        env.flush_all()
        env.invalidate_all()
        moves |= invoices | refunds
        print(f"  posted {len(moves)} / {count} ({time.perf_counter() - started:.0f} s)", flush=True)
    print(f"posted in {time.perf_counter() - started:.1f} s", flush=True)
    flush_setup(env)
    return moves


def flush_setup(env):
    """Flush the set-up and run its pre-commit callbacks (mail tracking of the posted documents).

    Without this, the first measured operation that opens a savepoint pays for the set-up: one callback per posted
    document, each flushing the whole environment.
    """
    env.flush_all()
    env.cr.flush()
    env.invalidate_all()


# ---------------------------------------------------------------------------------------------------------------
# Measuring and results


def measure(env, func):
    """``(result, seconds, queries)`` of ``func()``, from a flushed and empty cache to its flushed end."""
    env.flush_all()
    env.invalidate_all()
    start_queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    return result, time.perf_counter() - start, env.cr.sql_log_count - start_queries


def peak_rss_mib():
    """The process's peak resident memory (ru_maxrss: KiB on Linux, bytes on macOS) in MiB."""
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / 2**20 if sys.platform == "darwin" else maxrss / 2**10


def measurement(key, label, seconds, queries=None, side="ours", **extra):
    return {"key": key, "label": label, "seconds": seconds, "queries": queries, "side": side, **extra}


def write_json(path, benchmark, title, n, measurements, comparisons=(), unit="documents", **facts):
    if not path:
        return
    data = {
        "benchmark": benchmark,
        "title": title,
        "n": n,
        "unit": unit,
        "measurements": list(measurements),
        "comparisons": [dict(comparison) for comparison in comparisons],
        "facts": facts,
    }
    with open(path, "w", encoding="utf-8") as file:
        json.dump(data, file, indent=1, default=str)
