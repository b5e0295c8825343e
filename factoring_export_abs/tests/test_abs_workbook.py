# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tests of the Odoo-free A.B.S. workbook writer: the files are read back with openpyxl. No database needed."""

import datetime
import io
import unittest
from decimal import Decimal

import openpyxl

from ..tools import abs_workbook

AbsExportError = abs_workbook.AbsExportError
Problem = abs_workbook.Problem

DEBTOR_HEADERS = [
    "Debitorennummer",
    "Name",
    "Namenszusatz",
    "Strasse",
    "PLZ",
    "Ort",
    "Land",
    "UID",
    "MWST-Nummer",
    "Sprache",
    "Telefon",
    "E-Mail",
    "Kreditlimite",
]
DOCUMENT_HEADERS = [
    "Belegart",
    "Belegnummer",
    "Belegdatum",
    "Fälligkeit",
    "Debitorennummer",
    "Debitor",
    "Währung",
    "Bruttobetrag",
    "MWST-Betrag",
    "Nettobetrag",
    "Originalrechnung",
    "Referenz",
]
DATE_FORMAT = "DD.MM.YYYY"
AMOUNT_FORMAT = "#,##0.00"


def debtor(**values):
    row = {
        "debtor_ref": "10001",
        "name": "Muster AG",
        "name2": False,
        "street": "Bahnhofstrasse 1",
        "zip": "8001",
        "city": "Zürich",
        "country": "CH",
        "uid": "CHE-116.281.710",
        "vat": "CHE-116.281.710 MWST",
        "lang": "DE",
        "phone": "+41 44 123 45 67",
        "email": "buchhaltung@muster.ch",
        "credit_limit": Decimal("50000.00"),
        "is_company": True,
    }
    row.update(values)
    return row


def document(**values):
    row = {
        "doc_type": "invoice",
        "number": "INV/2026/00001",
        "date": datetime.date(2026, 3, 2),
        "due_date": datetime.date(2026, 4, 1),
        "debtor_ref": "10001",
        "debtor_name": "Muster AG",
        "currency": "CHF",
        "amount_total": Decimal("1081.00"),
        "amount_tax": Decimal("81.00"),
        "amount_untaxed": Decimal("1000.00"),
        "origin_number": False,
        "ref": "PO 4711",
    }
    row.update(values)
    return row


def sample_debtors():
    return [
        # Swiss company, UID in compact notation with the VAT suffix: written formatted.
        debtor(uid="che116281710 mwst"),
        # German company: no UID needed; leading zeros of the debtor number and an int zip kept as text.
        debtor(
            debtor_ref="00042",
            name="Beispiel GmbH",
            name2="Niederlassung Süd",
            street="Hauptstraße 5",
            zip=80331,
            city="München",
            country="de",
            uid=False,
            vat="DE123456789",
            lang="DE",
            phone=None,
            email="",
            credit_limit=12500.5,
        ),
        # Swiss private person: no UID required; int credit limit.
        debtor(
            debtor_ref="10003",
            name="Anna Beispiel",
            street="Rue du Lac 3",
            zip="1003",
            city="Lausanne",
            uid=None,
            vat=None,
            lang="FR",
            credit_limit=0,
            is_company=False,
        ),
    ]


def sample_documents():
    return [
        document(),
        document(
            number="INV/2026/00002",
            date=datetime.datetime(2026, 3, 31, 16, 45),
            due_date="2026-04-30",
            debtor_ref="00042",
            debtor_name="Beispiel GmbH",
            currency="EUR",
            amount_total=2.675 + 1190,  # float: rounded half-up to cents
            amount_tax=190,
            amount_untaxed=1002.675,
            ref=None,
        ),
        document(
            doc_type="credit_note",
            number="RINV/2026/00001",
            date=datetime.date(2026, 3, 15),
            due_date=datetime.date(2026, 3, 15),
            amount_total=Decimal("108.10"),
            amount_tax=Decimal("8.10"),
            amount_untaxed=Decimal("100.00"),
            origin_number="INV/2026/00001",
            ref=False,
        ),
    ]


def load_sheet(data):
    """Read workbook bytes back; return (workbook, its only sheet)."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return workbook, workbook.worksheets[0]


def sheet_rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


class TestLayoutTables(unittest.TestCase):
    def test_tables_match_the_factor_headers_and_contract(self):
        self.assertEqual([col.header for col in abs_workbook.DEBTOR_COLUMNS], DEBTOR_HEADERS)
        self.assertEqual([col.header for col in abs_workbook.DOCUMENT_COLUMNS], DOCUMENT_HEADERS)
        self.assertEqual(
            abs_workbook.DEBTOR_KEYS,
            (
                "debtor_ref", "name", "name2", "street", "zip", "city", "country", "uid", "vat", "lang", "phone",
                "email", "credit_limit", "is_company",
            ),
        )  # fmt: skip
        self.assertEqual(
            abs_workbook.DOCUMENT_KEYS,
            (
                "doc_type", "number", "date", "due_date", "debtor_ref", "debtor_name", "currency", "amount_total",
                "amount_tax", "amount_untaxed", "origin_number", "ref",
            ),
        )  # fmt: skip
        for col in abs_workbook.DEBTOR_COLUMNS + abs_workbook.DOCUMENT_COLUMNS:
            self.assertIn(col.kind, abs_workbook.NUMBER_FORMATS, col)
            # Wide enough for the header plus the autofilter button.
            self.assertGreaterEqual(col.width, len(col.header) + 2, col)


class TestDebtorWorkbook(unittest.TestCase):
    def test_sheet_layout(self):
        workbook, sheet = load_sheet(abs_workbook.write_debtors(sample_debtors()))
        self.assertEqual(workbook.sheetnames, ["Debitoren"])
        self.assertEqual([cell.value for cell in sheet[1]], DEBTOR_HEADERS)
        self.assertTrue(all(cell.font.b for cell in sheet[1]))
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, "A1:M4")
        self.assertEqual(sheet.max_row, 4)
        self.assertEqual(sheet.max_column, 13)
        for index, col in enumerate(abs_workbook.DEBTOR_COLUMNS, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            # xlsxwriter stores the width plus its character padding.
            self.assertAlmostEqual(sheet.column_dimensions[letter].width, col.width, delta=1, msg=col.header)

    def test_cell_values_and_types(self):
        _workbook, sheet = load_sheet(abs_workbook.write_debtors(sample_debtors()))
        self.assertEqual(
            sheet_rows(sheet)[1:],
            [
                [
                    "10001", "Muster AG", None, "Bahnhofstrasse 1", "8001", "Zürich", "CH", "CHE-116.281.710",
                    "CHE-116.281.710 MWST", "DE", "+41 44 123 45 67", "buchhaltung@muster.ch", 50000,
                ],
                [
                    "00042", "Beispiel GmbH", "Niederlassung Süd", "Hauptstraße 5", "80331", "München", "DE", None,
                    "DE123456789", "DE", None, None, 12500.5,
                ],
                [
                    "10003", "Anna Beispiel", None, "Rue du Lac 3", "1003", "Lausanne", "CH", None, None, "FR",
                    "+41 44 123 45 67", "buchhaltung@muster.ch", 0,
                ],
            ],
        )  # fmt: skip
        for row in sheet.iter_rows(min_row=2):
            for cell, col in zip(row, abs_workbook.DEBTOR_COLUMNS, strict=True):
                if cell.value is None:
                    continue
                if col.kind == "amount":
                    self.assertEqual(cell.data_type, "n", cell.coordinate)
                    self.assertIsInstance(cell.value, (int, float), cell.coordinate)
                    self.assertEqual(cell.number_format, AMOUNT_FORMAT, cell.coordinate)
                else:
                    self.assertEqual(cell.data_type, "s", cell.coordinate)
                    self.assertIsInstance(cell.value, str, cell.coordinate)
                    self.assertEqual(cell.number_format, "@", cell.coordinate)

    def test_credit_limit_rounding(self):
        rows = [debtor(credit_limit=Decimal("1234.565")), debtor(debtor_ref="2", credit_limit=2.675)]
        _workbook, sheet = load_sheet(abs_workbook.write_debtors(rows))
        self.assertEqual([sheet["M2"].value, sheet["M3"].value], [1234.57, 2.68])

    def test_empty_list_writes_header_only(self):
        workbook, sheet = load_sheet(abs_workbook.write_debtors([]))
        self.assertEqual(workbook.sheetnames, ["Debitoren"])
        self.assertEqual(sheet_rows(sheet), [DEBTOR_HEADERS])
        self.assertEqual(sheet.auto_filter.ref, "A1:M1")


class TestDocumentWorkbook(unittest.TestCase):
    def test_sheet_layout(self):
        workbook, sheet = load_sheet(abs_workbook.write_documents(sample_documents()))
        self.assertEqual(workbook.sheetnames, ["Belege"])
        self.assertEqual([cell.value for cell in sheet[1]], DOCUMENT_HEADERS)
        self.assertTrue(all(cell.font.b for cell in sheet[1]))
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, "A1:L4")
        for index, col in enumerate(abs_workbook.DOCUMENT_COLUMNS, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            self.assertAlmostEqual(sheet.column_dimensions[letter].width, col.width, delta=1, msg=col.header)

    def test_cell_values_and_types(self):
        _workbook, sheet = load_sheet(abs_workbook.write_documents(sample_documents()))
        self.assertEqual(
            sheet_rows(sheet)[1:],
            [
                [
                    "Rechnung", "INV/2026/00001", datetime.datetime(2026, 3, 2), datetime.datetime(2026, 4, 1),
                    "10001", "Muster AG", "CHF", 1081, 81, 1000, None, "PO 4711",
                ],
                [
                    "Rechnung", "INV/2026/00002", datetime.datetime(2026, 3, 31), datetime.datetime(2026, 4, 30),
                    "00042", "Beispiel GmbH", "EUR", 1192.68, 190, 1002.68, None, None,
                ],
                [
                    "Gutschrift", "RINV/2026/00001", datetime.datetime(2026, 3, 15), datetime.datetime(2026, 3, 15),
                    "10001", "Muster AG", "CHF", 108.1, 8.1, 100, "INV/2026/00001", None,
                ],
            ],
        )  # fmt: skip
        date_cells = amount_cells = 0
        for row in sheet.iter_rows(min_row=2):
            for cell, col in zip(row, abs_workbook.DOCUMENT_COLUMNS, strict=True):
                if cell.value is None:
                    continue
                if col.kind == "date":
                    date_cells += 1
                    self.assertTrue(cell.is_date, cell.coordinate)
                    self.assertIsInstance(cell.value, datetime.datetime, cell.coordinate)
                    self.assertEqual(cell.number_format, DATE_FORMAT, cell.coordinate)
                elif col.kind == "amount":
                    amount_cells += 1
                    self.assertEqual(cell.data_type, "n", cell.coordinate)
                    self.assertIsInstance(cell.value, (int, float), cell.coordinate)
                    self.assertEqual(cell.number_format, AMOUNT_FORMAT, cell.coordinate)
                else:
                    self.assertEqual(cell.data_type, "s", cell.coordinate)
                    self.assertEqual(cell.number_format, "@", cell.coordinate)
        self.assertEqual((date_cells, amount_cells), (6, 9))

    def test_credit_note_and_currencies(self):
        _workbook, sheet = load_sheet(abs_workbook.write_documents(sample_documents()))
        by_number = {row[1]: row for row in sheet_rows(sheet)[1:]}
        credit_note = by_number["RINV/2026/00001"]
        self.assertEqual(credit_note[0], "Gutschrift")
        self.assertEqual(credit_note[10], "INV/2026/00001")
        self.assertEqual(credit_note[7], 108.1)  # unsigned: the type carries the sign
        self.assertEqual({row[1]: row[6] for row in by_number.values()}, {
            "INV/2026/00001": "CHF", "INV/2026/00002": "EUR", "RINV/2026/00001": "CHF",
        })  # fmt: skip

    def test_amount_rounding_half_up(self):
        rows = [
            document(amount_total=Decimal("1.005"), amount_tax=0, amount_untaxed=Decimal("1.005")),
            document(number="2", amount_total=2.675, amount_tax=0.0, amount_untaxed=2.675),
            document(number="3", amount_total=10, amount_tax=Decimal("0.774"), amount_untaxed=9.226),
        ]
        _workbook, sheet = load_sheet(abs_workbook.write_documents(rows))
        amounts = [[cell.value for cell in row[7:10]] for row in sheet.iter_rows(min_row=2)]
        self.assertEqual(amounts, [[1.01, 0, 1.01], [2.68, 0, 2.68], [10, 0.77, 9.23]])


class TestConstantMemory(unittest.TestCase):
    def assert_same_workbook(self, normal, constant):
        _wb, normal_sheet = load_sheet(normal)
        _wb, constant_sheet = load_sheet(constant)
        self.assertEqual(normal_sheet.title, constant_sheet.title)
        self.assertEqual(normal_sheet.freeze_panes, constant_sheet.freeze_panes)
        self.assertEqual(normal_sheet.auto_filter.ref, constant_sheet.auto_filter.ref)
        normal_cells = [
            [(cell.value, cell.number_format, cell.font.b) for cell in row] for row in normal_sheet.iter_rows()
        ]
        constant_cells = [
            [(cell.value, cell.number_format, cell.font.b) for cell in row] for row in constant_sheet.iter_rows()
        ]
        self.assertEqual(len(normal_cells), 4)
        self.assertEqual(normal_cells, constant_cells)

    def test_debtors(self):
        rows = sample_debtors()
        normal = abs_workbook.write_debtors(rows)
        constant = abs_workbook.write_debtors(rows, constant_memory=True)
        self.assertTrue(constant.startswith(b"PK"))
        self.assert_same_workbook(normal, constant)

    def test_documents(self):
        rows = sample_documents()
        normal = abs_workbook.write_documents(rows)
        constant = abs_workbook.write_documents(rows, constant_memory=True)
        self.assertTrue(constant.startswith(b"PK"))
        self.assert_same_workbook(normal, constant)


class TestUid(unittest.TestCase):
    def test_format_uid(self):
        for value in (
            "CHE-116.281.710",
            "CHE116281710",
            "che 116 281 710",
            "CHE-116.281.710 MWST",
            "CHE-116.281.710 TVA",
            "116.281.710",
        ):
            self.assertEqual(abs_workbook.format_uid(value), "CHE-116.281.710", value)
        self.assertEqual(abs_workbook.format_uid("CHE100155212"), "CHE-100.155.212")
        for value in (None, False, "", "  "):
            self.assertEqual(abs_workbook.format_uid(value), "")

    def test_format_uid_rejects_invalid(self):
        with self.assertRaisesRegex(ValueError, "check digit"):
            abs_workbook.format_uid("CHE-116.281.711")
        with self.assertRaisesRegex(ValueError, "length"):
            abs_workbook.format_uid("CHE-116.281.71")
        with self.assertRaisesRegex(ValueError, "CHE and 9 digits"):
            abs_workbook.format_uid("DE1162817100")

    def test_is_swiss_company(self):
        self.assertTrue(abs_workbook.is_swiss_company(debtor()))
        self.assertTrue(abs_workbook.is_swiss_company(debtor(country=" ch ")))
        self.assertFalse(abs_workbook.is_swiss_company(debtor(is_company=False)))
        self.assertFalse(abs_workbook.is_swiss_company(debtor(country="DE")))
        self.assertFalse(abs_workbook.is_swiss_company(debtor(country=False)))

    def test_validate_collects_all_uid_offenders(self):
        rows = [
            debtor(debtor_ref="1", uid="CHE-116.281.711"),  # wrong check digit
            debtor(debtor_ref="2", uid=False),  # Swiss company without UID
            debtor(debtor_ref="3", uid="CHE-100.155.212"),  # valid
            debtor(debtor_ref="4", country="DE", uid=None, vat="DE123456789"),  # non-Swiss: UID optional
            debtor(debtor_ref="5", is_company=False, uid=None),  # Swiss private person: UID optional
            debtor(debtor_ref="6", uid="   "),  # blank counts as missing
            debtor(debtor_ref="7", country="AT", uid="CHE-123.456.789"),  # a Swiss UID is checked anywhere
            debtor(debtor_ref="8", country="FR", uid="RCS Paris 123 456 789"),  # foreign company ID kept as is
        ]
        problems = abs_workbook.validate_debtors(rows)
        self.assertEqual(
            [(p.key, p.field, p.code) for p in problems],
            [
                ("1", "uid", "uid_invalid"),
                ("2", "uid", "uid_missing"),
                ("6", "uid", "uid_missing"),
                ("7", "uid", "uid_invalid"),
            ],
        )
        self.assertIn("check digit", problems[0].message)
        with self.assertRaises(AbsExportError) as caught:
            abs_workbook.write_debtors(rows)
        error = caught.exception
        self.assertIsInstance(error, ValueError)
        self.assertEqual(error.problems, problems)
        message = str(error)
        self.assertIn("4 problem(s)", message)
        for key in ("1 / uid", "2 / uid", "6 / uid", "7 / uid"):
            self.assertIn(key, message)
        self.assertNotIn("3 / uid", message)

        valid = [row for row in rows if row["debtor_ref"] in ("3", "4", "5", "8")]
        self.assertEqual(abs_workbook.validate_debtors(valid), [])
        _workbook, sheet = load_sheet(abs_workbook.write_debtors(valid))
        self.assertEqual(
            [row[7] for row in sheet_rows(sheet)[1:]], ["CHE-100.155.212", None, None, "RCS Paris 123 456 789"]
        )


class TestValidation(unittest.TestCase):
    def test_debtor_problems(self):
        rows = [
            debtor(debtor_ref="1", name="", city=None, country="Schweiz", credit_limit=-1),
            debtor(debtor_ref="1"),  # duplicate debtor number
            debtor(debtor_ref=None, zip=8001.0, email=["x"]),
        ]
        del rows[1]["street"]
        problems = abs_workbook.validate_debtors(rows)
        self.assertEqual(
            [(p.key, p.field, p.code) for p in problems],
            [
                ("1", "name", "required"),
                ("1", "city", "required"),
                ("1", "country", "invalid"),
                ("1", "credit_limit", "negative"),
                ("1", "street", "missing_key"),
                ("1", "debtor_ref", "duplicate"),
                ("row 3", "debtor_ref", "required"),
                ("row 3", "zip", "type"),
                ("row 3", "email", "type"),
            ],
        )
        self.assertEqual(str(problems[0]), "1 / name: Name is required")

    def test_document_problems(self):
        rows = [
            document(doc_type="refund", currency="Franken"),
            document(number="2", date="31.03.2026", due_date=None, amount_total="1081.00"),
            document(number="2", amount_total=Decimal("1081.01")),
            document(number="4", amount_total=-108.1, amount_tax=-8.1, amount_untaxed=-100),
            document(number="5", amount_total=float("nan")),
            "not a dict",
        ]
        problems = abs_workbook.validate_documents(rows)
        self.assertEqual(
            [(p.key, p.field, p.code) for p in problems],
            [
                ("INV/2026/00001", "doc_type", "invalid"),
                ("INV/2026/00001", "currency", "invalid"),
                ("2", "date", "type"),
                ("2", "due_date", "required"),
                ("2", "amount_total", "type"),
                ("2", "number", "duplicate"),
                ("2", "amount_total", "amounts_mismatch"),
                ("4", "amount_total", "negative"),
                ("4", "amount_tax", "negative"),
                ("4", "amount_untaxed", "negative"),
                ("5", "amount_total", "invalid"),
                ("row 6", "", "type"),
            ],
        )
        with self.assertRaises(AbsExportError) as caught:
            abs_workbook.write_documents(rows)
        self.assertEqual(len(caught.exception.problems), 12)

    def test_valid_rows_have_no_problems(self):
        self.assertEqual(abs_workbook.validate_debtors(sample_debtors()), [])
        self.assertEqual(abs_workbook.validate_documents(sample_documents()), [])


class TestDeclarativeLayout(unittest.TestCase):
    """A layout is data: the writer follows any column table, including the integer and percent kinds."""

    def test_custom_layout(self):
        column = abs_workbook.Column
        columns = (
            column("Nr", "number", "text", 10, True),
            column("Anzahl", "count", "integer", 10),
            column("Satz", "rate", "percent", 10),
            column("Datum", "date", "date", 12),
        )
        rows = [
            {"number": "A", "count": 3, "rate": Decimal("7.7"), "date": datetime.date(2026, 1, 31)},
            {"number": "B", "count": Decimal(4), "rate": 2.5, "date": None},
        ]
        values, problems = abs_workbook._prepare(columns, ("number", "count", "rate", "date"), "number", rows, ())
        self.assertEqual(problems, [])
        _workbook, sheet = load_sheet(abs_workbook._write_workbook("Test", columns, values, constant_memory=True))
        self.assertEqual(sheet.title, "Test")
        self.assertEqual(
            sheet_rows(sheet),
            [["Nr", "Anzahl", "Satz", "Datum"], ["A", 3, 0.077, datetime.datetime(2026, 1, 31)], ["B", 4, 0.025, None]],
        )
        self.assertEqual([sheet["B2"].number_format, sheet["C2"].number_format], ["0", "0.00%"])
        _values, problems = abs_workbook._prepare(columns, (), "number", [{"number": "C", "count": 1.5}], ())
        self.assertEqual([(p.key, p.field, p.code) for p in problems], [("C", "count", "invalid")])
