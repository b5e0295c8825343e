# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: transfer batch with rebooking vs Odoo's grouped payment of the same invoices.

Usage (against a database built by setup/run or setup/test, which holds the demo factor DFB):

    PYTHONPATH=/opt/odoo .venv/bin/python bench/bench_transfer.py -c .state/odoo-factoring_test.conf \
        -d factoring_test [-n 2000] [--customers 20] [--repeat 3]

It posts N invoices spread over ``--customers`` customers of the demo factor DFB (default 20, as the settlement
benchmark; ``--customers 1`` is the shape most favourable to Odoo's side: one single payment), then measures on
identical data, in the same run:
(a) create + confirm one transfer batch with rebooking (one entry, N reconciliations),
(b) ``account.payment.register`` grouped payment of the same N invoices (one payment per customer, N
reconciliations),
(c) with ``--plain-entry``: the same rebooking entry made the plain Odoo way (``account.move.create`` with its
2 N lines, ``action_post``, ``_reconcile_plan`` of the N pairs, with the payment register's context). It is what
Odoo itself costs for the work the transfer has to do, beside (b), which makes 2 lines per customer.
Both run ``--repeat`` times (default 3), in alternating order, each from the same saved state; the best run of each
counts (as with ``timeit``: the other runs only add the machine's noise). Seconds, SQL queries and the ratio a/b (and
a/c) are printed (``--json PATH`` also writes them for ``setup/bench``);
everything is rolled back at the end.
"""

import time

from common import database_parser, demo_factor, measurement, open_env, post_documents, write_json

from odoo import Command


def measure(env, func):
    env.flush_all()
    env.invalidate_all()
    start_queries = env.cr.sql_log_count
    start = time.perf_counter()
    start_cpu = time.process_time()
    func()
    env.flush_all()
    return time.perf_counter() - start, env.cr.sql_log_count - start_queries, time.process_time() - start_cpu


def main():
    parser = database_parser(__doc__, 2000)
    parser.add_argument("--customers", type=int, default=20, help="customers the invoices are spread over")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the best counts (default 3)")
    parser.add_argument("--plain-entry", action="store_true",
                        help="also measure (c): the same rebooking entry made the plain Odoo way")
    args = parser.parse_args()
    with open_env(args) as env:
        cr = env.cr
        env, factor = demo_factor(env, "factoring_base.demo_factor_dfb")
        # The demo customer has what the DFB file needs (address, VAT); the others are copies with their own number.
        customer = env.ref("factoring_base.demo_customer_mueller")
        customers = customer + customer.concat(*(
            customer.copy({"name": f"Bench Customer {i}", "ref": f"BENCH{i:05d}"}) for i in range(1, args.customers)
        ))
        customers.with_company(factor.company_id).factor_id = factor
        # Invoices only, with the default sales taxes.
        invoices = post_documents(env, factor, args.n, customers, credit_note_every=0, taxes=True)
        cr.execute("SAVEPOINT bench")

        def transfer():
            wizard = env["factoring.transfer"].create(
                {"factor_id": factor.id, "restrict_move_ids": [Command.set(invoices.ids)]}
            )
            batch = wizard._create_batches()
            batch.action_confirm()
            assert batch.line_count == args.n and batch.move_id.state == "posted"

        def payment():
            wizard = env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoices.ids
            ).create({"group_payment": True})
            wizard._create_payments()

        def plain_entry():
            receivables = invoices.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")
            lines = []
            for receivable in receivables:
                common = {"name": receivable.move_id.name, "date_maturity": receivable.date_maturity}
                lines += [
                    Command.create(dict(common, account_id=receivable.account_id.id,
                                        partner_id=receivable.partner_id.id, balance=-receivable.amount_residual)),
                    Command.create(dict(common, account_id=factor.clearing_account_id.id,
                                        partner_id=factor.partner_id.id, balance=receivable.amount_residual)),
                ]
            move = env["account.move"].create(
                {"move_type": "entry", "journal_id": factor.journal_id.id, "line_ids": lines}
            )
            move.action_post()
            customer_lines = move.line_ids.filtered(lambda aml: aml.account_id != factor.clearing_account_id)
            pairs = zip(customer_lines, receivables, strict=True)
            env["account.move.line"].with_context(skip_invoice_sync=True)._reconcile_plan(
                [customer_line + receivable for customer_line, receivable in pairs]
            )
            assert all(receivables.mapped("reconciled"))

        sides = [transfer, payment] + ([plain_entry] if args.plain_entry else [])
        runs = {func: [] for func in sides}
        for run in range(args.repeat):
            for func in sides[run % len(sides):] + sides[:run % len(sides)]:
                runs[func].append(measure(env, func))
                cr.execute("ROLLBACK TO SAVEPOINT bench")
                env.invalidate_all()
    seconds_a, queries_a, cpu_a = min(runs[transfer])
    seconds_b, queries_b, cpu_b = min(runs[payment])
    print("all runs (s): " + "; ".join(
        f"{func.__name__} {', '.join(f'{r[0]:.2f}' for r in results)}" for func, results in runs.items()
    ))
    one = args.customers == 1
    print(f"N = {args.n}, {args.customers} customers, best of {args.repeat} runs")
    print(f"(a) transfer batch + rebooking: {seconds_a:8.2f} s {queries_a:8d} queries "
          f"({queries_a / args.n:.2f} per document)")
    print(f"(b) grouped payment (Odoo):    {seconds_b:8.2f} s {queries_b:8d} queries "
          f"({queries_b / args.n:.2f} per document)")
    print(f"ratio a/b: {seconds_a / seconds_b:.2f} (seconds), {queries_a / queries_b:.2f} (queries)")
    customers = "1 customer" if one else f"{args.customers} customers"
    measurements = [
        measurement("transfer", f"create + confirm one batch with rebooking ({customers})", seconds_a, queries_a,
                    cpu=cpu_a),
        measurement("payment_register",
                    f"account.payment.register, grouped payment ({'one payment' if one else 'one per customer'})",
                    seconds_b, queries_b, side="odoo", cpu=cpu_b),
    ]
    comparisons = [{"ours": "transfer", "odoo": "payment_register", "goal": 1.0}]
    if args.plain_entry:
        seconds_c, queries_c, cpu_c = min(runs[plain_entry])
        print(f"(c) same entry, plain Odoo:    {seconds_c:8.2f} s {queries_c:8d} queries "
              f"({queries_c / args.n:.2f} per document)")
        print(f"ratio a/c: {seconds_a / seconds_c:.2f} (seconds), {queries_a / queries_c:.2f} (queries)")
        measurements.append(measurement(
            "plain_entry", "the same entry made the plain Odoo way (account.move.create, action_post, _reconcile_plan)",
            seconds_c, queries_c, side="odoo", cpu=cpu_c,
        ))
        comparisons.append({"ours": "transfer", "odoo": "plain_entry"})
    write_json(
        args.json, "transfer_one_customer" if one else "transfer",
        f"Transfer batch with rebooking vs grouped payment, {customers}", args.n, measurements, comparisons,
        repeat=args.repeat, customers=args.customers,
    )


if __name__ == "__main__":
    main()
