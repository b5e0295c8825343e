# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from datetime import timedelta

import openpyxl

from odoo import Command
from odoo.tests import Form, tagged

from .test_batch import BatchCommon


@tagged("post_install", "-at_install")
class TestFactorReconciliation(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._create_invoice(amount=1000.0)  # 1,190.00
        cls.invoice2 = cls._create_invoice(amount=500.0)  # 595.00
        cls.refund = cls._create_invoice(amount=100.0, move_type="out_refund", ref=cls.invoice.name)  # 119.00
        cls.batch = cls._transfer(confirm=True)
        cls.today = cls.batch.date
        cls.bank_account = cls.company_data["default_journal_bank"].default_account_id

    def _clearing_line(self, document):
        return self.batch.move_id.line_ids.filtered(
            lambda aml: aml.account_id == self.clearing_account and aml.factoring_source_move_id == document
        )

    def _entry(self, amount, partner=None, account=None, date=None):
        """A manual entry: ``amount`` debited (negative: credited) on the clearing account, the bank the other side."""
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": self.misc_journal.id,
                "date": date or self.today,
                "ref": "Manual correction",
                "line_ids": [
                    Command.create({"account_id": (account or self.clearing_account).id, "balance": amount,
                                    "partner_id": (partner or self.factor_partner).id}),
                    Command.create({"account_id": self.bank_account.id, "balance": -amount}),
                ],
            }
        )
        move.action_post()
        return move

    def _documents(self, data):
        return {doc["move"]: (doc["transferred"], doc["settled"], doc["open"]) for doc in data["documents"]}

    def test_consistent_books_show_no_difference(self):
        self.assertEqual(self.batch.state, "confirmed")
        self.assertAlmostEqual(self.batch.amount_net, 1666.0)
        data = self.factor._get_reconciliation_data(self.today)
        self.assertTrue(data["has_ledger"])
        self.assertAlmostEqual(data["ledger_balance"], 1666.0)
        self.assertAlmostEqual(data["open_documents_total"], 1666.0)
        self.assertAlmostEqual(data["difference"], 0.0)
        self.assertEqual(data["differences"], [])
        self.assertEqual(
            self._documents(data),
            {self.invoice: (1190.0, 0.0, 1190.0), self.invoice2: (595.0, 0.0, 595.0),
             self.refund: (-119.0, 0.0, -119.0)},
        )
        self.assertEqual({doc["partner"] for doc in data["documents"]}, {self.customer})
        self.assertEqual({doc["batches"] for doc in data["documents"]}, {self.batch})
        self.assertAlmostEqual(data["retention_balance"], 0.0)

    def test_date_before_the_batch_shows_nothing(self):
        data = self.factor._get_reconciliation_data(self.today - timedelta(days=1))
        self.assertEqual((data["ledger_balance"], data["open_documents_total"], data["difference"]), (0.0, 0.0, 0.0))
        self.assertEqual((data["documents"], data["differences"]), ([], []))

    def test_manual_entry_on_the_clearing_account_is_a_difference(self):
        entry = self._entry(50.0)
        data = self.factor._get_reconciliation_data(self.today)
        self.assertAlmostEqual(data["ledger_balance"], 1716.0)
        self.assertAlmostEqual(data["open_documents_total"], 1666.0)
        self.assertAlmostEqual(data["difference"], 50.0)
        self.assertEqual(len(data["differences"]), 1)
        diff = data["differences"][0]
        self.assertEqual((diff["kind"], diff["move"], diff["amount"]), ("entry", entry, 50.0))
        self.assertEqual(diff["record"], entry.line_ids.filtered(lambda aml: aml.account_id == self.clearing_account))
        self.assertIn("Not matched with a document", diff["reason"])
        # Entries dated after the date do not count.
        self.assertAlmostEqual(self.factor._get_reconciliation_data(self.today - timedelta(days=1))["difference"], 0)

    def test_entry_of_another_partner_names_the_partner(self):
        entry = self._entry(-30.0, partner=self.unassigned_customer)
        data = self.factor._get_reconciliation_data(self.today)
        self.assertAlmostEqual(data["difference"], -30.0)
        self.assertEqual([(d["move"], d["amount"]) for d in data["differences"]], [(entry, -30.0)])
        self.assertIn("Not Factored KG", data["differences"][0]["reason"])

    def test_partly_settled_document(self):
        payment = self._entry(-400.0)
        (self._clearing_line(self.invoice) | payment.line_ids.filtered("partner_id")).reconcile()
        data = self.factor._get_reconciliation_data(self.today)
        self.assertEqual(self._documents(data)[self.invoice], (1190.0, 400.0, 790.0))
        self.assertAlmostEqual(data["ledger_balance"], 1266.0)
        self.assertAlmostEqual(data["open_documents_total"], 1266.0)
        self.assertEqual((data["difference"], data["differences"]), (0.0, []))

    def test_payment_larger_than_the_document_leaves_its_rest_as_difference(self):
        payment = self._entry(-1500.0)
        (self._clearing_line(self.invoice2) | payment.line_ids.filtered("partner_id")).reconcile()
        data = self.factor._get_reconciliation_data(self.today)
        self.assertNotIn(self.invoice2, self._documents(data))  # settled in full: no longer open at the factor
        self.assertAlmostEqual(data["difference"], -905.0)
        self.assertEqual([(d["move"], d["amount"]) for d in data["differences"]], [(payment, -905.0)])

    def test_cancelled_batch_leaves_nothing(self):
        self.batch.action_cancel()
        data = self.factor._get_reconciliation_data(self.batch.reversal_move_id.date)
        self.assertEqual((data["ledger_balance"], data["open_documents_total"], data["difference"]), (0.0, 0.0, 0.0))
        self.assertEqual((data["documents"], data["differences"]), ([], []))

    def test_factor_sharing_the_clearing_account_is_named(self):
        other_partner = self.env["res.partner"].create({"name": "Other Factor AG", "is_company": True})
        other = self.env["factoring.factor"].create(
            self._factor_vals(code="OTH", name="Other Factor", partner_id=other_partner.id, bank_account_id=False)
        )
        customer = self.customer.copy({"name": "Schmidt GmbH", "factor_id": other.id, "factor_debtor_ref": "9"})
        invoice = self._create_invoice(partner=customer, amount=100.0)
        other_batch = self._transfer(factor=other, confirm=True)
        self.assertEqual(other_batch.line_ids.move_id, invoice)
        data = self.factor._get_reconciliation_data(self.today)
        self.assertAlmostEqual(data["difference"], 119.0)
        self.assertEqual([d["move"] for d in data["differences"]], [other_batch.move_id])
        self.assertIn(other_batch.name, data["differences"][0]["reason"])
        self.assertAlmostEqual(other._get_reconciliation_data(self.today)["difference"], 1666.0)

    def test_retention_balance(self):
        self._entry(25.0, account=self.retention_account)
        self._entry(5.0, account=self.retention_account, partner=self.unassigned_customer)
        self.assertAlmostEqual(self.factor._get_reconciliation_data(self.today)["retention_balance"], 25.0)

    def test_factor_without_rebooking(self):
        factor = self.env["factoring.factor"].create(
            self._factor_vals(code="NRB", name="No Rebooking", rebook_receivables=False, clearing_account_id=False)
        )
        customer = self.customer.copy({"name": "Weber KG", "factor_id": factor.id, "factor_debtor_ref": "7"})
        invoice = self._create_invoice(partner=customer, amount=1000.0)
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"amount": 190.0, "payment_date": self.today - timedelta(days=1)}
        )._create_payments()
        batch = self._transfer(factor=factor, confirm=True)
        self.assertFalse(batch.move_id)
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"amount": 300.0, "payment_date": self.today}
        )._create_payments()
        data = factor._get_reconciliation_data(self.today)
        self.assertFalse(data["has_ledger"])
        self.assertEqual(self._documents(data), {invoice: (1000.0, 300.0, 700.0)})
        self.assertEqual((data["open_documents_total"], data["difference"], data["differences"]), (700.0, 0.0, []))
        self.assertEqual(self._documents(factor._get_reconciliation_data(self.today - timedelta(days=1))), {})

    # ------------------------------------------------------------------
    # The view, the workbook and the PDF
    # ------------------------------------------------------------------
    def _wizard(self, date=None):
        action = self.factor.action_open_reconciliation()
        self.assertEqual(action["res_model"], "factoring.reconciliation")
        with Form(self.env["factoring.reconciliation"].with_context(**action["context"])) as form:
            if date:
                form.date = date
        return form.save()

    def test_view_shows_the_figures(self):
        entry = self._entry(50.0)
        wizard = self._wizard()
        self.assertEqual(wizard.factor_id, self.factor)
        self.assertRecordValues(
            wizard, [{"has_ledger": True, "ledger_balance": 1716.0, "open_documents_total": 1666.0,
                      "difference": 50.0, "retention_balance": 0.0}]
        )
        self.assertEqual(wizard.document_ids.move_id, self.invoice | self.invoice2 | self.refund)
        self.assertEqual(sorted(wizard.document_ids.mapped("amount_open")), [-119.0, 595.0, 1190.0])
        self.assertRecordValues(wizard.difference_ids, [{"kind": "entry", "move_id": entry.id, "amount": 50.0}])

    def test_xlsx_export(self):
        self._entry(50.0)
        wizard = self._wizard()
        action = wizard.action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"id={wizard.id}", action["url"])
        self.assertTrue(wizard.export_filename.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.export_file)))
        self.assertEqual(book.sheetnames, ["Reconciliation", "Documents", "Differences"])
        figures = {row[0]: row[1] for row in book["Reconciliation"].iter_rows(min_row=3, values_only=True)}
        self.assertEqual(figures["Clearing Account Balance"], 1716.0)
        self.assertEqual(figures["Documents Open at the Factor"], 1666.0)
        self.assertEqual(figures["Difference"], 50.0)
        documents = list(book["Documents"].iter_rows(values_only=True))
        self.assertEqual(documents[0], ("Number", "Debtor", "Batches", "Transferred", "Settled", "Open"))
        self.assertIn((self.invoice.name, self.customer.name, self.batch.name, 1190.0, 0.0, 1190.0), documents)
        self.assertIn((self.refund.name, self.customer.name, self.batch.name, -119.0, 0.0, -119.0), documents)
        differences = list(book["Differences"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(differences), 1)
        self.assertEqual(differences[0][3], 50.0)

    def test_pdf_report(self):
        entry = self._entry(50.0)
        wizard = self._wizard()
        action = wizard.action_print_pdf()
        self.assertEqual(action["report_name"], "factoring_base.report_factoring_reconciliation")
        html = self.env["ir.actions.report"]._render_qweb_html(
            "factoring_base.report_factoring_reconciliation", wizard.ids
        )[0].decode()
        for text in ("Factor Reconciliation", "Test Factoring Bank", "Difference", entry.name, self.invoice.name,
                     "1,716.00", "1,666.00", "50.00", "Not matched with a document"):
            self.assertIn(text, html)
        consistent = self._wizard(date=self.today - timedelta(days=1))
        html = self.env["ir.actions.report"]._render_qweb_html(
            "factoring_base.report_factoring_reconciliation", consistent.ids
        )[0].decode()
        self.assertIn("No difference", html)
