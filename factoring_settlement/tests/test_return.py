# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The factor's return file: answers per document, the return entry of a rejected document, resubmission, limits."""

import base64
import datetime
import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SettlementCommon

HEADER = ["Beleg", "Status", "Grund", "Datum", "Debitor", "Limit"]


@tagged("post_install", "-at_install")
class TestReturnFile(SettlementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inv_a = cls._create_invoice(amount=1000.0)  # 1,190.00, customer
        cls.inv_b = cls._create_invoice(partner=cls.second_customer, amount=2000.0)  # 2,380.00
        cls.inv_c = cls._create_invoice(amount=300.0)  # 357.00, customer
        cls.batch = cls._transfer(cls.inv_a | cls.inv_b | cls.inv_c)
        cls.mapping = cls.env["factoring.statement.mapping"].create(
            {
                "factor_id": cls.factor.id,
                "name": "TFB Rückmeldung",
                "kind": "return",
                "header_row": 1,
                "column_document": "Beleg",
                "column_answer": "Status",
                "column_answer_reason": "Grund",
                "column_answer_date": "Datum",
                "column_debtor": "Debitor",
                "column_limit": "Limit",
                "date_format": "%d.%m.%Y",
            }
        )
        cls.second_customer.factor_credit_limit = 3000.0

    def _csv(self, rows):
        lines = [";".join("" if value is None else str(value) for value in row) for row in [HEADER, *rows]]
        return "\n".join(lines).encode("utf-8-sig")

    def _import(self, content, filename="rueckmeldung.csv", user=None):
        wizard = self.env["factoring.return.import"].with_user(user or self.env.user).create(
            {"factor_id": self.factor.id, "file": base64.b64encode(content), "filename": filename,
             "date": "2026-11-06"}
        )
        self.assertEqual(wizard.mapping_id, self.mapping, "the factor's return mapping, not a statement mapping")
        action = wizard.action_import()
        return self.env["factoring.return"].browse(action["res_id"])

    def _import_answers(self, user=None):
        return self._import(user=user, content=self._csv([
            [self.inv_a.name, "angekauft", "", "05.11.2026", "", ""],
            [self.inv_b.name, "Abgelehnt", "Bonität", "05.11.2026", "100102", "1.500,00"],
            ["", "", "", "", "100101", "12.500,00"],
        ]))

    def _clearing_line(self, entry, document):
        return entry.line_ids.filtered(
            lambda aml: aml.factoring_source_move_id == document and aml.account_id == self.clearing_account
        )

    def _open_receivables(self, partner):
        return self.env["account.move.line"].search([
            ("partner_id", "=", partner.id), ("account_id.account_type", "=", "asset_receivable"),
            ("account_id", "!=", self.clearing_account.id), ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
        ])

    def test_accepted_and_rejected(self):
        """Accepted stays at the factor; the rejected document's receivable comes back to the customer through a
        return entry reconciled with the rebooking; the limits are taken; the reconciliation shows no difference."""
        receivable_b = self._receivable(self.inv_b)
        rebooking_customer_b = receivable_b.matched_credit_ids.credit_move_id
        self.assertEqual(rebooking_customer_b.move_id, self.batch.move_id)

        record = self._import_answers()

        self.assertEqual((record.accepted_count, record.rejected_count), (1, 1))
        self.assertEqual(base64.b64decode(record.attachment_id.datas)[:3], b"\xef\xbb\xbf", "the file is kept")
        self.assertEqual(record.attachment_id.res_id, record.id)
        # The documents show the answer
        self.assertEqual(
            (self.inv_a.factor_answer, self.inv_a.factor_answer_date, self.inv_a.factoring_state),
            ("accepted", datetime.date(2026, 11, 5), "transferred"),
        )
        self.assertEqual(
            (self.inv_b.factor_answer, self.inv_b.factor_answer_reason, self.inv_b.factoring_state),
            ("rejected", "Bonität", "rejected"),
        )
        self.assertEqual(self.inv_c.factor_answer, False)
        # The return entry: credit the clearing account, debit the customer's receivable, 2,380.00 each
        entry = record.move_id
        self.assertEqual(len(entry.line_ids), 2)
        self.assertEqual(entry.state, "posted")
        self.assertEqual(entry.date, datetime.date(2026, 11, 6))
        self.assertEqual(entry.journal_id, self.factor.journal_id)
        self.assertEqual(
            {(aml.account_id, aml.partner_id, aml.debit, aml.credit, aml.factoring_source_move_id)
             for aml in entry.line_ids},
            {
                (self.clearing_account, self.factor_partner, 0.0, 2380.0, self.inv_b),
                (receivable_b.account_id, self.second_customer, 2380.0, 0.0, self.inv_b),
            },
        )
        # Reconciled: the return's clearing line with the rebooking's clearing line of the document
        clearing_return = self._clearing_line(entry, self.inv_b)
        clearing_rebooking = self._clearing_line(self.batch.move_id, self.inv_b)
        self.assertTrue(clearing_return.full_reconcile_id)
        self.assertEqual(clearing_return.full_reconcile_id, clearing_rebooking.full_reconcile_id)
        self.assertEqual(
            clearing_return.full_reconcile_id.reconciled_line_ids, clearing_return | clearing_rebooking
        )
        # The invoice stays reconciled with the rebooking's customer line; the customer's open receivable is the
        # return entry's line, which the customer can pay to the company.
        self.assertTrue(receivable_b.reconciled)
        self.assertTrue(rebooking_customer_b.reconciled)
        returned = self._open_receivables(self.second_customer)
        self.assertEqual(returned.move_id, entry)
        self.assertEqual((returned.amount_residual, returned.date_maturity), (2380.0, self.inv_b.invoice_date_due))
        # The other documents stay at the factor
        self.assertFalse(self._clearing_line(self.batch.move_id, self.inv_a).reconciled)
        # Factor reconciliation: the rejected document is no longer open at the factor, no difference
        data = self.factor._get_reconciliation_data("2026-11-30")
        self.assertAlmostEqual(data["ledger_balance"], 1547.0)
        self.assertAlmostEqual(data["difference"], 0.0)
        self.assertEqual(data["differences"], [])
        self.assertEqual({doc["move"]: doc["open"] for doc in data["documents"]},
                         {self.inv_a: 1190.0, self.inv_c: 357.0})
        # Limits
        self.assertEqual(self.second_customer.with_company(self.company).factor_credit_limit, 1500.0)
        self.assertEqual(self.customer.with_company(self.company).factor_credit_limit, 12500.0)
        self.assertEqual(
            {(limit.partner_id, limit.old_limit, limit.new_limit) for limit in record.limit_ids},
            {(self.second_customer, 3000.0, 1500.0), (self.customer, 0.0, 12500.0)},
        )
        # Chatter of the batch and of the document
        batch_message = self.batch.message_ids[:1].body
        self.assertIn(self.inv_b.name, batch_message)
        self.assertIn("Bonität", batch_message)
        self.assertIn(entry.name, batch_message)
        self.assertIn("Rejected by the factor on 2026-11-05: Bonität", self.inv_b.message_ids[:1].body)
        self.assertIn("Accepted by the factor", self.inv_a.message_ids[:1].body)
        # The return entry changes only through its return file, and stays
        with self.assertRaises(UserError):
            entry.button_draft()
        with self.assertRaises(UserError):
            clearing_return.remove_move_reconcile()
        with self.assertRaisesRegex(UserError, f"the factor rejected {self.inv_b.name}"):
            self.batch.action_cancel()
        self.assertEqual(self.batch.state, "confirmed")
        # Later transfers leave the rejected document out with the reason, until it is resubmitted
        wizard = self.env["factoring.transfer"].create({"factor_id": self.factor.id, "cutoff_date": "2026-11-30"})
        reason = wizard.excluded_line_ids.filtered(lambda line: line.move_id == self.inv_b).reason
        self.assertEqual(
            reason, "Rejected by the factor on 2026-11-05 (Bonität): waits until a Factoring Manager resubmits it"
        )
        # The customer pays the returned receivable to the company; a wrong match is undone as usual
        payment = self.env["account.payment"].create({
            "payment_type": "inbound", "partner_type": "customer", "partner_id": self.second_customer.id,
            "amount": 2380.0, "date": "2026-11-20", "journal_id": self.bank_journal.id,
        })
        payment.action_post()
        (payment.move_id.line_ids.filtered(lambda aml: aml.account_id == returned.account_id) | returned).reconcile()
        self.assertTrue(returned.reconciled)
        self.assertFalse(self._open_receivables(self.second_customer))
        returned.remove_move_reconcile()
        self.assertEqual(
            sorted(self._open_receivables(self.second_customer).mapped("amount_residual")), [-2380.0, 2380.0]
        )
        # A second import of an answer to the same transfer is refused
        with self.assertRaisesRegex(UserError, "already answered this transfer"):
            self._import(self._csv([[self.inv_a.name, "A", "", "", "", ""]]))

    def test_resubmission(self):
        """A Factoring Manager resubmits the rejected document: it goes with the next batch, whose rebooking moves
        the returned receivable to the factor again."""
        user = self._create_factoring_user("return_user", "Return User")
        with self.assertRaises(AccessError, msg="answers are made by the import only"):
            self.env["factoring.return.line"].with_user(user).create(
                {"return_id": 1, "batch_line_id": self.batch.line_ids[0].id, "answer": "rejected",
                 "answer_date": "2026-11-05"}
            )
        self._import_answers(user=user)  # a Factoring User imports the return file
        self.assertEqual(self.inv_b.factoring_state, "rejected")
        with self.assertRaises(AccessError):
            self.inv_b.with_user(user).action_factoring_resubmit()
        with self.assertRaisesRegex(UserError, "Only documents rejected by the factor"):
            self.inv_a.action_factoring_resubmit()
        self.inv_b.action_factoring_resubmit()
        self.assertEqual(self.inv_b.factoring_state, "to_transfer")
        self.assertIn("Resubmitted to the factor", self.inv_b.message_ids[:1].body)
        self.assertIn("Resubmitted by", self.batch.message_ids[:1].body)

        batch2 = self._transfer(self.inv_b, date="2026-11-10")
        self.assertEqual(batch2.line_ids.amount_residual, 2380.0)
        self.assertEqual(self.inv_b.factoring_state, "transferred")
        self.assertFalse(self.inv_b.factor_answer, "no answer to the new transfer yet")
        customer_line = batch2.move_id.line_ids.filtered(lambda aml: aml.partner_id == self.second_customer)
        self.assertEqual((customer_line.credit, customer_line.reconciled), (2380.0, True))
        returned = self.env["factoring.return"].search([("factor_id", "=", self.factor.id)]).move_id.line_ids
        self.assertTrue(all(returned.mapped("reconciled")))
        self.assertFalse(self._open_receivables(self.second_customer))
        data = self.factor._get_reconciliation_data("2026-11-30")
        self.assertAlmostEqual(data["difference"], 0.0)
        self.assertEqual({doc["move"]: doc["open"] for doc in data["documents"]},
                         {self.inv_a: 1190.0, self.inv_b: 2380.0, self.inv_c: 357.0})
        # The factor answers the new transfer
        self._import(self._csv([[self.inv_b.name, "accepted", "", "12.11.2026", "", ""]]))
        self.assertEqual((self.inv_b.factor_answer, self.inv_b.factoring_state), ("accepted", "transferred"))

    def test_bad_file_imports_nothing(self):
        """Unknown and ambiguous documents or debtors and invalid cells: every row is listed, nothing imported."""
        self.inv_c.payment_reference = "PO 4711"
        other = self._create_invoice(amount=50.0, payment_reference="PO 4711")
        self._transfer(other)
        content = self._csv([
            [self.inv_a.name, "angekauft", "", "05.11.2026", "", ""],  # fine alone
            ["RE/2026/99999", "angekauft", "", "", "", ""],  # unknown
            ["po 4711", "angekauft", "", "", "", ""],  # two documents
            [self.inv_b.name, "vielleicht", "", "", "", ""],  # no answer
            [self.inv_c.name, "abgelehnt", "x", "2026-11-05", "", ""],  # date format
            [other.name, "abgelehnt", "x", "", "", ""],  # named twice
            [other.name, "angekauft", "", "", "", ""],
            ["", "", "", "", "999999", "1.000,00"],  # unknown debtor
            ["", "", "", "", "100101", "12,3,4"],  # no amount
        ])
        with self.assertRaises(UserError) as caught:
            self._import(content)
        message = str(caught.exception)
        self.assertIn("nothing was changed", message)
        for expected in (
            "Row 3 RE/2026/99999: Unknown",
            "Row 4 po 4711: Ambiguous",
            f"Row 5 {self.inv_b.name}: Invalid: vielleicht is neither",
            f"Row 6 {self.inv_c.name}: Invalid: 2026-11-05 is no date in the format %d.%m.%Y",
            "Row 7 : Ambiguous: Rows 7, 8 name the same document.",
            "Row 8 : Ambiguous: Rows 7, 8 name the same document.",
            "Row 9 999999: Unknown: No customer of the factor has this debtor number.",
            "Row 10 100101: Invalid: 12,3,4 is no limit",
        ):
            self.assertIn(expected, message)
        self.assertNotIn("Row 2 ", message)
        self.assertFalse(self.env["factoring.return"].search([]))
        self.assertFalse((self.inv_a | self.inv_b | self.inv_c | other).filtered("factor_answer"))
        self.assertEqual(self.customer.with_company(self.company).factor_credit_limit, 0.0)

    def test_empty_file(self):
        wizard = self.env["factoring.return.import"].create(
            {"factor_id": self.factor.id, "file": base64.b64encode(b"x"), "filename": "rueckmeldung.csv"}
        )
        wizard.file = False  # an empty upload
        with self.assertRaisesRegex(UserError, "^The return file is empty.$"):
            wizard.action_import()

    def test_xlsx_with_date_cells(self):
        """An XLSX return file: date cells and numbers taken as they are."""
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for row in [HEADER, [self.inv_c.name, "R", "Widerspruch", datetime.datetime(2026, 11, 7), None, None],
                    [None, None, None, None, 100102, 4200.5]]:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        record = self._import(buffer.getvalue(), filename="rueckmeldung.xlsx")
        self.assertEqual(
            (self.inv_c.factor_answer, self.inv_c.factor_answer_date, self.inv_c.factor_answer_reason),
            ("rejected", datetime.date(2026, 11, 7), "Widerspruch"),
        )
        self.assertEqual(self._open_receivables(self.customer).move_id, record.move_id)
        self.assertEqual(self.second_customer.with_company(self.company).factor_credit_limit, 4200.5)

    def test_rejected_without_rebooking(self):
        """A factor that does not rebook: no entry, the receivable never left the customer; the document waits for
        its resubmission all the same."""
        factor = self.env["factoring.factor"].create(self._factor_vals(code="NRB", name="No Rebooking",
                                                                       rebook_receivables=False))
        self.mapping.copy({"factor_id": factor.id})
        partner = self.customer.copy({"name": "Ohne Umbuchung GmbH", "factor_id": factor.id,
                                      "factor_debtor_ref": "200"})
        invoice = self._create_invoice(partner=partner, amount=100.0)
        self._transfer(invoice)
        wizard = self.env["factoring.return.import"].create({
            "factor_id": factor.id, "filename": "r.csv", "date": "2026-11-06",
            "file": base64.b64encode(self._csv([[invoice.name, "rejected", "Limit", "", "", ""]])),
        })
        record = self.env["factoring.return"].browse(wizard.action_import()["res_id"])
        self.assertFalse(record.move_id)
        self.assertEqual(invoice.factoring_state, "rejected")
        self.assertEqual(self._receivable(invoice).amount_residual, 119.0)
        self.assertEqual(factor._get_reconciliation_data("2026-11-30")["documents"], [], "back with the company")
        open_items = self.env["account.move.line"].search(factor._get_open_item_domain())
        self.assertNotIn(self._receivable(invoice), open_items, "not the factor's to settle")
        self.assertEqual(len(factor._get_reconciliation_data("2026-11-04")["documents"]), 1, "before the answer")
        invoice.action_factoring_resubmit()
        self.assertEqual(invoice.factoring_state, "to_transfer")
        self.assertIn(self._receivable(invoice), self.env["account.move.line"].search(factor._get_open_item_domain()))
        self.assertEqual(self._transfer(invoice).line_ids.move_id, invoice)
