# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MisdirectedCommon


@tagged("post_install", "-at_install")
class TestMisdirectedPayment(MisdirectedCommon):
    def assertReconciliation(self, date, open_docs, forward_balance):
        """The factor reconciliation at ``date``: no difference, ``open_docs`` ({document: open}) open at the
        factor, ``forward_balance`` owed to the factor on the payments to forward account."""
        data = self._reconciliation(date)
        self.assertTrue(data["has_ledger"])
        self.assertAlmostEqual(data["difference"], 0.0)
        self.assertEqual(data["differences"], [])
        self.assertEqual({doc["move"]: doc["open"] for doc in data["documents"]}, open_docs)
        self.assertAlmostEqual(data["ledger_balance"], sum(open_docs.values()))
        self.assertAlmostEqual(data["forward_balance"], forward_balance)

    def _lines(self, move):
        return sorted(
            (
                aml.account_id.code,
                aml.partner_id.name,
                aml.debit,
                aml.credit,
                aml.factoring_forward_document_id.name or "",
            )
            for aml in move.line_ids
        )

    # ------------------------------------------------------------------
    def test_receipt_forwarding_settlement_end_to_end(self):
        inv1 = self._create_invoice(amount=1000.0)  # 1190.00
        inv2 = self._create_invoice(amount=500.0)  # 595.00
        other = self._create_invoice(amount=300.0)  # 357.00, stays open at the factor
        self._transfer(inv1 + inv2 + other)
        st_line = self._bank_transaction(1785.0, f"Rechnungen {inv1.name}, {inv2.name} Danke")
        # Recognized: the label names both documents, the debtor and the amount match.
        self.assertEqual(st_line.factoring_document_ids, inv1 + inv2)
        self.assertTrue(st_line.factoring_payment_for_factor)

        # 1. Receipt: debit outstanding receipts (the debtor), credit payments to forward (the factor) per document.
        payment = self._book(st_line)
        receipts = self.bank_journal.inbound_payment_method_line_ids.payment_account_id[:1]
        self.assertEqual(payment.state, "to_forward")
        self.assertEqual((payment.factor_id, payment.partner_id), (self.factor, self.customer))
        self.assertEqual(
            self._lines(payment.move_id),
            sorted(
                [
                    (receipts.code, self.customer.name, 1785.0, 0.0, ""),
                    ("3791", self.factor_partner.name, 0.0, 1190.0, inv1.name),
                    ("3791", self.factor_partner.name, 0.0, 595.0, inv2.name),
                ]
            ),
        )
        self.assertEqual(payment.move_id.state, "posted")
        self.assertEqual(payment.move_id.journal_id, self.bank_journal)
        self.assertTrue(st_line.is_reconciled)
        self.assertFalse(st_line.factoring_payment_for_factor)
        self.assertEqual(st_line.factoring_misdirected_payment_id, payment)
        self.assertAlmostEqual(self.factor.forward_amount, 1785.0)
        # The documents stay at the factor; nothing of the clearing account moved.
        self.assertEqual((inv1 + inv2).mapped("factoring_state"), ["transferred", "transferred"])
        self.assertAlmostEqual(inv1._get_factoring_debtor_open_amount(), 0.0)
        self.assertReconciliation("2026-11-10", {inv1: 1190.0, inv2: 595.0, other: 357.0}, 1785.0)

        # 2. Forwarding: one draft payment to the factor's bank account, the documents in its memo.
        action = self.factor.action_prepare_forwarding()
        forwarding = self.env["account.payment"].browse(action["res_id"])
        self.assertEqual(forwarding.state, "draft")
        self.assertEqual(
            (forwarding.payment_type, forwarding.partner_id, forwarding.partner_bank_id),
            ("outbound", self.factor_partner, self.factor_bank),
        )
        self.assertAlmostEqual(forwarding.amount, 1785.0)
        self.assertIn(inv1.name, forwarding.memo)
        self.assertIn(inv2.name, forwarding.memo)
        self.assertEqual(payment.state, "forwarding")
        # Preparing again updates the same draft.
        self.factor.action_prepare_forwarding()
        self.assertEqual(
            self.env["account.payment"].search([("factoring_forward_factor_id", "=", self.factor.id)]), forwarding
        )
        forwarding.date = "2026-11-12"
        forwarding.action_post()
        outstanding = forwarding.outstanding_account_id
        self.assertEqual(
            self._lines(forwarding.move_id),
            sorted(
                [
                    ("3791", self.factor_partner.name, 1785.0, 0.0, ""),
                    (outstanding.code, self.factor_partner.name, 0.0, 1785.0, ""),
                ]
            ),
        )
        self.assertTrue(
            all(
                payment.move_id.line_ids.filtered(lambda aml: aml.account_id == self.forward_account).mapped(
                    "reconciled"
                )
            )
        )
        self.assertEqual(payment.state, "forwarded")
        self.assertAlmostEqual(payment.amount_to_forward, 0.0)
        self.assertAlmostEqual(self.factor.forward_amount, 0.0)
        self.assertReconciliation("2026-11-12", {inv1: 1190.0, inv2: 595.0, other: 357.0}, 0.0)
        with self.assertRaisesRegex(UserError, "cannot be reset to draft"):
            forwarding.action_draft()
        with self.assertRaisesRegex(UserError, "Unreconciling is not possible"):
            forwarding.move_id.line_ids.remove_move_reconcile()

        # 3. The factor's statement settles the documents (it has the debtor's money now): an ordinary settlement.
        settlement = self._settlement(self._item(inv1 + inv2), amount_to_settle=1785.0)
        settlement.action_post()
        self.assertEqual((inv1 + inv2).mapped("factoring_state"), ["settled", "settled"])
        self.assertEqual(payment.state, "forwarded")
        self.assertReconciliation("2026-11-20", {other: 357.0}, 0.0)

    def test_settlement_deducts_payment_not_forwarded(self):
        """The factor deducts the payment we kept from its payout: the settlement closes the document's clearing item
        against the payment to forward, no money for it is expected from the factor."""
        inv = self._create_invoice(amount=1000.0)  # 1190.00
        inv2 = self._create_invoice(amount=500.0)  # 595.00, paid to the factor
        self._transfer(inv + inv2)
        payment = self._book(self._bank_transaction(1190.0, f"RE {inv.name}"))
        self.assertReconciliation("2026-11-10", {inv: 1190.0, inv2: 595.0}, 1190.0)
        # The payment received by us is an open item of the factor, named by its document.
        wizard = self.env["factoring.settlement.candidate"].create(
            {"settlement_id": self._settlement(amount_to_settle=595.0 - 10.0).id}
        )
        forward_line = payment.line_ids.move_line_id
        self.assertIn(forward_line, wizard.candidate_line_ids)
        self.assertEqual(wizard.line_ids.filtered(lambda line: line.move_line_id == forward_line).document_id, inv)
        wizard.action_add_all()
        settlement = wizard.settlement_id
        item = settlement.line_ids.filtered(lambda line: line.item_type == "forward")
        self.assertEqual((item.document_id, item.partner_id, item.amount_open), (inv, self.customer, -1190.0))
        self._line(settlement, inv2).fee_amount = 10.0
        self.assertAlmostEqual(settlement.amount_open, 0.0)
        settlement.action_post()
        move = settlement.move_id
        by_account = {}
        for aml in move.line_ids:
            by_account[aml.account_id] = by_account.get(aml.account_id, 0.0) + aml.balance
        self.assertAlmostEqual(by_account[self.forward_account], 1190.0)  # the liability closed
        self.assertAlmostEqual(by_account[self.clearing_account], -1785.0)  # both documents settled
        self.assertTrue(forward_line.reconciled)
        self.assertEqual(payment.state, "settled")
        self.assertEqual(inv.factoring_state, "settled")
        self.assertReconciliation("2026-11-20", {}, 0.0)
        with self.assertRaisesRegex(UserError, "nothing to forward"):
            self.factor.action_prepare_forwarding()
        # Cancelling the settlement reopens the payment to forward.
        settlement.action_cancel()
        self.assertEqual(payment.state, "to_forward")
        self.assertReconciliation("2026-11-20", {inv: 1190.0, inv2: 595.0}, 1190.0)

    def test_from_document_payment_received_by_us(self):
        inv = self._create_invoice(amount=1000.0)
        self._transfer(inv)
        # The label does not name the invoice: the debtor's transaction for exactly its amount is proposed.
        st_line = self._bank_transaction(1190.0, "Zahlung Mueller")
        self.assertEqual(st_line.factoring_document_ids, inv)
        action = inv.action_factoring_payment_received()
        wizard = self.env["factoring.misdirected.wizard"].with_context(**action["context"]).create({})
        self.assertEqual(wizard.statement_line_id, st_line)
        self.assertEqual(wizard.line_ids.document_id, inv)
        self.assertFalse(wizard.problems)
        payment = self.env["factoring.misdirected.payment"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(inv.factoring_misdirected_line_ids.payment_id, payment)

    def test_wrong_inputs_refused(self):
        inv = self._create_invoice(amount=1000.0)  # 1190.00
        not_transferred = self._create_invoice(amount=100.0)
        self._transfer(inv)
        Payment = self.env["factoring.misdirected.payment"]
        # Another partner's transaction.
        foreign = self._bank_transaction(1190.0, inv.name, partner=self.second_customer)
        self.assertFalse(foreign.factoring_document_ids)
        with self.assertRaisesRegex(
            UserError, f"comes from {self.second_customer.name}, the documents are of {self.customer.name}"
        ):
            Payment._book(foreign, {inv: 1190.0})
        # An amount that does not match.
        short = self._bank_transaction(1000.0, inv.name)
        self.assertEqual(short.factoring_document_ids, inv)
        self.assertFalse(short.factoring_payment_for_factor)
        with self.assertRaisesRegex(UserError, "brings 1,000.00.€, the documents come to 1,190.00.€"):
            self._book(short)
        with self.assertRaisesRegex(UserError, "1,500.00.€ does not fit what the debtor owes the factor on it"):
            Payment._book(self._bank_transaction(1500.0, inv.name), {inv: 1500.0})
        # A document not at the factor, an outgoing transaction.
        with self.assertRaisesRegex(UserError, f"{not_transferred.name} are not at a factor"):
            Payment._book(self._bank_transaction(119.0, not_transferred.name), {not_transferred: 119.0})
        with self.assertRaisesRegex(UserError, "is no incoming payment"):
            Payment._book(self._bank_transaction(-1190.0, inv.name), {inv: -1190.0})
        self.assertFalse(Payment.search([]))
        self.assertFalse(short.is_reconciled)
        # Already booked.
        st_line = self._bank_transaction(1190.0, inv.name)
        self._book(st_line)
        with self.assertRaisesRegex(UserError, "already reconciled.*\n.*already booked as payment for the factor"):
            Payment._book(st_line, {inv: 1190.0})
        with self.assertRaisesRegex(UserError, "fit what the debtor owes the factor on it, 0.00.€"):
            Payment._book(self._bank_transaction(1190.0, inv.name), {inv: 1190.0})
        # A factor without payments to forward account.
        self.factor.forward_account_id = False
        with self.assertRaisesRegex(UserError, "has no payments to forward account"):
            Payment._book(short, {inv: 1000.0})

    def test_receipt_entry_locked_and_cancel(self):
        inv = self._create_invoice(amount=1000.0)
        self._transfer(inv)
        st_line = self._bank_transaction(1190.0, inv.name)
        payment = self._book(st_line)
        move = payment.move_id
        self.assertTrue(move.factoring_locked_entry)
        with self.assertRaisesRegex(UserError, "payment for the factor"):
            move.button_draft()
        with self.assertRaisesRegex(UserError, "Unreconciling is not possible"):
            st_line.action_undo_reconciliation()
        with self.assertRaisesRegex(UserError, "never deleted"):
            payment.unlink()
        forwarding = self.env["account.payment"].browse(self.factor.action_prepare_forwarding()["res_id"])
        # Cancelling the booking: the entry is reversed, the transaction open again, the draft forwarding dropped.
        payment.action_cancel()
        self.assertEqual(payment.state, "cancelled")
        self.assertEqual(payment.reversal_move_id.reversed_entry_id, move)
        self.assertFalse(st_line.is_reconciled)
        self.assertEqual(forwarding.state, "canceled")
        self.assertAlmostEqual(self.factor.forward_amount, 0.0)
        self.assertAlmostEqual(inv._get_factoring_debtor_open_amount(), 1190.0)
        data = self._reconciliation("2026-11-30")
        self.assertAlmostEqual(data["difference"], 0.0)
        self.assertAlmostEqual(data["forward_balance"], 0.0)
        # Booked again, forwarded: no cancel any more.
        payment = self._book(st_line)
        forwarding = self.env["account.payment"].browse(self.factor.action_prepare_forwarding()["res_id"])
        forwarding.action_post()
        with self.assertRaisesRegex(UserError, "already forwarded"):
            payment.action_cancel()
        # A forwarding prepared and then outdated (the booking cancelled) is refused at posting.
        inv2 = self._create_invoice(amount=100.0)
        self._transfer(inv2)
        payment2 = self._book(self._bank_transaction(119.0, inv2.name))
        forwarding2 = self.env["account.payment"].browse(self.factor.action_prepare_forwarding()["res_id"])
        forwarding2.amount = 100.0
        with self.assertRaisesRegex(UserError, "The payment is 100.00.€, the documents to forward come to 119.00.€"):
            forwarding2.action_post()
        self.assertEqual(payment2.state, "forwarding")
