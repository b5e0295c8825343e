# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Settle Batch: one bank receipt per batch, with the fees and retention booked at transfer; the retention released
later by a settlement item of the retention account."""

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestSettleBatch(SettlementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # invoices of 1,190.00 (customer) and 595.00 (second customer), a credit note of 119.00
        cls._setup_fees_at_transfer(second_partner=cls.second_customer)

    def _st_line(self, amount, ref="DFB Auszahlung"):
        return self.env["account.bank.statement.line"].create({
            "journal_id": self.bank_journal.id,
            "date": "2026-11-20",
            "payment_ref": ref,
            "partner_id": self.factor_partner.id,
            "amount": amount,
        })

    def _balance(self, account):
        lines = self.env["account.move.line"].search([("account_id", "=", account.id), ("parent_state", "=", "posted")])
        return round(sum(lines.mapped("balance")), 2)

    def test_settle_batch_from_bank_transaction_end_to_end(self):
        batch = self._transfer(self.documents)
        # Fee 16.66 + VAT 3.17 + retention 166.60 kept by the factor: 1,666.00 transferred, 1,479.57 paid.
        self.assertAlmostEqual(batch.amount_payout, 1479.57)
        self.assertAlmostEqual(batch.amount_open_at_factor, 1479.57)
        other_batch_line = self._st_line(999.0, ref="Something else")  # not the batch's payment
        st_line = self._st_line(1479.57)

        # From the bank transaction: the wizard proposes the batch it pays.
        wizard = Form(self.env["factoring.settle.batch"].with_context(
            active_model="account.bank.statement.line", active_id=st_line.id
        )).save()
        self.assertEqual(wizard.statement_line_id, st_line)
        self.assertEqual(wizard.batch_id, batch)
        self.assertAlmostEqual(wizard.amount_paid, 1479.57)
        self.assertAlmostEqual(wizard.amount_difference, 0.0)
        action = wizard.action_open_settlement()
        settlement = self.env["factoring.settlement"].browse(action["res_id"])

        # Every open clearing item of the batch: the three documents, the fee with its VAT, the retention.
        clearing_items = (batch.move_id | batch.fee_move_id).line_ids.filtered(
            lambda aml: aml.account_id == self.clearing_account
        )
        self.assertEqual(len(clearing_items), 5)
        self.assertEqual(settlement.line_ids.move_line_id, clearing_items)
        self.assertRecordValues(settlement, [{
            "state": "draft", "factor_id": self.factor.id, "statement_line_id": st_line.id,
            "journal_id": self.bank_journal.id, "ref": batch.name, "amount_to_settle": 1479.57,
            "amount_items": 1479.57, "amount_settled": 1479.57, "amount_open": 0.0,
        }])
        self.assertEqual(sorted(settlement.line_ids.mapped("amount_open")), [-166.60, -119.0, -19.83, 595.0, 1190.0])

        # One step: post books the receipt and reconciles everything.
        settlement.action_post()
        move = settlement.move_id
        self.assertEqual(
            sorted((aml.account_id, aml.partner_id, round(aml.debit, 2), round(aml.credit, 2))
                   for aml in move.line_ids),
            sorted([
                (self.clearing_account, self.factor_partner, 0.0, 1190.0),
                (self.clearing_account, self.factor_partner, 0.0, 595.0),
                (self.clearing_account, self.factor_partner, 119.0, 0.0),
                (self.clearing_account, self.factor_partner, 19.83, 0.0),
                (self.clearing_account, self.factor_partner, 166.60, 0.0),
                (settlement.counterpart_account_id, self.factor_partner, 1479.57, 0.0),
            ]),
        )
        self.assertTrue(st_line.is_reconciled)
        self.assertFalse(other_batch_line.is_reconciled)
        self.assertTrue(all(clearing_items.mapped("reconciled")))
        self.assertEqual(set(self.documents.mapped("factoring_state")), {"settled"})
        self.assertAlmostEqual(self._balance(self.clearing_account), 0.0)
        self.assertAlmostEqual(batch.amount_open_at_factor, 0.0)
        # The factor still holds the retention; the reconciliation shows no difference.
        self.assertAlmostEqual(self._balance(self.retention_account), 166.60)
        data = self.factor._get_reconciliation_data(settlement.date)
        self.assertAlmostEqual(data["difference"], 0.0)
        self.assertAlmostEqual(data["retention_balance"], 166.60)
        # The batch is settled: cancelling it is refused until the settlement is cancelled.
        with self.assertRaisesRegex(UserError, "its fees and security retention were already settled"):
            batch.action_cancel()
        with self.assertRaisesRegex(UserError, "Nothing of batch"):
            batch._create_settlement()

        # Later the factor releases the retention: a settlement item of the retention account.
        release = self._st_line(166.60, ref="Release of retention")
        settlement2 = self._settlement(statement_line_id=release.id)
        candidates = self.env["account.move.line"].search(settlement2._get_candidate_domain())
        retention_line = batch.fee_move_id.line_ids.filtered(lambda aml: aml.account_id == self.retention_account)
        self.assertEqual(candidates, retention_line)
        settlement2._add_move_lines(candidates)
        self.assertRecordValues(settlement2.line_ids, [{"item_type": "retention", "amount_open": 166.60}])
        self.assertAlmostEqual(settlement2.amount_open, 0.0)
        settlement2.action_post()
        self.assertTrue(retention_line.reconciled)
        self.assertTrue(release.is_reconciled)
        self.assertAlmostEqual(self._balance(self.retention_account), 0.0)

        # Cancelling both settlements, then the batch, undoes everything.
        settlement2.action_cancel()
        settlement.action_cancel()
        batch.action_cancel()
        self.assertEqual(batch.state, "cancelled")
        self.assertAlmostEqual(self._balance(self.clearing_account), 0.0)
        self.assertAlmostEqual(self._balance(self.retention_account), 0.0)
        self.assertEqual(set(self.documents.mapped("factoring_state")), {"to_transfer"})

    def test_settle_batch_from_the_batch(self):
        batch = self._transfer(self.documents)
        st_line = self._st_line(1479.57)
        action = batch.action_settle_batch()
        self.assertEqual(action["res_model"], "factoring.settle.batch")
        wizard = Form(self.env["factoring.settle.batch"].with_context(**action["context"])).save()
        # The bank transaction paying the batch's expected payout is proposed.
        self.assertEqual(wizard.batch_id, batch)
        self.assertEqual(wizard.statement_line_id, st_line)
        # Without a bank transaction, the amount to settle is the expected payout.
        wizard.statement_line_id = False
        settlement = self.env["factoring.settlement"].browse(wizard.action_open_settlement()["res_id"])
        self.assertRecordValues(settlement, [{"statement_line_id": False, "amount_to_settle": 1479.57,
                                              "amount_open": 0.0, "line_count": 5}])
        settlement.action_post()
        self.assertEqual(set(self.documents.mapped("factoring_state")), {"settled"})

    def test_settle_batch_twice_opens_the_same_draft(self):
        batch = self._transfer(self.documents)
        action = batch.action_settle_batch()
        wizard = Form(self.env["factoring.settle.batch"].with_context(**action["context"])).save()
        self.assertFalse(wizard.statement_line_id, "no bank transaction yet")
        first = self.env["factoring.settlement"].browse(wizard.action_open_settlement()["res_id"])
        self.assertRecordValues(first, [{"state": "draft", "statement_line_id": False, "line_count": 5}])
        # The factor's payment arrives: Settle Batch again opens the same draft, now with the bank transaction.
        st_line = self._st_line(1479.57)
        wizard = Form(self.env["factoring.settle.batch"].with_context(**action["context"])).save()
        self.assertEqual(wizard.statement_line_id, st_line)
        second = self.env["factoring.settlement"].browse(wizard.action_open_settlement()["res_id"])
        self.assertEqual(second, first)
        self.assertEqual(self.env["factoring.settlement"].search_count([("factor_id", "=", self.factor.id)]), 1)
        self.assertRecordValues(first, [{"statement_line_id": st_line.id, "line_count": 5, "amount_open": 0.0}])
        first.action_post()
        self.assertTrue(st_line.is_reconciled)
        # Once posted nothing of the batch is open: no draft to open, and no new one.
        self.assertFalse(batch._get_draft_settlement())
        with self.assertRaisesRegex(UserError, "Nothing of batch"):
            Form(self.env["factoring.settle.batch"].with_context(**action["context"])).save().action_open_settlement()

    def test_settle_batch_from_the_menu(self):
        batch = self._transfer(self.documents)
        later = self._transfer(self._create_invoice(amount=50.0))  # the factor's latest open batch
        st_line = self._st_line(1479.57)
        form = Form(self.env["factoring.settle.batch"])
        form.statement_line_id = st_line
        # The batch the transaction pays is proposed, not merely the latest one.
        self.assertEqual(form.batch_id, batch)
        self.assertNotEqual(later, batch)
        self.assertAlmostEqual(form.amount_difference, 0.0)
        settlement = self.env["factoring.settlement"].browse(form.save().action_open_settlement()["res_id"])
        self.assertRecordValues(settlement, [{"statement_line_id": st_line.id, "amount_open": 0.0, "line_count": 5}])

    def test_add_open_items_of_a_batch_finds_its_fees_and_retention(self):
        batch = self._transfer(self.documents)
        settlement = self._settlement()
        form = Form(self.env["factoring.settlement.candidate"].with_context(default_settlement_id=settlement.id))
        form.batch_name = batch.name
        # The documents and the fee and retention lines on the clearing account (the retention account's line is
        # released later, it is not filtered in by the batch).
        self.assertEqual(form.candidate_count, 5)
        form.save().action_add_all()
        fee_lines = batch.fee_move_id.line_ids.filtered(lambda aml: aml.account_id == self.clearing_account)
        self.assertEqual(settlement.line_ids.move_line_id, self._item(self.documents) | fee_lines)

    def test_settle_batch_without_fees_at_transfer(self):
        self.factor.write({"book_fees_at_transfer": False})
        batch = self._transfer(self.documents)
        self.assertFalse(batch.fee_move_id)
        settlement = batch._create_settlement()
        self.assertRecordValues(settlement, [{"amount_to_settle": 1666.0, "amount_open": 0.0, "line_count": 3}])
        # A batch of a factor that does not rebook: the documents' open receivables are its items.
        self.factor.write({"rebook_receivables": False})
        invoice = self._create_invoice(amount=200.0)
        batch2 = self._transfer(invoice)
        settlement2 = batch2._create_settlement()
        self.assertEqual(settlement2.line_ids.move_line_id, self._receivable(invoice))
        self.assertAlmostEqual(settlement2.amount_to_settle, 238.0)

    def test_settle_draft_batch_is_refused(self):
        wizard = self.env["factoring.transfer"].create({"factor_id": self.factor.id})
        batch = wizard._create_batches()
        self.assertEqual(batch.state, "draft")
        with self.assertRaisesRegex(UserError, "Only confirmed or sent batches"):
            batch._create_settlement()
