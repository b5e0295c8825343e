# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestSettlement(SettlementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="settlement_user",
            groups="factoring_base.group_factoring_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def assertBalanced(self, move):
        self.assertEqual(move.state, "posted")
        self.assertAlmostEqual(sum(move.line_ids.mapped("debit")), sum(move.line_ids.mapped("credit")), places=2)

    def _lines_by_account(self, move):
        result = {}
        for aml in move.line_ids:
            result[aml.account_id] = result.get(aml.account_id, 0.0) + aml.balance
        return result

    # ------------------------------------------------------------------
    def test_settle_fully_and_partially(self):
        inv1 = self._create_invoice(amount=1000.0)  # 1190.00 with 19 % VAT
        inv2 = self._create_invoice(partner=self.second_customer, amount=2000.0)  # 2380.00
        self._transfer(inv1 + inv2)
        self.assertEqual(set((inv1 + inv2).mapped("factoring_state")), {"transferred"})
        settlement = self._settlement(self._item(inv1 + inv2), amount_to_settle=2190.0)
        self.assertEqual(settlement.name[:3], "FS/")
        self.assertEqual(settlement.line_count, 2)
        line1, line2 = self._line(settlement, inv1), self._line(settlement, inv2)
        self.assertEqual((line1.amount_open, line1.amount_settled, line1.partner_id), (1190.0, 1190.0, self.customer))
        self.assertEqual((line2.item_type, line2.partner_id), ("clearing", self.second_customer))
        line2.amount_settled = 1000.0
        self.assertAlmostEqual(settlement.amount_settled, 2190.0)
        self.assertAlmostEqual(settlement.amount_open, 0.0)

        settlement.action_post()
        move = settlement.move_id
        self.assertEqual(settlement.state, "posted")
        self.assertBalanced(move)
        self.assertEqual(move.journal_id, self.bank_journal)
        payment_line = move.line_ids.filtered(lambda aml: aml.account_id == settlement.counterpart_account_id)
        self.assertAlmostEqual(payment_line.debit, 2190.0)
        self.assertEqual(payment_line.partner_id, self.factor_partner)
        # Full: reconciled, settled. Partial: partly reconciled, 1380 still open at the factor, not settled.
        self.assertTrue(self._item(inv1).reconciled)
        self.assertAlmostEqual(self._item(inv1).amount_residual, 0.0)
        self.assertEqual(inv1.factoring_state, "settled")
        self.assertFalse(self._item(inv2).reconciled)
        self.assertAlmostEqual(self._item(inv2).amount_residual, 1380.0)
        self.assertEqual(inv2.factoring_state, "transferred")
        self.assertEqual(line2.settlement_move_line_id.matched_debit_ids.debit_move_id, self._item(inv2))
        # The rest can be settled by a second settlement: the candidate is offered again with its new open amount.
        wizard = self.env["factoring.settlement.candidate"].create(
            {"settlement_id": self._settlement(amount_to_settle=1380.0).id}
        )
        self.assertEqual(wizard.candidate_line_ids, self._item(inv2))
        wizard.action_add_all()
        second = wizard.settlement_id
        self.assertAlmostEqual(second.line_ids.amount_open, 1380.0)
        second.action_post()
        self.assertEqual(inv2.factoring_state, "settled")
        # A posted settlement cannot be edited or deleted.
        with self.assertRaises(UserError):
            line1.amount_settled = 1.0
        with self.assertRaises(UserError):
            settlement.unlink()

    def test_deductions_fees_retention(self):
        inv1 = self._create_invoice(amount=1000.0)  # 1190
        inv2 = self._create_invoice(amount=500.0)  # 595
        self._transfer(inv1 + inv2)
        settlement = self._settlement(self._item(inv1 + inv2))
        line1, line2 = self._line(settlement, inv1), self._line(settlement, inv2)
        line1.write({"deduction_amount": 23.80, "fee_amount": 10.71, "retention_amount": 119.0})
        line2.write({"deduction_amount": 95.0, "fee_amount": 5.36, "retention_amount": 59.5})
        # A deduction needs a reason.
        settlement.amount_to_settle = 1785.0 - 118.80 - 16.07 - 178.5
        with self.assertRaisesRegex(UserError, "needs a reason"):
            settlement.action_post()
        line1.deduction_reason_id = self.reason_discount
        line2.deduction_reason_id = self.reason_dispute
        self.assertAlmostEqual(line1.amount_paid, 1190.0 - 23.80 - 10.71 - 119.0)
        self.assertAlmostEqual(settlement.amount_open, 0.0)
        settlement.action_post()
        move = settlement.move_id
        self.assertBalanced(move)
        by_account = self._lines_by_account(move)
        self.assertAlmostEqual(by_account[self.discount_account], 23.80)
        self.assertAlmostEqual(by_account[self.dispute_account], 95.0)
        self.assertAlmostEqual(by_account[self.fee_account], 16.07)
        self.assertAlmostEqual(by_account[self.retention_account], 178.5)
        self.assertAlmostEqual(by_account[settlement.counterpart_account_id], 1471.63)
        self.assertAlmostEqual(by_account[self.clearing_account], -1785.0)
        deduction = move.line_ids.filtered(lambda aml: aml.account_id == self.dispute_account)
        self.assertEqual(deduction.partner_id, self.customer)
        self.assertIn("Dispute", deduction.name)
        # Each line says what it books: posting found the items' and the payment's lines by that, not by position.
        self.assertEqual(
            {aml.account_id: aml.factoring_settlement_role for aml in move.line_ids},
            {
                self.clearing_account: "item",
                self.discount_account: "deduction",
                self.dispute_account: "deduction",
                self.fee_account: "fee",
                self.retention_account: "retention",
                settlement.counterpart_account_id: "payment",
            },
        )
        self.assertEqual(deduction.factoring_settlement_line_id, line2)
        self.assertEqual(line2.settlement_move_line_id.factoring_settlement_line_id, line2)
        self.assertTrue(all(self._item(inv1 + inv2).mapped("reconciled")))
        self.assertEqual(set((inv1 + inv2).mapped("factoring_state")), {"settled"})

    def test_other_items_analytic_and_taxes(self):
        plan = self.env["account.analytic.plan"].create({"name": "Cost centers"})
        cost_center = self.env["account.analytic.account"].create({"name": "CC Finance", "plan_id": plan.id})
        vat = self.company_data["default_tax_purchase"]
        self.assertEqual(vat.amount, 19.0)
        inv = self._create_invoice(amount=10000.0)  # 11900
        self._transfer(inv)
        settlement = self._settlement(self._item(inv))
        settlement.other_ids = [
            Command.create(
                {
                    "account_id": self.fee_account.id,
                    "name": "Factoring fee November",
                    "amount": 100.0,
                    "tax_ids": [Command.set(vat.ids)],
                    "analytic_distribution": {str(cost_center.id): 100},
                }
            ),
            Command.create(
                {
                    "account_id": self.expense_account.id,
                    "name": "Bank fees",
                    "amount": 2.5,
                    "analytic_distribution": {str(cost_center.id): 100},
                }
            ),
            Command.create({"account_id": self.retention_account.id, "name": "Retention released", "amount": -300.0}),
        ]
        self.assertAlmostEqual(settlement.amount_other, 119.0 + 2.5 - 300.0)
        settlement.amount_to_settle = 11900.0 - 119.0 - 2.5 + 300.0
        self.assertAlmostEqual(settlement.amount_open, 0.0)
        settlement.action_post()
        move = settlement.move_id
        self.assertBalanced(move)
        fee_line = move.line_ids.filtered(lambda aml: aml.account_id == self.fee_account)
        self.assertAlmostEqual(fee_line.balance, 100.0)
        self.assertEqual(fee_line.tax_ids, vat)
        self.assertEqual(fee_line.analytic_distribution, {str(cost_center.id): 100})
        tax_line = move.line_ids.filtered(lambda aml: aml.tax_line_id == vat)
        self.assertAlmostEqual(tax_line.balance, 19.0)
        analytic = self.env["account.analytic.line"].search([("move_line_id", "in", move.line_ids.ids)])
        self.assertAlmostEqual(sum(analytic.mapped("amount")), -102.5)
        self.assertEqual(analytic.mapped(plan._column_name()), cost_center)
        released = move.line_ids.filtered(lambda aml: aml.account_id == self.retention_account)
        self.assertAlmostEqual(released.balance, -300.0)
        payment_line = move.line_ids.filtered(lambda aml: aml.account_id == settlement.counterpart_account_id)
        self.assertAlmostEqual(payment_line.balance, 12078.5)
        self.assertEqual(payment_line.factoring_settlement_role, "payment")
        self.assertEqual(set((fee_line | released).mapped("factoring_settlement_role")), {"other"})
        self.assertFalse(tax_line.factoring_settlement_role, "Odoo's tax line is no line of the settlement")

    def test_open_not_zero_refused(self):
        inv = self._create_invoice(amount=1000.0)
        self._transfer(inv)
        settlement = self._settlement(self._item(inv), amount_to_settle=1100.0)
        self.assertAlmostEqual(settlement.amount_open, -90.0)
        with self.assertRaises(UserError) as error:
            settlement.action_post()
        message = str(error.exception)
        self.assertIn("Open must be zero", message)
        for figure in ("1,100.00", "1,190.00", "90.00"):
            self.assertIn(figure, message)
        self.assertEqual(settlement.state, "draft")
        self.assertFalse(settlement.move_id)
        # More than the open amount is refused as well.
        self._line(settlement, inv).amount_settled = 1280.0
        with self.assertRaisesRegex(UserError, "exceeds the open amount"):
            settlement.action_post()

    def test_statement_line_reconciled_and_cancel(self):
        inv1 = self._create_invoice(amount=1000.0)
        inv2 = self._create_invoice(partner=self.second_customer, amount=200.0)
        self._transfer(inv1 + inv2)
        st_line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": "2026-11-20",
                "payment_ref": "Factor payment ABR-2026-11",
                "partner_id": self.factor_partner.id,
                "amount": 1428.0,
            }
        )
        self.assertFalse(st_line.is_reconciled)
        form = Form(self.env["factoring.settlement"])
        form.factor_id = self.factor
        form.statement_line_id = st_line
        form.date = "2026-11-20"
        form.ref = "ABR-2026-11"
        settlement = form.save()
        self.assertEqual(settlement.journal_id, self.bank_journal)
        self.assertAlmostEqual(settlement.amount_to_settle, 1428.0)
        form = Form(self.env["factoring.settlement.candidate"].with_context(default_settlement_id=settlement.id))
        self.assertEqual(form.candidate_count, 2)
        form.document_number = inv1.name
        self.assertEqual(form.candidate_count, 1)
        form.save().action_add_all()
        self.assertEqual(settlement.line_ids.move_line_id, self._item(inv1))
        settlement._add_move_lines(self._item(inv2))
        self.assertEqual(settlement.line_count, 2)
        settlement.action_post()
        self.assertTrue(st_line.is_reconciled)
        self.assertAlmostEqual(st_line.amount_residual, 0.0)
        self.assertTrue(all(self._item(inv1 + inv2).mapped("reconciled")))
        self.assertEqual(set((inv1 + inv2).mapped("factoring_state")), {"settled"})
        payment_line = settlement.move_id.line_ids.filtered(
            lambda aml: aml.account_id == settlement.counterpart_account_id
        )
        self.assertTrue(payment_line.reconciled)
        self.assertEqual(payment_line.matched_credit_ids.credit_move_id.move_id, st_line.move_id)
        # A second settlement cannot take the same bank transaction.
        other = self._settlement(statement_line_id=st_line.id)
        with self.assertRaisesRegex(UserError, "already reconciled"):
            other.action_post()

        # Cancel: reversal entry, items and bank transaction open again, state back.
        settlement.action_cancel()
        self.assertEqual(settlement.state, "cancelled")
        reversal = settlement.reversal_move_id
        self.assertBalanced(reversal)
        self.assertEqual(reversal.reversed_entry_id, settlement.move_id)
        self.assertFalse(st_line.is_reconciled)
        self.assertAlmostEqual(self._item(inv1).amount_residual, 1190.0)
        self.assertAlmostEqual(self._item(inv2).amount_residual, 238.0)
        self.assertFalse(any(self._item(inv1 + inv2).mapped("reconciled")))
        self.assertEqual(set((inv1 + inv2).mapped("factoring_state")), {"transferred"})
        self.assertTrue(
            all(settlement.move_id.line_ids.filtered(lambda aml: aml.account_id.reconcile).mapped("reconciled"))
        )
        # The items can be settled again, with the same bank transaction.
        again = self._settlement(self._item(inv1 + inv2), statement_line_id=st_line.id)
        again.action_post()
        self.assertTrue(st_line.is_reconciled)
        self.assertEqual(inv1.factoring_state, "settled")

    def _statement_line(self, amount, ref="Factor payment ABR-2026-11"):
        return self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": "2026-11-20",
                "payment_ref": ref,
                "partner_id": self.factor_partner.id,
                "amount": amount,
            }
        )

    def test_posted_settlement_frozen(self):
        """Posted, nothing that posting used changes (as a Factoring User, as over RPC); cancel undoes exactly what
        posting did: the bank transaction it reconciled is open again, the entry reversed."""
        inv = self._create_invoice(amount=1000.0)  # 1190
        self._transfer(inv)
        st_line = self._statement_line(1180.0)
        other_st_line = self._statement_line(1180.0, ref="Another payment")
        suspense = self.bank_journal.suspense_account_id
        settlement = self._settlement(self._item(inv), statement_line_id=st_line.id)
        settlement.other_ids = [
            Command.create({"account_id": self.expense_account.id, "name": "Bank fees", "amount": 10.0})
        ]
        draft = self._settlement()
        settlement.action_post()
        move = settlement.move_id
        self.assertTrue(st_line.is_reconciled)
        self.assertNotIn(suspense, st_line.move_id.line_ids.account_id)

        env = self.env(user=self.user)
        posted = settlement.with_env(env)
        other, line = posted.other_ids, posted.line_ids
        other_vals = {"account_id": self.expense_account.id, "name": "Interest", "amount": 5.0}
        attempts = {
            "change the bank transaction": lambda: posted.write({"statement_line_id": other_st_line.id}),
            "remove the bank transaction": lambda: posted.write({"statement_line_id": False}),
            "change the amount": lambda: posted.write({"amount_to_settle": 1.0}),
            "change the reference": lambda: posted.write({"ref": "other"}),
            "reset the state": lambda: posted.write({"state": "draft"}),
            "change the entry": lambda: posted.write({"move_id": False}),
            "change the recorded transaction": lambda: posted.write({"reconciled_statement_line_id": False}),
            "add an other item": lambda: env["factoring.settlement.other"].create(
                {**other_vals, "settlement_id": settlement.id}
            ),
            "add an other item through the settlement": lambda: posted.write(
                {"other_ids": [Command.create(other_vals)]}
            ),
            "edit an other item": lambda: other.write({"amount": 20.0}),
            "move an other item away": lambda: other.write({"settlement_id": draft.id}),
            "delete an other item": lambda: other.unlink(),
            "edit an item": lambda: line.write({"fee_amount": 5.0}),
            "unlink an item from its entry": lambda: line.write({"settlement_move_line_id": False}),
            "move an item away": lambda: line.write({"settlement_id": draft.id}),
            "add an item": lambda: env["factoring.settlement.line"].create(
                {"settlement_id": settlement.id, "move_line_id": self._receivable(self._create_invoice()).id}
            ),
            "move an item in": lambda: draft._add_move_lines(self._receivable(self._create_invoice()))
            .with_env(env)
            .write({"settlement_id": settlement.id}),
            "delete an item": lambda: line.unlink(),
            "create a posted settlement": lambda: env["factoring.settlement"].create(
                {"factor_id": self.factor.id, "state": "posted", "move_id": move.id}
            ),
        }
        for what, attempt in attempts.items():
            with self.subTest(what), self.assertRaisesRegex(UserError, "draft|posted or cancelled"):
                attempt()
        settlement.invalidate_recordset()
        self.assertRecordValues(
            settlement,
            [{"state": "posted", "statement_line_id": st_line.id, "move_id": move.id, "amount_to_settle": 1180.0}],
        )
        self.assertRecordValues(settlement.other_ids, [{"name": "Bank fees", "amount": 10.0}])
        self.assertTrue(line.settlement_move_line_id)
        self.assertRecordValues(
            settlement.line_ids, [{"fee_amount": 0.0, "settlement_move_line_id": line.settlement_move_line_id.id}]
        )

        posted.action_cancel()
        self.assertEqual(settlement.state, "cancelled")
        self.assertEqual(settlement.reversal_move_id.reversed_entry_id, move)
        self.assertBalanced(settlement.reversal_move_id)
        # The bank transaction posting reconciled is open again, back on the suspense account, as before posting.
        self.assertFalse(st_line.is_reconciled)
        self.assertIn(suspense, st_line.move_id.line_ids.account_id)
        self.assertAlmostEqual(abs(st_line.amount_residual), 1180.0)
        self.assertFalse(other_st_line.is_reconciled)
        self.assertAlmostEqual(self._item(inv).amount_residual, 1190.0)
        self.assertEqual(inv.factoring_state, "transferred")
        self.assertTrue(all(move.line_ids.filtered(lambda aml: aml.account_id.reconcile).mapped("reconciled")))
        # Cancelled, it stays as it was: its entries are kept, so it is not deleted either.
        with self.assertRaisesRegex(UserError, "draft|posted or cancelled"):
            posted.write({"statement_line_id": other_st_line.id})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            posted.unlink()

    def test_mixed_rebooked_and_not_rebooked(self):
        rebooked = self._create_invoice(amount=1000.0)  # 1190
        rebooked_refund = self._create_invoice(amount=100.0, move_type="out_refund")  # -119
        rebooked2 = self._create_invoice(amount=200.0)  # 238
        direct = self._create_invoice(partner=self.second_customer, amount=400.0)  # 476
        unassigned = self._create_invoice(partner=self.unassigned_customer, amount=50.0)
        rebooking = self._transfer(rebooked + rebooked_refund + rebooked2).move_id
        self.assertEqual(rebooking.state, "posted")
        self.factor.invalidate_recordset(["factor_open_amount"])
        self.assertAlmostEqual(self.factor.factor_open_amount, 1309.0)
        self.assertTrue(self._receivable(rebooked).reconciled)
        state_before = rebooked.factoring_state
        self.assertEqual(state_before, "transferred")
        settlement = self._settlement(amount_to_settle=1190.0 - 119.0 + 238.0 + 476.0, group_items=True)
        wizard = self.env["factoring.settlement.candidate"].create({"settlement_id": settlement.id})
        expected = (
            self._item(rebooked)
            + self._item(rebooked_refund)
            + self._item(rebooked2)
            + self._receivable(direct)
        )
        self.assertEqual(wizard.candidate_line_ids, expected)
        self.assertNotIn(self._receivable(unassigned), wizard.candidate_line_ids)
        wizard.partner_ids = self.customer
        self.assertEqual(wizard.candidate_line_ids, expected - self._receivable(direct))
        wizard.partner_ids = False
        wizard.move_line_ids = self._item(rebooked)
        wizard.action_add_selected()
        self.assertEqual(settlement.line_count, 1)
        wizard = self.env["factoring.settlement.candidate"].create({"settlement_id": settlement.id})
        self.assertEqual(len(wizard.candidate_line_ids), 3, "already added items are no candidates")
        wizard.action_add_all()
        line = self._line(settlement, rebooked)
        self.assertEqual((line.item_type, line.partner_id, line.amount_open), ("clearing", self.customer, 1190.0))
        refund_line = self._line(settlement, rebooked_refund)
        self.assertAlmostEqual(refund_line.amount_open, -119.0)
        self.assertEqual(self._line(settlement, direct).item_type, "receivable")
        settlement.action_post()
        self.assertBalanced(settlement.move_id)
        self.assertTrue(all(expected.mapped("reconciled")))
        # Grouped per debtor and sign: the rebooked invoice and credit note are never netted with each other.
        clearing = settlement.move_id.line_ids.filtered(lambda aml: aml.account_id == self.clearing_account)
        self.assertEqual(sorted(clearing.mapped("balance")), [-1428.0, 119.0])
        self.assertEqual((line + refund_line + self._line(settlement, rebooked2)).settlement_move_line_id, clearing)
        # The group line credits several items: it names none; the credit note's line of its own names it.
        self.assertEqual(set(clearing.mapped("factoring_settlement_role")), {"item"})
        self.assertEqual(clearing.factoring_settlement_line_id, refund_line)
        self.assertEqual(line.settlement_move_line_id.amount_currency, -1428.0)
        self.assertEqual(set((rebooked + rebooked_refund + rebooked2 + direct).mapped("factoring_state")), {"settled"})
        self.factor.invalidate_recordset(["factor_open_amount"])
        self.assertAlmostEqual(self.factor.factor_open_amount, 0.0)
        settlement.action_cancel()
        self.factor.invalidate_recordset(["factor_open_amount"])
        self.assertFalse(any(expected.mapped("reconciled")))
        self.assertEqual(rebooked.factoring_state, state_before)
        self.assertEqual(direct.factoring_state, "to_transfer")
        self.assertAlmostEqual(self.factor.factor_open_amount, 1309.0)

    def test_access(self):
        inv = self._create_invoice(amount=100.0)
        self._transfer(inv)
        env = self.env(user=self.user)
        settlement = env["factoring.settlement"].create(
            {"factor_id": self.factor.id, "journal_id": self.bank_journal.id, "amount_to_settle": 119.0}
        )
        settlement._add_move_lines(self._item(inv).with_env(env))
        settlement.action_post()
        self.assertEqual(inv.factoring_state, "settled")
        with self.assertRaises(AccessError):
            env["factoring.deduction.reason"].create({"name": "Not for users"})
        # A user of another company sees neither the settlement nor its items.
        other_company = self.env["res.company"].create({"name": "Other Factoring Client GmbH"})
        stranger = new_test_user(
            self.env,
            login="settlement_stranger",
            groups="factoring_base.group_factoring_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        other_env = self.env(user=stranger)
        self.assertFalse(other_env["factoring.settlement"].search([("id", "=", settlement.id)]))
        with self.assertRaises(AccessError):
            other_env["factoring.settlement"].browse(settlement.id).read(["name"])
        with self.assertRaises(AccessError):
            other_env["factoring.settlement.line"].browse(settlement.line_ids.ids).read(["amount_settled"])
        # Deduction reasons without a company are shared.
        self.assertIn(self.reason_discount, other_env["factoring.deduction.reason"].search([]))


@tagged("post_install", "-at_install")
class TestSettlementForeignCurrency(SettlementCommon):
    """A CHF factor of a EUR company: items and payment in CHF, the rate difference booked by Odoo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chf = cls.setup_other_currency("CHF", rates=[("2026-01-01", 0.95), ("2026-11-20", 0.90)])
        cls.factor_chf = cls.env["factoring.factor"].create(
            cls._factor_vals(code="TFC", name="Test Factoring CHF", currency_id=cls.chf.id, rebook_receivables=False)
        )
        cls.swiss_customer = cls.env["res.partner"].create(
            {
                "name": "Zürcher Uhren AG",
                "is_company": True,
                "street": "Bahnhofstrasse 1",
                "zip": "8001",
                "city": "Zürich",
                "country_id": cls.env.ref("base.ch").id,
                "company_registry": "CH-020.3.000.000-1",
                "factor_id": cls.factor_chf.id,
                "factor_debtor_ref": "200201",
            }
        )

    def test_settle_foreign_currency_items(self):
        invoice = self._create_invoice(partner=self.swiss_customer, amount=1000.0, currency=self.chf)
        eur_invoice = self._create_invoice(partner=self.swiss_customer, amount=300.0)
        batch = self._transfer(invoice)
        self.assertFalse(batch.move_id, "this factor does not rebook: the item is the customer's receivable")
        receivable = self._receivable(invoice)
        self.assertEqual(self._item(invoice), receivable)
        self.assertEqual((receivable.amount_currency, receivable.balance), (1190.0, 1252.63))  # 1190 / 0.95
        settlement = self._settlement(factor_id=self.factor_chf.id)
        self.assertEqual(settlement.currency_id, self.chf)
        wizard = self.env["factoring.settlement.candidate"].create({"settlement_id": settlement.id})
        # Only items in the statement's currency are offered: the EUR invoice is not.
        self.assertEqual(wizard.candidate_line_ids, receivable)
        self.assertNotIn(self._receivable(eur_invoice), wizard.candidate_line_ids)
        wizard.action_add_all()
        line = settlement.line_ids
        self.assertEqual((line.amount_open, line.amount_settled), (1190.0, 1190.0))
        line.write({"fee_amount": 10.70})
        settlement.amount_to_settle = 1179.30
        self.assertAlmostEqual(settlement.amount_open, 0.0)
        settlement.action_post()

        move = settlement.move_id
        self.assertEqual(move.currency_id, self.chf)
        self.assertAlmostEqual(sum(move.line_ids.mapped("amount_currency")), 0.0)
        self.assertAlmostEqual(sum(move.line_ids.mapped("balance")), 0.0)
        payment = move.line_ids.filtered(lambda aml: aml.account_id == settlement.counterpart_account_id)
        self.assertEqual((payment.amount_currency, payment.balance), (1179.30, 1310.33))  # at 0.90 on 2026-11-20
        fee = move.line_ids.filtered(lambda aml: aml.account_id == self.fee_account)
        self.assertEqual((fee.amount_currency, fee.balance), (10.70, 11.89))
        # The item is settled in CHF; Odoo books the rate difference (1322.22 - 1252.63) in an exchange entry.
        self.assertTrue(receivable.reconciled)
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertEqual(invoice.factoring_state, "settled")
        exchange = (receivable.matched_debit_ids | receivable.matched_credit_ids).exchange_move_id
        self.assertEqual(len(exchange), 1)
        self.assertAlmostEqual(
            sum(exchange.line_ids.filtered(lambda aml: aml.account_id == receivable.account_id).mapped("balance")),
            69.59,
        )
        settlement.action_cancel()
        self.assertFalse(receivable.reconciled)
        self.assertEqual((receivable.amount_residual_currency, receivable.amount_residual), (1190.0, 1252.63))
        self.assertEqual(invoice.amount_residual, 1190.0)
        self.assertEqual(invoice.factoring_state, "transferred")
