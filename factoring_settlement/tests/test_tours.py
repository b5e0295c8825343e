# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Browser tour (headless Chromium through HttpCase): a Factoring User books the factor's statement."""

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.factoring_base.tests.test_tours import assert_browser_available

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestSettlementTour(SettlementCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        assert_browser_available()
        super().setUpClass()
        cls.factoring_user = cls._create_factoring_user("factoring_tour_settler", "Sabine Settlement")

    def test_user_settles_statement(self):
        today = fields.Date.context_today(self.factoring_user)
        invoice = self._create_invoice(amount=1000.0, invoice_date=today)  # 1,190.00 with VAT
        # Transferred in a confirmed batch: the factor rebooks, the open item is on its clearing account.
        wizard = self.env["factoring.transfer"].create({"factor_id": self.factor.id, "confirm": True})
        wizard.action_create_batches()
        self.assertEqual(invoice.factoring_state, "transferred")

        self.start_tour(
            "/odoo/action-factoring_settlement.action_factoring_settlement",
            "factoring_settlement_post",
            login=self.factoring_user.login,
            timeout=180,
        )

        settlement = self.env["factoring.settlement"].search([("ref", "=", "ABR-TOUR-1")])
        self.assertEqual(len(settlement), 1)
        self.assertRecordValues(
            settlement,
            [
                {
                    "state": "posted",
                    "factor_id": self.factor.id,
                    "journal_id": self.bank_journal.id,
                    "create_uid": self.factoring_user.id,
                    "amount_to_settle": 1129.29,
                    "amount_items": 1190.0,
                    "amount_deduction": 50.0,
                    "amount_fee": 10.71,
                    "amount_settled": 1129.29,
                    "amount_open": 0.0,
                }
            ],
        )
        self.assertRecordValues(
            settlement.line_ids,
            [{"deduction_reason_id": self.reason_discount.id, "amount_settled": 1190.0, "amount_paid": 1129.29}],
        )
        move = settlement.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.bank_journal)
        balances = {}
        for aml in move.line_ids:
            balances[aml.account_id] = balances.get(aml.account_id, 0.0) + aml.balance
        self.assertAlmostEqual(balances[self.clearing_account], -1190.0)
        self.assertAlmostEqual(balances[self.discount_account], 50.0)
        self.assertAlmostEqual(balances[self.fee_account], 10.71)
        self.assertAlmostEqual(balances[settlement.counterpart_account_id], 1129.29)
        self.assertAlmostEqual(sum(move.line_ids.mapped("balance")), 0.0)
        clearing_line = move.line_ids.filtered(lambda aml: aml.account_id == self.clearing_account)
        self.assertTrue(clearing_line.reconciled)
        self.assertEqual(invoice.factoring_state, "settled")

    def test_user_confirms_batch_with_fees_and_settles_it(self):
        self.factor.write({
            "factoring_type": "non_recourse",
            "reserve_percent": 10.0,
            "fee_percent": 1.0,
            "fee_tax_id": self.company_data["default_tax_purchase"].id,
            "book_fees_at_transfer": True,
        })
        today = fields.Date.context_today(self.factoring_user)
        invoice = self._create_invoice(amount=1000.0, invoice_date=today)  # 1,190.00 with VAT
        batch = self.env["factoring.transfer"].create({"factor_id": self.factor.id})._create_batches()
        self.assertEqual(batch.state, "draft")
        st_line = self.env["account.bank.statement.line"].create({
            "journal_id": self.bank_journal.id,
            "date": today,
            "payment_ref": "Factor payout TOUR",
            "partner_id": self.factor_partner.id,
            "amount": 1056.84,
        })

        self.start_tour(
            f"/odoo/action-factoring_base.action_factoring_batch/{batch.id}",
            "factoring_settle_batch",
            login=self.factoring_user.login,
            timeout=180,
        )

        self.assertEqual(batch.state, "confirmed")
        self.assertEqual(batch.confirmed_by_id, self.factoring_user)
        self.assertRecordValues(batch, [{"amount_fee": 11.90, "amount_fee_tax": 2.26, "amount_reserve": 119.0,
                                         "amount_payout": 1056.84}])
        settlement = self.env["factoring.settlement"].search([("statement_line_id", "=", st_line.id)])
        self.assertRecordValues(settlement, [{
            "state": "posted", "ref": batch.name, "create_uid": self.factoring_user.id,
            "amount_to_settle": 1056.84, "amount_open": 0.0, "line_count": 3,
        }])
        self.assertTrue(st_line.is_reconciled)
        clearing = (batch.move_id | batch.fee_move_id).line_ids.filtered(
            lambda aml: aml.account_id == self.clearing_account
        )
        self.assertTrue(all(clearing.mapped("reconciled")))
        self.assertEqual(invoice.factoring_state, "settled")
