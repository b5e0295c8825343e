# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a settlement reconciled is undone only by cancelling the settlement."""
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestSettlementIntegrity(SettlementCommon):
    def _confirmed_batch(self):
        wizard = self.env["factoring.transfer"].create({"factor_id": self.factor.id})
        batch = self.env["factoring.batch"].browse(wizard.action_create_batches()["res_id"])
        batch.action_confirm()
        return batch

    def test_settlement_reconciliations_undone_only_by_its_cancel(self):
        invoice = self._create_invoice(amount=1000.0)  # 1190.00
        batch = self._confirmed_batch()
        clearing = self._item(invoice)
        self.assertEqual(clearing.move_id, batch.move_id)
        st_line = self.env["account.bank.statement.line"].create({
            "journal_id": self.bank_journal.id,
            "date": "2026-11-20",
            "payment_ref": "Factor payment ABR-2026-11",
            "partner_id": self.factor_partner.id,
            "amount": 1190.0,
        })
        settlement = self._settlement(clearing, statement_line_id=st_line.id, amount_to_settle=1190.0)
        settlement.action_post()
        self.assertEqual(invoice.factoring_state, "settled")
        self.assertTrue(clearing.reconciled)
        self.assertTrue(st_line.is_reconciled)

        message = f"settlement {settlement.name}"
        with self.assertRaisesRegex(UserError, message):
            clearing.remove_move_reconcile()
        with self.assertRaisesRegex(UserError, message):
            settlement.move_id.line_ids.remove_move_reconcile()
        with self.assertRaisesRegex(UserError, message):
            st_line.action_undo_reconciliation()
        with self.assertRaisesRegex(UserError, message):
            self.env["account.move.reversal"].with_context(
                active_model="account.move", active_ids=settlement.move_id.ids
            ).create({"journal_id": settlement.move_id.journal_id.id}).refund_moves()
        # A settled document is not cancelled by a reversal either.
        with self.assertRaisesRegex(UserError, "plain credit note"):
            invoice._reverse_moves(cancel=True)
        self.assertTrue(clearing.reconciled)
        self.assertTrue(st_line.is_reconciled)
        self.assertEqual(invoice.factoring_state, "settled")

        # The settlement's own cancel undoes what it reconciled, then the batch's cancel what the batch did.
        settlement.action_cancel()
        self.assertEqual(settlement.state, "cancelled")
        self.assertFalse(clearing.reconciled)
        self.assertFalse(st_line.is_reconciled)
        self.assertEqual(invoice.factoring_state, "transferred")
        batch.action_cancel()
        self.assertEqual(invoice.factoring_state, "to_transfer")
        self.assertAlmostEqual(invoice.amount_residual, 1190.0)

    def test_settlement_cancel_refused_once_the_rest_was_transferred(self):
        """A settlement took part of a document's receivable; the rest was transferred since. Cancelling the
        settlement would reopen a receivable of a document the factor now holds: refused until the batch is
        cancelled."""
        invoice = self._create_invoice(amount=1000.0)  # 1190.00
        settlement = self._settlement(self._receivable(invoice), amount_to_settle=595.0)
        self._line(settlement, invoice).amount_settled = 595.0
        settlement.action_post()
        self.assertAlmostEqual(invoice.amount_residual, 595.0)
        batch = self._transfer(invoice)
        self.assertEqual(invoice.factoring_state, "transferred")
        with self.assertRaisesRegex(UserError, batch.name):
            settlement.action_cancel()
        self.assertEqual(settlement.state, "posted")
        self.assertTrue(all(self._receivable(invoice).mapped("reconciled")))
        # Once the batch is cancelled, the settlement can be cancelled: the whole receivable is open again.
        batch.action_cancel()
        settlement.action_cancel()
        self.assertEqual(settlement.state, "cancelled")
        self.assertAlmostEqual(invoice.amount_residual, 1190.0)
        self.assertEqual(invoice.factoring_state, "to_transfer")

    def test_entries_of_a_cancelled_posting_stay_protected_after_reset_to_draft(self):
        invoice = self._create_invoice(amount=1000.0)  # 1190.00
        self._confirmed_batch()
        clearing = self._item(invoice)
        settlement = self._settlement(clearing, amount_to_settle=1190.0)
        settlement.action_post()
        first_entry = settlement.move_id
        settlement.action_cancel()
        first_reversal = settlement.reversal_move_id
        self.assertTrue(first_entry.line_ids.filtered("reconciled"))
        settlement.action_draft()
        self.assertEqual(settlement.state, "draft")
        self.assertFalse(settlement.move_id)
        self.assertEqual(settlement.earlier_move_ids, first_entry | first_reversal)

        # The cancelled posting's entry and reversal are still the settlement's: reconciled with each other for good.
        message = f"settlement {settlement.name}"
        with self.assertRaisesRegex(UserError, message):
            first_entry.line_ids.remove_move_reconcile()
        with self.assertRaisesRegex(UserError, message):
            first_reversal.button_draft()
        with self.assertRaisesRegex(UserError, "posting, cancelling or resetting"):
            settlement.write({"earlier_move_ids": [(5, 0, 0)]})

        # Posted again: a new entry; the earlier ones stay listed and protected.
        settlement.action_post()
        self.assertNotEqual(settlement.move_id, first_entry)
        self.assertTrue(clearing.reconciled)
        self.assertEqual(invoice.factoring_state, "settled")
        action = settlement.action_view_move()
        self.assertEqual(
            set(action["domain"][0][2]), set((settlement.move_id | first_entry | first_reversal).ids)
        )
        with self.assertRaisesRegex(UserError, message):
            first_entry.line_ids.remove_move_reconcile()
