# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Measure (not a test) how long the transfer wizard takes to open with many candidates, and each transfer rule.

    PYTHONPATH=/opt/odoo .venv/bin/python tools/measure_transfer_wizard.py -c .state/odoo-DB.conf -d DB \
        [-n 5000] [--factor factoring_base.demo_factor_abs] [--commit | --no-post]

Posts N invoices for the demo factor's customers (``bench/common.post_documents``), then opens the wizard as the web
client does (a new record computing its counts, totals and grouped reasons) and runs each rule of the factor once
over all candidates: seconds and SQL queries of each. Everything is rolled back at the end, except with
``--commit`` (on a copy of a database: the documents are committed and nothing is measured), so that runs with
``--no-post`` (no documents posted) measure two versions of the code on the same candidates.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from common import database_parser, demo_factor, open_env, post_documents  # noqa: E402


def timed(env, func):
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start, env.cr.sql_log_count - queries


def main():
    parser = database_parser(__doc__, 5000)
    parser.add_argument("--factor", default="factoring_base.demo_factor_abs")
    parser.add_argument("--commit", action="store_true", help="post and commit the documents, measure nothing")
    parser.add_argument("--no-post", action="store_true", help="measure on the candidates already there")
    args = parser.parse_args()
    with open_env(args) as env:
        env, factor = demo_factor(env, args.factor)
        if not args.no_post:
            post_documents(env, factor, args.n, credit_note_every=10)
        if args.commit:
            env.cr.commit()
            return
        Wizard = env["factoring.transfer"]

        def open_wizard():
            wizard = Wizard.new({"factor_id": factor.id, "cutoff_date": "2026-12-31"})
            return wizard.candidate_count, wizard.selected_count, wizard.excluded_count, wizard.reason_summary

        (count, selected, excluded, reasons), seconds, queries = timed(env, open_wizard)
        print(f"wizard opened: {seconds:.2f} s, {queries} queries; {count} candidates, {selected} going, "
              f"{excluded} left out")
        print(reasons)
        candidates = env["account.move"].search(factor._get_transfer_candidate_domain(None))
        for rule in factor._get_transfer_rules():
            _result, seconds, queries = timed(env, lambda rule=rule: rule(candidates, "2026-12-31", None))
            print(f"  {rule.__name__:40s} {seconds:7.2f} s {queries:6d} queries")


if __name__ == "__main__":
    main()
