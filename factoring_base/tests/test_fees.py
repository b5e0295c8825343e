# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fees and security retention booked at transfer: the batch's second entry, line by line, its cancel and guards."""

import re

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .test_batch import BatchCommon


@tagged("post_install", "-at_install")
class TestFeesAtTransfer(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_fees_at_transfer()  # invoices of 1,190.00 and 595.00, a credit note of 119.00
        cls.input_vat_account = cls.purchase_vat.invoice_repartition_line_ids.filtered(
            lambda rep: rep.repartition_type == "tax"
        ).account_id

    def _lines(self, move):
        return [
            (aml.account_id, aml.partner_id, aml.tax_ids, aml.tax_line_id, aml.debit, aml.credit)
            for aml in move.line_ids.sorted(lambda aml: (aml.account_id.code, aml.debit, aml.credit))
        ]

    def _clearing_balance(self):
        lines = self.env["account.move.line"].search(
            [("account_id", "=", self.clearing_account.id), ("parent_state", "=", "posted")]
        )
        return round(sum(lines.mapped("balance")), 2)

    def test_draft_batch_shows_fees_retention_and_payout(self):
        batch = self._transfer()
        # Fee: 1 % of 1,190.00 + 595.00 - 119.00 (credit notes reduce it) = 16.66; input VAT 19 % = 3.17;
        # retention: 10 % of 1,666.00 = 166.60; payout 1,666.00 - 16.66 - 3.17 - 166.60 = 1,479.57.
        self.assertRecordValues(batch, [{
            "state": "draft", "amount_net": 1666.0, "amount_fee": 16.66, "amount_fee_tax": 3.17,
            "amount_reserve": 166.60, "amount_payout": 1479.57, "fee_move_id": False,
        }])

    def test_confirm_books_fees_and_retention_line_by_line(self):
        batch = self._transfer(confirm=True)
        self.assertEqual(batch.state, "confirmed")
        entry = batch.fee_move_id
        self.assertTrue(entry)
        self.assertNotEqual(entry, batch.move_id)
        self.assertRecordValues(entry, [{
            "state": "posted", "move_type": "entry", "journal_id": self.misc_journal.id, "date": batch.date,
        }])
        vat = self.purchase_vat
        no_tax = self.env["account.tax"]
        self.assertEqual(self._lines(entry), sorted([
            # retention: debit retention, credit clearing
            (self.retention_account, self.factor_partner, no_tax, no_tax, 166.60, 0.0),
            (self.clearing_account, self.factor_partner, no_tax, no_tax, 0.0, 166.60),
            # fee with input VAT: debit fee and VAT, credit clearing with both
            (self.clearing_account, self.factor_partner, no_tax, no_tax, 0.0, 19.83),
            (self.fee_account, self.factor_partner, vat, no_tax, 16.66, 0.0),
            (self.input_vat_account, self.factor_partner, no_tax, vat, 3.17, 0.0),
        ], key=lambda line: (line[0].code, line[4], line[5])))
        # The tax grids of Odoo's tax engine (German input VAT: base and tax grids).
        fee_line = entry.line_ids.filtered(lambda aml: aml.account_id == self.fee_account)
        tax_line = entry.line_ids.filtered("tax_line_id")
        base_tags = vat.invoice_repartition_line_ids.filtered(lambda rep: rep.repartition_type == "base").tag_ids
        tax_tags = vat.invoice_repartition_line_ids.filtered(lambda rep: rep.repartition_type == "tax").tag_ids
        self.assertEqual(fee_line.tax_tag_ids, base_tags)
        self.assertEqual(tax_line.tax_tag_ids, tax_tags)
        self.assertAlmostEqual(tax_line.tax_base_amount, 16.66)
        # The clearing account now holds exactly the expected payout.
        self.assertAlmostEqual(self._clearing_balance(), 1479.57)
        self.assertAlmostEqual(batch.amount_payout, 1479.57)
        # The rebooking entry is unchanged: one clearing line per document, no fee line.
        self.assertEqual(len(batch.move_id.line_ids), 6)
        self.assertFalse(batch.move_id.line_ids.filtered(lambda aml: aml.account_id == self.fee_account))
        # Kept from the confirmation on, whatever the factor's settings become.
        self.factor.write({"fee_percent": 2.0, "reserve_percent": 20.0})
        self.assertRecordValues(batch, [{"amount_fee": 16.66, "amount_fee_tax": 3.17, "amount_reserve": 166.60,
                                         "amount_payout": 1479.57}])

    def test_minimum_fee_per_invoice(self):
        self.factor.write({"fee_minimum": 10.0, "fee_tax_id": False, "reserve_percent": 0.0})
        batch = self._transfer(confirm=True)
        # 11.90 (above the minimum) + 10.00 (5.95 raised to the minimum) - 1.19 (credit note: percentage only)
        self.assertRecordValues(batch, [{"amount_fee": 20.71, "amount_fee_tax": 0.0, "amount_reserve": 0.0,
                                         "amount_payout": 1645.29}])
        no_tax = self.env["account.tax"]
        self.assertEqual(self._lines(batch.fee_move_id), [
            (self.clearing_account, self.factor_partner, no_tax, no_tax, 0.0, 20.71),
            (self.fee_account, self.factor_partner, no_tax, no_tax, 20.71, 0.0),
        ])

    def test_batch_of_credit_notes_reverses_the_sides(self):
        batch = self._transfer(moves=self.refund, confirm=True)
        # -1.19 fee, -0.23 VAT (refund distribution of the purchase tax), -11.90 retention
        self.assertRecordValues(batch, [{"amount_net": -119.0, "amount_fee": -1.19, "amount_fee_tax": -0.23,
                                         "amount_reserve": -11.90, "amount_payout": -105.68}])
        vat = self.purchase_vat
        no_tax = self.env["account.tax"]
        self.assertEqual(self._lines(batch.fee_move_id), sorted([
            (self.retention_account, self.factor_partner, no_tax, no_tax, 0.0, 11.90),
            (self.clearing_account, self.factor_partner, no_tax, no_tax, 11.90, 0.0),
            (self.clearing_account, self.factor_partner, no_tax, no_tax, 1.42, 0.0),
            (self.fee_account, self.factor_partner, vat, no_tax, 0.0, 1.19),
            (self.input_vat_account, self.factor_partner, no_tax, vat, 0.0, 0.23),
        ], key=lambda line: (line[0].code, line[4], line[5])))
        refund_tags = vat.refund_repartition_line_ids.filtered(lambda rep: rep.repartition_type == "tax").tag_ids
        self.assertEqual(batch.fee_move_id.line_ids.filtered("tax_line_id").tax_tag_ids, refund_tags)

    def test_cancel_reverses_fees_and_retention(self):
        batch = self._transfer(confirm=True)
        entry = batch.fee_move_id
        batch.action_cancel()
        self.assertEqual(batch.state, "cancelled")
        reversal = batch.fee_reversal_move_id
        self.assertTrue(reversal)
        self.assertEqual(reversal.reversed_entry_id, entry)
        self.assertEqual(reversal.state, "posted")
        # Line by line the other way round, and matched with the entry on the clearing and retention accounts.
        self.assertEqual(
            sorted((aml.account_id, aml.debit, aml.credit) for aml in reversal.line_ids),
            sorted((aml.account_id, aml.credit, aml.debit) for aml in entry.line_ids),
        )
        reconcilable = (entry | reversal).line_ids.filtered(lambda aml: aml.account_id.reconcile)
        self.assertEqual(len(reconcilable), 6)
        self.assertTrue(all(reconcilable.mapped("reconciled")))
        self.assertAlmostEqual(self._clearing_balance(), 0.0)
        self.assertEqual(self.invoice.factoring_state, "to_transfer")
        # The batch keeps both entries; cancelling again does nothing.
        batch.action_cancel()
        self.assertEqual(batch.fee_reversal_move_id, reversal)
        with self.assertRaisesRegex(UserError, "only through its actions"):
            batch.write({"fee_move_id": False})
        with self.assertRaisesRegex(UserError, "cannot be changed or removed"):
            batch.sudo().write({"fee_move_id": False})

    def test_fee_entry_changes_only_through_its_batch(self):
        batch = self._transfer(confirm=True)
        entry = batch.fee_move_id
        self.assertTrue(entry.factoring_locked_entry)
        with self.assertRaisesRegex(UserError, "transfer batch"):
            entry.button_draft()
        with self.assertRaisesRegex(UserError, "transfer batch"):
            entry._reverse_moves(cancel=True)
        batch.action_cancel()
        with self.assertRaisesRegex(UserError, "Unreconciling is not possible.*transfer batch"):
            entry.line_ids.remove_move_reconcile()
        self.assertTrue(batch.fee_reversal_move_id.factoring_locked_entry)
        with self.assertRaisesRegex(UserError, "Fees and Retention Entry of a batch change only through its actions"):
            batch.write({"fee_move_id": False})
        with self.assertRaisesRegex(UserError, "cannot be changed or removed: Fees and Retention Entry"):
            batch.sudo().write({"fee_move_id": False})

    def test_batch_without_fees_at_transfer_keeps_todays_behaviour(self):
        self.factor.book_fees_at_transfer = False
        batch = self._transfer(confirm=True)
        self.assertRecordValues(batch, [{"fee_move_id": False, "amount_fee": 0.0, "amount_fee_tax": 0.0,
                                         "amount_reserve": 0.0, "amount_payout": 1666.0}])
        self.assertAlmostEqual(self._clearing_balance(), 1666.0)

    def _cover_sheet_text(self, batch):
        report = "factoring_base.action_report_factoring_batch"
        html = self.env["ir.actions.report"]._render_qweb_html(report, batch.ids)
        text = re.sub(r"<[^>]+>", " ", html[0].decode()).replace("&nbsp;", " ").replace("\xa0", " ")
        return re.sub(r"\s+", " ", text)

    def test_cover_sheet_prints_fees_retention_and_payout(self):
        batch = self._transfer(confirm=True)
        text = self._cover_sheet_text(batch)
        for expected in (
            "Transfer amount 1,666.00 €",
            "Less factoring fees 16.66 €",
            "Less input VAT on fees 3.17 €",
            "Less security retention 166.60 €",
            "Expected payout 1,479.57 €",
        ):
            self.assertIn(expected, text)
        # Without fees at transfer the factor pays the transfer amount: no such lines.
        batch.action_cancel()
        self.factor.book_fees_at_transfer = False
        text = self._cover_sheet_text(self._transfer(confirm=True))
        self.assertIn("Transfer amount 1,666.00 €", text)
        self.assertNotIn("Less factoring fees", text)
        self.assertNotIn("Expected payout", text)

    def test_fees_at_transfer_need_rebooking_and_accounts(self):
        not_reconcilable = self.env["account.account"].create(
            {"code": "1419", "name": "Retention, not reconcilable", "account_type": "asset_current"}
        )
        Factor = self.env["factoring.factor"]
        settings = {"book_fees_at_transfer": True, "factoring_type": "non_recourse", "reserve_percent": 10.0}
        for code, overrides, message in [
            ("F1", {"rebook_receivables": False}, "needs rebooking of the receivables"),
            ("F2", {"fee_account_id": False}, "needs a fee account"),
            ("F3", {"retention_account_id": False}, "needs a security retention account"),
            ("F4", {"retention_account_id": not_reconcilable.id}, "retention account that allows reconciliation"),
        ]:
            with self.subTest(code=code), self.assertRaisesRegex(ValidationError, message):
                Factor.create(self._factor_vals(code=code, **settings, **overrides))
        # Without fee and retention, no fee account is needed; a negative minimum fee is refused.
        Factor.create(self._factor_vals(code="F5", book_fees_at_transfer=True, fee_percent=0.0, fee_account_id=False))
        with self.assertRaisesRegex(Exception, "fee_minimum_positive"), self.cr.savepoint():
            Factor.create(self._factor_vals(code="F6", fee_minimum=-1.0))

    def test_reconciliation_shows_no_difference(self):
        batch = self._transfer(confirm=True)
        data = self.factor._get_reconciliation_data(batch.date)
        self.assertTrue(data["has_ledger"])
        self.assertAlmostEqual(data["ledger_balance"], 1479.57)
        self.assertAlmostEqual(data["open_documents_total"], 1479.57)
        self.assertAlmostEqual(data["difference"], 0.0)
        self.assertEqual(data["differences"], [])
        rows = {doc["move"]: (doc["transferred"], doc["settled"], doc["open"]) for doc in data["documents"]}
        self.assertEqual(rows[batch.fee_move_id], (-186.43, 0.0, -186.43))
        self.assertEqual(rows[self.invoice], (1190.0, 0.0, 1190.0))
        # After the cancel, nothing is open and nothing differs.
        batch.action_cancel()
        data = self.factor._get_reconciliation_data(batch.date)
        self.assertAlmostEqual(data["ledger_balance"], 0.0)
        self.assertEqual((data["documents"], data["differences"]), ([], []))

    def test_foreign_currency_batch(self):
        chf = self.setup_other_currency("CHF", rates=[("2026-01-01", 0.3)])  # 1 EUR = 0.3 CHF
        self.factor.write({"currency_policy": "split", "fee_minimum": 5.0})  # EUR 5.00 = CHF 1.50
        chf_invoice = self._create_invoice(amount=1000.0, currency=chf)  # CHF 1,190.00
        chf_small = self._create_invoice(amount=10.0, currency=chf)  # CHF 11.90: fee 0.12, raised to 1.50
        batch = self._transfer(confirm=True).filtered(lambda b: b.currency_id == chf)
        self.assertEqual(batch.line_ids.move_id, chf_invoice | chf_small)
        # Fee 11.90 + 1.50 = 13.40, VAT 2.55, retention 119.00 + 1.19 = 120.19 (CHF).
        self.assertRecordValues(batch, [{"amount_net": 1201.90, "amount_fee": 13.40, "amount_fee_tax": 2.55,
                                         "amount_reserve": 120.19, "amount_payout": 1065.76}])
        entry = batch.fee_move_id
        self.assertEqual(entry.state, "posted")
        self.assertEqual(entry.line_ids.currency_id, chf)
        self.assertAlmostEqual(sum(entry.line_ids.mapped("balance")), 0.0)
        self.assertAlmostEqual(sum(entry.line_ids.mapped("amount_currency")), 0.0)
        by_account = {}
        for aml in entry.line_ids:
            amounts = by_account.setdefault(aml.account_id, [0.0, 0.0])
            amounts[0] += aml.amount_currency
            amounts[1] += aml.balance
        self.assertEqual({account: [round(a, 2) for a in amounts] for account, amounts in by_account.items()}, {
            # at the batch date's rate (EUR = CHF / 0.3); the tax in EUR is Odoo's: the unrounded tax converted
            # (2.546 / 0.3 = 8.49), as the tax engine books it
            self.fee_account: [13.40, 44.67],
            self.input_vat_account: [2.55, 8.49],
            self.retention_account: [120.19, 400.63],
            self.clearing_account: [-136.14, -453.79],
        })
        data = self.factor._get_reconciliation_data(batch.date)
        self.assertAlmostEqual(data["difference"], 0.0)
