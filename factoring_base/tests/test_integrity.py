# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The books never diverge from the factor: what would take a receivable back from the factor is refused."""
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .test_batch import BatchCommon


@tagged("post_install", "-at_install")
class TestFactoringIntegrity(BatchCommon):
    @classmethod
    def _receivable(cls, move):
        return move.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")

    @classmethod
    def _reversal_wizard(cls, moves):
        with Form(
            cls.env["account.move.reversal"].with_context(active_model="account.move", active_ids=moves.ids)
        ) as form:
            if all(move.is_invoice() for move in moves):
                form.reason = "Wrong price"
        return form.save()

    def _reversals_of(self, move):
        return self.env["account.move"].search([("reversed_entry_id", "=", move.id)])

    def _clearing_balance(self):
        return sum(
            self.env["account.move.line"]
            .search([("account_id", "=", self.clearing_account.id), ("parent_state", "=", "posted")])
            .mapped("balance")
        )

    # ------------------------------------------------------------------
    # Reversals
    # ------------------------------------------------------------------
    def test_cancel_reversal_of_transferred_document_refused(self):
        """Reverse and create a new draft, or any reversal that cancels, would take the receivable back."""
        invoice = self._create_invoice(amount=1000.0)
        refund = self._create_invoice(amount=100.0, move_type="out_refund")
        batch = self._transfer(confirm=True)
        receivable = self._receivable(invoice)
        partials = receivable.matched_credit_ids
        self.assertTrue(partials)

        with self.assertRaisesRegex(UserError, "plain credit note"):
            self._reversal_wizard(invoice).modify_moves()
        with self.assertRaisesRegex(UserError, "plain credit note"):
            self._reversal_wizard(refund).modify_moves()
        with self.assertRaisesRegex(UserError, "a reversal that cancels"):
            invoice._reverse_moves(cancel=True)
        # Nothing changed: the rebooking reconciliation stays, no reversal exists, the factor keeps the receivable.
        self.assertEqual(receivable.matched_credit_ids, partials)
        self.assertTrue(receivable.reconciled)
        self.assertFalse(self._reversals_of(invoice) | self._reversals_of(refund))
        self.assertEqual((invoice | refund).mapped("factoring_state"), ["transferred", "transferred"])
        self.assertAlmostEqual(self._clearing_balance(), 1071.0)

        # The plain credit note still works: it keeps the factor, stays open and goes with the next batch.
        action = self._reversal_wizard(invoice).refund_moves()
        credit_note = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(credit_note.factor_id, self.factor)
        credit_note.invoice_line_ids.price_unit = 200.0
        credit_note.action_post()
        self.assertEqual(credit_note.factoring_state, "to_transfer")
        self.assertFalse(self._receivable(credit_note).reconciled)
        self.assertEqual(receivable.matched_credit_ids, partials)
        next_batch = self._transfer(confirm=True)
        self.assertNotEqual(next_batch, batch)
        self.assertEqual(next_batch.line_ids.move_id, credit_note)
        self.assertEqual(next_batch.line_ids.origin_move_id, invoice)
        self.assertEqual(credit_note.factoring_state, "transferred")
        self.assertAlmostEqual(self._clearing_balance(), 1071.0 - 238.0)

    def test_reversal_of_rebooking_entry_refused(self):
        """Odoo's reversal of a journal entry cancels it: the batch's entry is reversed by cancelling the batch."""
        self._create_invoice(amount=1000.0)
        batch = self._transfer(confirm=True)
        with self.assertRaisesRegex(UserError, f"transfer batch {batch.name}"):
            self._reversal_wizard(batch.move_id).refund_moves()
        self.assertFalse(self._reversals_of(batch.move_id))
        batch.action_cancel()
        self.assertEqual(batch.reversal_move_id.reversed_entry_id, batch.move_id)

    def test_reversal_of_documents_not_transferred(self):
        """Odoo's own flows are untouched for documents the factor does not hold."""
        other = self._create_invoice(partner=self.unassigned_customer, amount=100.0)
        to_transfer = self._create_invoice(amount=100.0)
        for invoice in other | to_transfer:
            action = self._reversal_wizard(invoice).modify_moves()
            self.assertEqual(invoice.payment_state, "reversed")
            self.assertEqual(self.env["account.move"].browse(action["res_id"]).state, "draft")
        self.assertEqual(to_transfer.factoring_state, "netted", "cancelled by its credit note before any transfer")
        self.assertEqual(other.factoring_state, "none")

    # ------------------------------------------------------------------
    # Unreconciling
    # ------------------------------------------------------------------
    def test_unreconcile_rebooking_refused(self):
        invoice = self._create_invoice(amount=1000.0)
        batch = self._transfer(confirm=True)
        receivable = self._receivable(invoice)
        rebooking_line = batch.move_id.line_ids.filtered(lambda aml: aml.partner_id == self.customer)
        partials = receivable.matched_credit_ids
        self.assertEqual(partials.credit_move_id, rebooking_line)

        message = f"{invoice.name} / {batch.move_id.name}.*transfer batch {batch.name}"
        with self.assertRaisesRegex(UserError, message):
            receivable.remove_move_reconcile()
        with self.assertRaisesRegex(UserError, message):
            rebooking_line.remove_move_reconcile()
        with self.assertRaisesRegex(UserError, message):
            self.env["account.move.line"].with_context(active_ids=receivable.ids).action_unreconcile_match_entries()
        with self.assertRaisesRegex(UserError, message):
            partials.unlink()
        with self.assertRaisesRegex(UserError, message):
            invoice.js_remove_outstanding_partial(partials.id)
        # What an RPC client can put in the context does not open the door.
        with self.assertRaisesRegex(UserError, message):
            receivable.with_context(factoring_owner_cancel=batch.move_id.ids).remove_move_reconcile()
        self.assertTrue(partials.exists())
        self.assertEqual(invoice.factoring_state, "transferred")
        self.assertAlmostEqual(invoice.amount_residual, 0.0)

        # The batch's own cancel undoes it; the reversal's reconciliation is the batch's too.
        batch.action_cancel()
        self.assertFalse(partials.exists())
        self.assertAlmostEqual(invoice.amount_residual, 1190.0)
        self.assertEqual(invoice.factoring_state, "to_transfer")
        with self.assertRaisesRegex(UserError, f"transfer batch {batch.name}"):
            batch.move_id.line_ids.remove_move_reconcile()

    def test_unreconcile_of_held_document_refused(self):
        """A payment and a credit note matched with an invoice before its transfer: the factor bought the rest, so
        neither is unreconciled by hand (nor by a reversal that cancels the credit note) while the factor holds the
        invoice; after the batch's cancel they are."""
        invoice = self._create_invoice(amount=1000.0)  # 1190.00
        refund = self._refund(invoice, 100.0)  # 119.00, matched with the invoice by Odoo
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 71.0})._create_payments()
        self.assertAlmostEqual(invoice.amount_residual, 1000.0)
        batch = self._transfer(confirm=True)
        self.assertEqual(batch.line_ids.move_id, invoice)
        receivable = self._receivable(invoice)
        before = receivable.matched_credit_ids
        self.assertEqual(len(before), 3, "the credit note, the payment and the rebooking")
        message = f"{invoice.name} are held by the factor.*{batch.name}"
        with self.assertRaisesRegex(UserError, message):
            self._receivable(refund).remove_move_reconcile()
        with self.assertRaisesRegex(UserError, message):
            refund._reverse_moves(cancel=True)
        payment_line = (before.credit_move_id - self._receivable(refund)).filtered(
            lambda aml: aml.move_id != batch.move_id
        )
        with self.assertRaisesRegex(UserError, message):
            payment_line.remove_move_reconcile()
        self.assertEqual(receivable.matched_credit_ids, before)
        self.assertTrue(all(receivable.mapped("reconciled")))
        # Once the factor no longer holds the invoice, the company corrects its own matching.
        batch.action_cancel()
        payment_line.remove_move_reconcile()
        self.assertAlmostEqual(invoice.amount_residual, 1071.0)

    def test_unreconcile_of_other_documents_untouched(self):
        """A payment of an ordinary invoice, or of a factored one not transferred yet, can still be unreconciled."""
        for partner in self.unassigned_customer, self.customer:
            invoice = self._create_invoice(partner=partner, amount=100.0)
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({})._create_payments()
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))
            self._receivable(invoice).remove_move_reconcile()
            self.assertEqual(invoice.payment_state, "not_paid")
            self.assertAlmostEqual(invoice.amount_residual, 119.0)

    # ------------------------------------------------------------------
    # A receivable on two accounts
    # ------------------------------------------------------------------
    def test_receivable_on_two_accounts(self):
        """Each open receivable line is rebooked and reconciled on its own account."""
        second_receivable = self.env["account.account"].create(
            {"code": "149901", "name": "Receivables (instalments)", "account_type": "asset_receivable",
             "reconcile": True}
        )
        halves = self.env["account.payment.term"].create({
            "name": "Half now, half in 30 days",
            "line_ids": [
                Command.create({"value": "percent", "value_amount": 50.0, "nb_days": 0}),
                Command.create({"value": "percent", "value_amount": 50.0, "nb_days": 30}),
            ],
        })
        invoice = self._create_invoice(amount=1000.0, invoice_payment_term_id=halves.id)  # 1190.00
        first, second = invoice.line_ids.filtered(lambda aml: aml.display_type == "payment_term").sorted(
            "date_maturity"
        )
        second.account_id = second_receivable
        # A partial payment of 95.00 before the transfer: 500.00 open on the first account, 595.00 on the second.
        self.env["account.payment.register"].with_context(
            active_model="account.move.line", active_ids=first.ids
        ).create({"amount": 95.0})._create_payments()
        self.assertAlmostEqual(first.amount_residual, 500.0)
        plain = self._create_invoice(amount=100.0)

        batch = self._transfer(confirm=True)
        self.assertEqual(batch.state, "confirmed")
        self.assertEqual(batch.line_ids.move_id, invoice | plain)
        self.assertAlmostEqual(batch.line_ids.filtered(lambda line: line.move_id == invoice).amount_residual, 1095.0)
        move = batch.move_id
        self.assertAlmostEqual(sum(move.line_ids.mapped("balance")), 0.0)
        doc_lines = move.line_ids.filtered(lambda aml: aml.factoring_source_move_id == invoice)
        clearing = doc_lines.filtered(lambda aml: aml.account_id == self.clearing_account)
        self.assertAlmostEqual(clearing.balance, 1095.0)
        customer_side = {aml.account_id: aml.balance for aml in doc_lines - clearing}
        self.assertEqual(customer_side, {first.account_id: -500.0, second_receivable: -595.0})
        self.assertTrue(all(self._receivable(invoice | plain).mapped("reconciled")))
        self.assertTrue(all((doc_lines - clearing).mapped("reconciled")))
        self.assertEqual(second.matched_credit_ids.credit_move_id.account_id, second_receivable)
        self.assertAlmostEqual(invoice.amount_residual, 0.0)
        self.assertEqual(invoice.factoring_state, "transferred")
        self.assertAlmostEqual(self.factor.factor_open_amount, 1095.0 + 119.0)

        # Cancelling the batch gives each account its receivable back.
        batch.action_cancel()
        self.assertAlmostEqual(first.amount_residual, 500.0)
        self.assertAlmostEqual(second.amount_residual, 595.0)
        self.assertEqual(invoice.factoring_state, "to_transfer")
