# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: one factoring settlement of N open items vs Odoo's grouped account.payment.register of the same items.

    PYTHONPATH=/opt/odoo .venv/bin/python bench/bench_settlement.py -c .state/odoo-factoring_test.conf \
        -d factoring_test [-n 1000] [--customers 20] [--rounds 2]

Needs a database with factoring_settlement installed (e.g. the test database of setup/test). In one transaction
that is rolled back at the end (nothing is kept), it creates a factor, customers assigned to it and N posted
invoices, then, on the same invoices, alternately:

- settlement: create a factoring.settlement, add the N receivables (one create), post it (one entry, one
  reconciliation plan), flush; once with one entry line per item, once with ``group_items`` (one line per debtor,
  as the grouped payment has);
- payment register: account.payment.register with group_payment on the N invoices (one payment per customer,
  reconciled with the invoices), flush;

each run undone with ROLLBACK TO SAVEPOINT before the next. Prints per run the seconds and the SQL queries
(cursor.sql_log_count), then the best of each and the ratios settlement / payment register (goal <= 1.0).
``--json PATH`` also writes the best runs for ``setup/bench``.
"""

import time

from common import database_parser, flush_setup, measurement, open_env, write_json


def parse_args():
    parser = database_parser(__doc__, 1000)
    parser.add_argument("--customers", type=int, default=20, help="customers the invoices are spread over")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each side, alternating (default 2)")
    return parser.parse_args()


def setup_data(env, count, customer_count):
    company = env.company
    suffix = str(int(time.time()))[-6:]
    account_model = env["account.account"]

    def free_code(start):
        code = start
        while account_model.search_count([("code", "=", str(code))]):
            code += 1
        return str(code)

    factor_partner = env["res.partner"].create({"name": f"Bench Factoring Bank {suffix}", "is_company": True})
    clearing = account_model.create(
        {
            "code": free_code(1480),
            "name": "Bench factor clearing",
            "account_type": "asset_receivable",
            "reconcile": True,
        }
    )
    factor = env["factoring.factor"].create(
        {
            "code": f"B{suffix}",
            "name": f"Bench Factor {suffix}",
            "partner_id": factor_partner.id,
            "clearing_account_id": clearing.id,
            "journal_id": env["account.journal"].search([("type", "=", "general")], limit=1).id,
        }
    )
    customers = env["res.partner"].create(
        [{"name": f"Bench Customer {i}", "is_company": True, "factor_id": factor.id} for i in range(customer_count)]
    )
    income = env["account.account"].search(
        [*account_model._check_company_domain(company), ("account_type", "=", "income")], limit=1
    )
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": customers[i % customer_count].id,
                "invoice_date": "2026-11-02",
                "invoice_line_ids": [
                    (0, 0, {"name": "Bench item", "quantity": 1, "price_unit": 100.0 + i, "account_id": income.id})
                ],
            }
            for i in range(count)
        ]
    )
    invoices.action_post()
    assert all(invoices.mapped("factor_id")), "invoices must be factored"
    journals = env["account.journal"]
    journal = journals.search([*journals._check_company_domain(company), ("type", "=", "bank")], limit=1)
    flush_setup(env)
    return factor, invoices, journal


def run_settlement(env, factor, invoices, journal, group_items=False):
    receivables = invoices.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")
    settlement = env["factoring.settlement"].create(
        {
            "factor_id": factor.id,
            "journal_id": journal.id,
            "date": "2026-11-20",
            "amount_to_settle": sum(receivables.mapped("amount_residual")),
            "group_items": group_items,
        }
    )
    settlement._add_move_lines(receivables)
    settlement.action_post()
    env.flush_all()
    assert settlement.state == "posted" and all(receivables.mapped("reconciled"))


def run_settlement_grouped(env, factor, invoices, journal):
    run_settlement(env, factor, invoices, journal, group_items=True)


def run_payment_register(env, factor, invoices, journal):
    wizard = (
        env["account.payment.register"]
        .with_context(active_model="account.move", active_ids=invoices.ids)
        .create({"group_payment": True, "journal_id": journal.id, "payment_date": "2026-11-20"})
    )
    payments = wizard._create_payments()
    env.flush_all()
    receivables = invoices.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")
    assert payments and all(receivables.mapped("reconciled"))


def measure(env, func, *args):
    cr = env.cr
    cr.execute("SAVEPOINT bench_run")
    env.invalidate_all()
    queries = cr.sql_log_count
    started = time.perf_counter()
    func(env, *args)
    seconds = time.perf_counter() - started
    queries = cr.sql_log_count - queries
    cr.execute("ROLLBACK TO SAVEPOINT bench_run")
    env.invalidate_all()
    env.registry.clear_cache()
    return seconds, queries


def main():
    args = parse_args()
    with open_env(args) as env:
        print(f"Creating {args.n} invoices for {args.customers} customers ...", flush=True)
        started = time.perf_counter()
        factor, invoices, journal = setup_data(env, args.n, args.customers)
        print(f"  done in {time.perf_counter() - started:.1f} s; bank journal {journal.name}", flush=True)
        sides = {
            "settlement": run_settlement,
            "settlement grouped": run_settlement_grouped,
            "payment register": run_payment_register,
        }
        results = {name: [] for name in sides}
        for round_no in range(args.rounds):
            order = list(sides) if round_no % 2 == 0 else list(reversed(sides))
            for name in order:
                seconds, queries = measure(env, sides[name], factor, invoices, journal)
                results[name].append((seconds, queries))
                print(f"  round {round_no + 1} {name:<19} {seconds:8.2f} s {queries:8d} queries", flush=True)
        best = {name: min(runs) for name, runs in results.items()}
        pay_s, pay_q = best["payment register"]
        print(f"\n{args.n} open items, {args.customers} customers (best of {args.rounds})")
        print(f"  {'account.payment.register':<34} {pay_s:8.2f} s {pay_q:8d} queries")
        for name, label in (("settlement", "one line per item"), ("settlement grouped", "one line per debtor")):
            set_s, set_q = best[name]
            print(
                f"  {'settlement, ' + label:<34} {set_s:8.2f} s {set_q:8d} queries   "
                f"ratio {set_s / pay_s:.2f} (time) {set_q / pay_q:.2f} (queries); goal <= 1.0"
            )
        write_json(
            args.json, "settlement", "Settlement of N open items vs grouped payment", args.n,
            [
                measurement("settlement", "settlement, one entry line per item", *best["settlement"]),
                measurement("settlement_grouped", "settlement, one entry line per debtor", *best["settlement grouped"]),
                measurement("payment_register", "account.payment.register, grouped payment (one per customer)",
                            pay_s, pay_q, side="odoo"),
            ],
            [
                {"ours": "settlement", "odoo": "payment_register", "goal": 1.0},
                {"ours": "settlement_grouped", "odoo": "payment_register", "goal": 1.0},
            ],
            customers=args.customers, rounds=args.rounds,
        )


if __name__ == "__main__":
    main()
