# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MisdirectedCommon


@tagged("post_install", "-at_install")
class TestUndoForwarding(MisdirectedCommon):
    def _forward(self, date="2026-11-12"):
        action = self.factor.action_prepare_forwarding()
        forwarding = self.env["account.payment"].browse(action["res_id"])
        forwarding.date = date
        forwarding.action_post()
        return forwarding

    def test_undo_confirmed_forwarding(self):
        """A forwarding confirmed by mistake (the bank has not paid it out): Undo Forwarding reverses its entry, the
        payment is cancelled, the documents are to forward again; forwarded again later as usual."""
        inv = self._create_invoice(amount=1000.0)  # 1,190.00
        self._transfer(inv)
        payment = self._book(self._bank_transaction(1190.0, f"RE {inv.name}"))
        receipt_line = payment.line_ids.move_line_id
        forwarding = self._forward()
        self.assertEqual(payment.state, "forwarded")
        self.assertTrue(receipt_line.reconciled)

        forwarding.action_factoring_undo_forwarding()
        self.assertEqual(forwarding.state, "canceled")
        reversal = self.env["account.move"].search([("reversed_entry_id", "=", forwarding.move_id.id)])
        self.assertEqual((reversal.state, str(reversal.date)), ("posted", "2026-11-12"))
        self.assertEqual(forwarding.move_id.state, "posted", "reversed, not deleted or reset")
        self.assertTrue(all((forwarding.move_id | reversal).line_ids.mapped("reconciled")))
        self.assertFalse(receipt_line.reconciled)
        self.assertEqual((payment.state, payment.amount_to_forward), ("to_forward", 1190.0))
        self.assertFalse(payment.line_ids.forward_payment_id)
        self.assertAlmostEqual(self.factor.forward_amount, 1190.0)
        data = self._reconciliation("2026-11-12")
        self.assertAlmostEqual(data["difference"], 0.0)
        self.assertAlmostEqual(data["forward_balance"], 1190.0)
        self.assertIn("Forwarding undone", forwarding.message_ids[:1].body)
        with self.assertRaisesRegex(UserError, "Only a confirmed forwarding"):
            forwarding.action_factoring_undo_forwarding()

        # Forwarded again: a new payment, the receipt closed with it.
        again = self._forward(date="2026-11-13")
        self.assertNotEqual(again, forwarding)
        self.assertEqual(payment.state, "forwarded")
        self.assertTrue(receipt_line.reconciled)
        self.assertAlmostEqual(self._reconciliation("2026-11-13")["forward_balance"], 0.0)

    def test_undo_refused_once_paid_out(self):
        """The bank transaction shows the money left: the forwarding stays (money back is a new receipt)."""
        inv = self._create_invoice(amount=1000.0)
        self._transfer(inv)
        self._book(self._bank_transaction(1190.0, f"RE {inv.name}"))
        forwarding = self._forward()
        st_line = self._bank_transaction(-1190.0, "Weiterleitung", partner=self.factor_partner, date="2026-11-13")
        _liquidity, suspense, _other = st_line._seek_for_lines()
        outstanding = forwarding.move_id.line_ids.filtered(
            lambda aml: aml.account_id == forwarding.outstanding_account_id
        )
        suspense.account_id = outstanding.account_id
        (suspense + outstanding).reconcile()
        self.assertTrue(forwarding.is_matched)
        with self.assertRaisesRegex(UserError, "Only a confirmed forwarding to the factor that no bank transaction"):
            forwarding.action_factoring_undo_forwarding()
        self.assertNotEqual(forwarding.state, "canceled")
