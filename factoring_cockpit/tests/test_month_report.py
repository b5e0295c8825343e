# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo.tests import tagged

from odoo.addons.factoring_misdirected.tests.common import MisdirectedCommon


@tagged("post_install", "-at_install")
class TestMonthReport(MisdirectedCommon):
    def _figures(self, domain):
        """{(kind, month): amount} of the report, as the graph groups it."""
        report = self.env["factoring.month.report"]
        report.invalidate_model()  # a database view: read afresh, as each request of the web client does
        figures = defaultdict(float)
        for row in report.search(domain):
            figures[row.kind, row.date.strftime("%Y-%m")] += row.amount
        groups = report.formatted_read_group(domain, ["date:month", "kind"], ["amount:sum"])
        self.assertAlmostEqual(sum(group["amount:sum"] for group in groups), sum(figures.values()))
        return {key: round(value, 2) for key, value in figures.items()}

    def test_transferred_and_settled_per_month(self):
        """Transferred by the batch's date, settled by each posted settlement's date (a document settled in parts
        counts in both months); retention releases, payments received by us and cancelled settlements do not."""
        inv = self._create_invoice(amount=1000.0)  # 1,190.00
        inv2 = self._create_invoice(amount=500.0)  # 595.00
        refund = self._create_invoice(amount=100.0, move_type="out_refund")  # -119.00
        paid_to_us = self._create_invoice(amount=200.0)  # 238.00
        self._transfer(inv + inv2 + refund + paid_to_us, date="2026-10-20")
        self._book(self._bank_transaction(238.0, f"RE {paid_to_us.name}"))

        november = self._settlement(self._item(inv + refund), date="2026-11-20", amount_to_settle=1000.0 - 119.0 - 100)
        self._line(november, inv).write({"amount_settled": 1000.0, "retention_amount": 100.0})
        november.action_post()
        cancelled = self._settlement(self._item(inv2), date="2026-11-25", amount_to_settle=595.0)
        cancelled.action_post()
        cancelled.action_cancel()
        december = self._settlement(self._item(inv + inv2 + paid_to_us), date="2026-12-05")
        forward_item = self.env["account.move.line"].search(self.factor._get_forward_open_line_domain())
        december._add_move_lines(forward_item)
        retention = self.env["account.move.line"].search(
            [("account_id", "=", self.factor.retention_account_id.id), ("reconciled", "=", False),
             ("parent_state", "=", "posted")]
        )
        december._add_move_lines(retention)
        december.amount_to_settle = 190.0 + 595.0 + 100.0
        december.action_post()
        self.assertEqual((inv + inv2 + paid_to_us).mapped("factoring_state"), ["settled"] * 3)

        action = self.factor.action_open_month_report()
        self.assertEqual(action["res_model"], "factoring.month.report")
        self.assertEqual(
            self._figures(action["domain"]),
            {
                ("transferred", "2026-10"): 1190.0 + 595.0 - 119.0 + 238.0,
                ("settled", "2026-11"): 1000.0 - 119.0,
                ("settled", "2026-12"): 190.0 + 595.0 + 238.0,
            },
        )
