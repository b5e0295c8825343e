# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io

import openpyxl

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestStatementImport(SettlementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inv_full = cls._create_invoice(amount=1000.0)  # 1190.00
        cls.inv_partial = cls._create_invoice(partner=cls.second_customer, amount=2000.0)  # 2380.00
        cls.inv_rebooked = cls._create_invoice(amount=300.0)  # 357.00
        cls.inv_ambiguous_1 = cls._create_invoice(amount=10.0, payment_reference="PO 4711")
        cls.inv_ambiguous_2 = cls._create_invoice(amount=20.0, payment_reference="PO 4711")
        cls.transfer = cls._transfer(cls.inv_rebooked)
        cls.mapping = cls.env["factoring.statement.mapping"].create(
            {
                "factor_id": cls.factor.id,
                "name": "TFB statement",
                "header_row": 2,
                "column_document": "Belegnummer",
                "column_amount": "Betrag",
                "column_fee": "Gebühr",
                "column_retention": "Einbehalt",
                "column_deduction": "Abzug",
                "column_reason": "Grund",
                "csv_delimiter": ";",
                "decimal_separator": ",",
            }
        )

    def _rows(self):
        """Statement rows: matched (full, partial with deduction, rebooked), unmatched, ambiguous, invalid."""
        return [
            ["Abrechnung ABR-2026-11 Test Factoring Bank", None, None, None, None, None],
            ["Belegnummer", "Betrag", "Gebühr", "Einbehalt", "Abzug", "Grund"],
            [self.inv_full.name, "1.190,00", "10,71", "119,00", "", ""],
            [self.inv_partial.name, "1.000,00", "", "", "23,80", "skonto"],
            [self.inv_rebooked.name, "", "3,21", "", "", ""],
            ["RE/2026/99999", "500,00", "", "", "", ""],
            ["po 4711", "11,90", "", "", "", ""],
            [self.inv_ambiguous_1.name, "9.999,00", "", "", "", ""],
            [None, None, None, None, None, None],
        ]

    def _csv(self, rows):
        lines = [";".join("" if value is None else str(value) for value in row) for row in rows]
        return "\n".join(lines).encode("utf-8-sig")

    def _xlsx(self, rows):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def _import(self, settlement, content, filename):
        wizard = self.env["factoring.settlement.import"].create(
            {"settlement_id": settlement.id, "file": base64.b64encode(content), "filename": filename}
        )
        self.assertEqual(wizard.mapping_id, self.mapping)
        wizard.action_import()
        return wizard

    def _check_result(self, settlement, wizard):
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.matched_count, 3)
        self.assertEqual(wizard.problem_count, 3)
        self.assertEqual(settlement.line_count, 3, "only matched rows become items")
        self.assertEqual(settlement.line_ids.document_id, self.inv_full + self.inv_partial + self.inv_rebooked)
        full = self._line(settlement, self.inv_full)
        self.assertEqual((full.amount_settled, full.fee_amount, full.retention_amount), (1190.0, 10.71, 119.0))
        partial = self._line(settlement, self.inv_partial)
        self.assertEqual((partial.amount_settled, partial.deduction_amount), (1000.0, 23.80))
        self.assertEqual(partial.deduction_reason_id, self.reason_discount)
        rebooked = self._line(settlement, self.inv_rebooked)
        self.assertEqual((rebooked.item_type, rebooked.amount_settled, rebooked.fee_amount), ("clearing", 357.0, 3.21))
        result = wizard.result
        self.assertIn("RE/2026/99999", result)
        self.assertIn("Unmatched", result)
        self.assertIn("Ambiguous", result)
        self.assertIn(self.inv_ambiguous_1.name, result)
        self.assertIn("Invalid", result)
        self.assertIn("does not fit the open amount", result)
        # The imported statement posts once the amount paid is entered.
        settlement.amount_to_settle = 1190.0 + 1000.0 + 357.0 - 10.71 - 119.0 - 23.80 - 3.21
        settlement.action_post()
        self.assertEqual(self.inv_full.factoring_state, "settled")
        self.assertEqual(self.inv_rebooked.factoring_state, "settled")
        self.assertAlmostEqual(self.inv_partial.amount_residual, 1380.0)

    def test_import_csv(self):
        settlement = self._settlement()
        wizard = self._import(settlement, self._csv(self._rows()), "abrechnung.csv")
        self._check_result(settlement, wizard)
        self.assertIn("imported", settlement.message_ids[0].body)

    def test_import_xlsx(self):
        rows = self._rows()
        # Real numbers in the workbook, as factors' Excel statements have them.
        rows[2][1:4] = [1190.0, 10.71, 119]
        rows[3][1] = 1000
        rows[3][4] = 23.8
        settlement = self._settlement(group_items=True)
        # An item already in the settlement is updated, not added twice.
        settlement._add_move_lines(self._receivable(self.inv_full))
        wizard = self._import(settlement, self._xlsx(rows), "abrechnung.xlsx")
        self._check_result(settlement, wizard)

    def test_import_problems(self):
        settlement = self._settlement()
        rows = self._rows()[:3] + [[self.inv_full.name, "5,00", "", "", "", ""]]
        wizard = self._import(settlement, self._csv(rows), "twice.csv")
        self.assertEqual(wizard.matched_count, 0)
        self.assertIn("name the same open item", wizard.result)
        self.assertFalse(settlement.line_ids)
        rows = self._rows()[:2] + [[self.inv_full.name, "1.190,00", "", "", "10,00", "no such reason"]]
        wizard = self._import(settlement, self._csv(rows), "reason.csv")
        self.assertIn("unknown or not unique", wizard.result)
        self.assertFalse(settlement.line_ids)
        self.mapping.column_fee = "Provision"
        with self.assertRaisesRegex(UserError, "Provision"):
            self._import(settlement, self._csv(self._rows()), "columns.csv")

    def test_empty_file(self):
        wizard = self.env["factoring.settlement.import"].create(
            {"settlement_id": self._settlement().id, "file": base64.b64encode(b"x"), "filename": "abrechnung.csv"}
        )
        wizard.file = False  # an empty upload
        with self.assertRaisesRegex(UserError, "^The statement file is empty.$"):
            wizard.action_import()

    def test_mapping_columns_by_position(self):
        """One rule for columns by position: what the mapping accepts, the import reads; the rest is refused."""
        vals = {"factor_id": self.factor.id, "name": "No titles", "header_row": 0, "column_fee": False,
                "column_retention": False, "column_deduction": False, "column_reason": False}
        # Accepted by the former constraint (digits, letters), refused by the import: now refused at saving.
        for document, amount in (("ABCD", "2"), ("A", "0"), ("XFE", "2"), ("Ä", "2"), ("A", "²")):
            with self.subTest(document=document, amount=amount), self.assertRaises(ValidationError) as error:
                self.env["factoring.statement.mapping"].create({**vals, "column_document": document,
                                                                "column_amount": amount})
            message = str(error.exception)
            self.assertIn("No titles", message)
            self.assertIn("by number (1 = first column) or by letter (A to XFD)", message)
            bad = document if document in ("ABCD", "XFE", "Ä") else amount
            self.assertIn(bad, message)
        # A valid one still imports: the document by letter, the amount by number.
        mapping = self.env["factoring.statement.mapping"].create(
            {**vals, "sequence": 1, "column_document": "a", "column_amount": "2"}
        )
        rows = [[self.inv_full.name, "1.190,00"], [self.inv_partial.name, "1.000,00"]]
        settlement = self._settlement()
        wizard = self.env["factoring.settlement.import"].create(
            {"settlement_id": settlement.id, "mapping_id": mapping.id,
             "file": base64.b64encode(self._csv(rows)), "filename": "positions.csv"}
        )
        wizard.action_import()
        self.assertEqual((wizard.matched_count, wizard.problem_count), (2, 0))
        self.assertEqual(settlement.line_ids.document_id, self.inv_full + self.inv_partial)
        self.assertEqual(self._line(settlement, self.inv_partial).amount_settled, 1000.0)

    def test_import_amount_formats(self):
        """Amounts as text are read with the mapping's decimal and thousands separators, currency codes and symbols
        around them ignored; a number that does not fit is an invalid row with its row number, never another
        amount."""
        refund = self._create_invoice(move_type="out_refund", amount=10.34)  # 12.30 with 19 % VAT
        title = ["Belegnummer", "Betrag", "Gebühr", "Einbehalt", "Abzug", "Grund"]
        rows = [
            ["Abrechnung", None, None, None, None, None],
            title,
            [self.inv_partial.name, "1.234,56 EUR", "", "", "", ""],
            [refund.name, "-12,30", "", "", "", ""],
            [self.inv_full.name, "12,3,4", "", "", "", ""],
        ]
        settlement = self._settlement()
        wizard = self._import(settlement, self._csv(rows), "comma.csv")
        self.assertEqual((wizard.matched_count, wizard.problem_count), (2, 1))
        self.assertEqual(self._line(settlement, self.inv_partial).amount_settled, 1234.56)
        self.assertEqual(self._line(settlement, refund).amount_settled, -12.30)
        self.assertIn(
            f"<tr><td>5</td><td>{self.inv_full.name}</td><td>Invalid</td><td>12,3,4 is no amount.</td></tr>",
            wizard.result,
        )
        # A mapping with a decimal point: its thousands separator becomes the comma; German numbers are refused.
        self.mapping.decimal_separator = "."
        self.assertEqual(self.mapping.thousands_separator, ",")
        rows = [rows[0], title, [self.inv_partial.name, "EUR 1,234.56"], [self.inv_full.name, "1.190,00"]]
        settlement = self._settlement()
        wizard = self._import(settlement, self._csv(rows), "point.csv")
        self.assertEqual((wizard.matched_count, wizard.problem_count), (1, 1))
        self.assertEqual(settlement.line_ids.document_id, self.inv_partial)
        self.assertEqual(settlement.line_ids.amount_settled, 1234.56)
        self.assertIn(f"<tr><td>4</td><td>{self.inv_full.name}</td><td>Invalid</td>", wizard.result)
        self.assertIn("1.190,00 is no amount.", wizard.result)

    def test_parse_amount(self):
        """The mapping's number parser, case by case (German mapping: decimal comma, thousands point)."""
        cases = {
            "1.234,56 EUR": 1234.56,
            "-12,30": -12.30,
            "12,30-": -12.30,
            "(12,30 €)": -12.30,
            "-€12,30": -12.30,
            "1'234,56": 1234.56,
            "1 234 567,8": 1234567.8,
            "1.234.567": 1234567.0,
            1190.0: 1190.0,
            "": None,
            None: None,
        }
        for value, amount in cases.items():
            with self.subTest(value=value):
                self.assertEqual(self.mapping._parse_amount(value), amount)
        for value in ("12,3,4", "1.23", "12.34,5", "1E5", "12 apples", "EUR 12 CHF 3", "-"):
            with self.subTest(value=value), self.assertRaises(ValueError):
                self.mapping._parse_amount(value)
        self.mapping.thousands_separator = "none"
        with self.assertRaises(ValueError):
            self.mapping._parse_amount("1.234,56")
        self.assertEqual(self.mapping._parse_amount("1234,56"), 1234.56)
