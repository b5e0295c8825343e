# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tests of the Odoo-free fixed-width writer and the DFB default layout (no database access).

The expected records below are written by hand, slot by slot with their 1-based positions (``record()`` checks
that every slot starts where stated and that the record has 240 characters). The golden files under ``golden/``
hold the same records as bytes (ISO-8859-15, CRLF); ``test_golden_files_match_the_hand_written_records`` keeps
both in step, the other tests compare the writer's output byte for byte.
"""

import copy
import datetime
import random
import unittest
from decimal import Decimal
from pathlib import Path

from ..tools import dfb_layout, fixed_width
from .dfb_parser import parse_file

LayoutError = fixed_width.LayoutError
LAYOUT = dfb_layout.DFB_LAYOUT
GOLDEN = Path(__file__).resolve().parent / "golden"
CRLF = b"\r\n"


def record(*slots):
    """A hand-written record from ``(position, text)`` slots; checks the positions and the length 240."""
    text = ""
    for position, slot in slots:
        if position != len(text) + 1:
            raise AssertionError(f"slot {slot!r} starts at {len(text) + 1}, not at {position}")
        text += slot
    if len(text) != 240:
        raise AssertionError(f"record has {len(text)} characters, not 240")
    return text


# ---------------------------------------------------------------------------------------------------------------
# Input data (the dict contract of dfb_layout) and the hand-written expected records


def header(**values):
    row = {
        "client_number": 4711,
        "date": datetime.date(2026, 3, 15),
        "batch": "2026031501",
        "currency": "EUR",
        "file_kind": "D",
    }
    row.update(values)
    return row


def debtor_umlauts():
    return {
        "debtor_ref": "10001",
        "name": "Müller & Söhne Bäckerei GmbH",
        "name2": "Zweigniederlassung Süd",
        "street": "Hauptstraße 5",
        "zip": "80331",
        "city": "München",
        "country": "DE",
        "vat": "DE123456789",
        "phone": "+49 89 1234567",
        "email": "buchhaltung@mueller.de",
        "lang": "de",
    }


def debtor_foreign_chars():
    # Characters ISO-8859-15 lacks: Ł ź – “ ” … 😀 ẞ ¦ Ś ę; it has ó and € (0xA4, where Latin-1 has ¤).
    return {
        "debtor_ref": "20002",
        "name": "Łódź Trading – “Best” Sp. z o.o.",
        "name2": "Büro…Nord 😀 ẞ € ¦",
        "street": "ul. Świętokrzyska 12",
        "zip": "00-116",
        "city": "Warszawa",
        "country": "PL",
        "vat": "PL5260250274",
        "phone": "+48 22 123 45 67",
        "email": "biuro@lodz-trading.pl",
        "lang": "pl",
    }


def invoice(**values):
    row = {
        "doc_type": "invoice",
        "number": "INV/2026/00001",
        "date": datetime.date(2026, 3, 2),
        "due_date": datetime.date(2026, 4, 1),
        "payment_days": 30,
        "debtor_ref": "10001",
        "currency": "EUR",
        "amount_total": Decimal("88564.23"),
        "amount_tax": Decimal("14140.68"),
        "origin_number": False,
        "order_ref": "PO 4711",
    }
    row.update(values)
    return row


def credit_note(**values):
    row = {
        "doc_type": "credit_note",
        "number": "RINV/2026/00001",
        "date": datetime.date(2026, 3, 10),
        "due_date": datetime.date(2026, 3, 10),
        "payment_days": 0,
        "debtor_ref": "10001",
        "currency": "EUR",
        "amount_total": 1190,  # int
        "amount_tax": 190.0,  # float
        "origin_number": "INV/2026/00001",
        "order_ref": None,
    }
    row.update(values)
    return row


EXPECTED_HEADER = record(
    (1, "H"),
    (2, "0000004711"),
    (12, "20260315"),
    (20, "2026031501"),
    (30, "EUR"),
    (33, "D"),
    (34, " " * 207),
)
EXPECTED_DEBTOR_UMLAUTS = record(
    (1, "S"),
    (2, "10001          "),
    (17, "Müller & Söhne Bäckerei GmbH            "),
    (57, "Zweigniederlassung Süd        "),
    (87, "Hauptstraße 5                      "),
    (122, "80331     "),
    (132, "München                       "),
    (162, "DE"),
    (164, "DE123456789         "),
    (184, "+49 89 1234567      "),
    (204, "buchhaltung@mueller.de        "),
    (234, "de"),
    (236, "     "),
)
EXPECTED_DEBTOR_FOREIGN = record(
    (1, "S"),
    (2, "20002          "),
    (17, 'Lódz Trading - "Best" Sp. z o.o.        '),
    (57, "Büro...Nord ? SS € ?          "),
    (87, "ul. Swietokrzyska 12               "),
    (122, "00-116    "),
    (132, "Warszawa                      "),
    (162, "PL"),
    (164, "PL5260250274        "),
    (184, "+48 22 123 45 67    "),
    (204, "biuro@lodz-trading.pl         "),
    (234, "pl"),
    (236, "     "),
)
EXPECTED_INVOICE = record(
    (1, "B"),
    (2, "RE"),
    (4, "INV/2026/00001      "),
    (24, "20260302"),
    (32, "20260401"),
    (40, "030"),
    (43, "10001          "),
    (58, "EUR"),
    (61, "000000008856423"),  # 88,564.23
    (76, "000000001414068"),  # 14,140.68
    (91, " " * 20),
    (111, "PO 4711                       "),
    (141, " " * 100),
)
EXPECTED_CREDIT_NOTE = record(
    (1, "B"),
    (2, "GU"),
    (4, "RINV/2026/00001     "),
    (24, "20260310"),
    (32, "20260310"),
    (40, "000"),
    (43, "10001          "),
    (58, "EUR"),
    (61, "000000000119000"),  # 1,190.00 (int input)
    (76, "000000000019000"),  # 190.00 (float input)
    (91, "INV/2026/00001      "),
    (111, " " * 30),
    (141, " " * 100),
)
EXPECTED_TRAILER = record(
    (1, "T"),
    (2, "0000002"),  # debtors
    (9, "0000001"),  # invoices
    (16, "0000001"),  # credit notes
    (23, "000000008856423"),  # sum of invoices 88,564.23
    (38, "000000000119000"),  # sum of credit notes 1,190.00
    (53, "000000008737423"),  # net 87,374.23
    (68, "+"),
    (69, "0000006"),  # records including header and trailer
    (76, " " * 165),
)
EXPECTED_BASIC = [
    EXPECTED_HEADER,
    EXPECTED_DEBTOR_UMLAUTS,
    EXPECTED_DEBTOR_FOREIGN,
    EXPECTED_INVOICE,
    EXPECTED_CREDIT_NOTE,
    EXPECTED_TRAILER,
]


def basic_file():
    return fixed_width.write_file(
        LAYOUT, header(), [debtor_umlauts(), debtor_foreign_chars()], [invoice(), credit_note()]
    )


# Swiss francs: a test file ("T") with one Swiss debtor and two invoices, inputs of mixed types.
def chf_data():
    chf_header = header(date=datetime.date(2026, 3, 16), batch="2026031601", currency="CHF", file_kind="T")
    debtors = [
        {
            "debtor_ref": "30003",
            "name": "Zürcher Käserei AG",
            "name2": None,
            "street": "Bahnhofstrasse 1",
            "zip": 8001,  # int
            "city": "Zürich",
            "country": "CH",
            "vat": "CHE-116.281.710 MWST",  # exactly 20 characters
            "phone": None,
            "email": False,
            "lang": "de",
        }
    ]
    documents = [
        invoice(
            number="INV/2026/00101",
            date=datetime.date(2026, 3, 5),
            due_date=datetime.date(2026, 4, 4),
            debtor_ref="30003",
            currency="CHF",
            amount_total=Decimal("1081.00"),
            amount_tax=Decimal("81.00"),
            order_ref="Bestellung 2026-17",
        ),
        invoice(
            number="INV/2026/00102",
            date=datetime.datetime(2026, 3, 6, 14, 30),  # datetime: date part
            due_date="2026-04-05",  # ISO string
            payment_days="30",  # digits as text
            debtor_ref="30003",
            currency="CHF",
            amount_total=Decimal("1192.665"),  # half-up: 1192.67 (half-even would give 1192.66)
            amount_tax=89.3,
            order_ref="",
        ),
    ]
    return chf_header, debtors, documents


EXPECTED_CHF = [
    record((1, "H"), (2, "0000004711"), (12, "20260316"), (20, "2026031601"), (30, "CHF"), (33, "T"), (34, " " * 207)),
    record(
        (1, "S"),
        (2, "30003          "),
        (17, "Zürcher Käserei AG                      "),
        (57, " " * 30),
        (87, "Bahnhofstrasse 1                   "),
        (122, "8001      "),
        (132, "Zürich                        "),
        (162, "CH"),
        (164, "CHE-116.281.710 MWST"),
        (184, " " * 20),
        (204, " " * 30),
        (234, "de"),
        (236, "     "),
    ),
    record(
        (1, "B"),
        (2, "RE"),
        (4, "INV/2026/00101      "),
        (24, "20260305"),
        (32, "20260404"),
        (40, "030"),
        (43, "30003          "),
        (58, "CHF"),
        (61, "000000000108100"),
        (76, "000000000008100"),
        (91, " " * 20),
        (111, "Bestellung 2026-17            "),
        (141, " " * 100),
    ),
    record(
        (1, "B"),
        (2, "RE"),
        (4, "INV/2026/00102      "),
        (24, "20260306"),
        (32, "20260405"),
        (40, "030"),
        (43, "30003          "),
        (58, "CHF"),
        (61, "000000000119267"),
        (76, "000000000008930"),
        (91, " " * 20),
        (111, " " * 30),
        (141, " " * 100),
    ),
    record(
        (1, "T"),
        (2, "0000001"),
        (9, "0000002"),
        (16, "0000000"),
        (23, "000000000227367"),  # 1,081.00 + 1,192.67
        (38, "000000000000000"),
        (53, "000000000227367"),
        (68, "+"),
        (69, "0000005"),
        (76, " " * 165),
    ),
]


def lines_of(data):
    """Split file bytes into records (bytes, without CRLF); checks the CRLF termination."""
    assert data.endswith(CRLF), data[-10:]
    return data[: -len(CRLF)].split(CRLF)


def encode(lines):
    return b"".join(line.encode("iso-8859-15") + CRLF for line in lines)


def problem_keys(problems):
    return sorted((problem.record, problem.key, problem.field) for problem in problems)


# ---------------------------------------------------------------------------------------------------------------
# Tests


class TestGoldenFiles(unittest.TestCase):
    def test_golden_files_match_the_hand_written_records(self):
        self.assertEqual((GOLDEN / "dfb_basic.dat").read_bytes(), encode(EXPECTED_BASIC))
        self.assertEqual((GOLDEN / "dfb_chf.dat").read_bytes(), encode(EXPECTED_CHF))

    def test_basic_file_equals_golden_file(self):
        self.assertEqual(basic_file(), (GOLDEN / "dfb_basic.dat").read_bytes())

    def test_chf_file_equals_golden_file(self):
        self.assertEqual(fixed_width.write_file(LAYOUT, *chf_data()), (GOLDEN / "dfb_chf.dat").read_bytes())

    def test_records_one_by_one(self):
        lines = lines_of(basic_file())
        names = ["header", "debtor umlauts", "debtor foreign characters", "invoice", "credit note", "trailer"]
        self.assertEqual(len(lines), len(EXPECTED_BASIC))
        for name, line, expected in zip(names, lines, EXPECTED_BASIC, strict=True):
            with self.subTest(name):
                self.assertEqual(line, expected.encode("iso-8859-15"))

    def test_every_record_has_240_characters_and_crlf(self):
        for data in (basic_file(), fixed_width.write_file(LAYOUT, *chf_data())):
            self.assertTrue(data.endswith(b"\r\n"))
            lines = data.split(b"\r\n")
            self.assertEqual(lines.pop(), b"")
            for line in lines:
                self.assertEqual(len(line), 240, line)
                self.assertNotIn(b"\r", line)
                self.assertNotIn(b"\n", line)
            self.assertEqual(data.count(b"\n"), len(lines))
            self.assertEqual(len(data), len(lines) * 242)

    def test_control_characters_in_values_do_not_break_records(self):
        debtor = debtor_umlauts()
        debtor["name2"] = "Abteilung\r\nBuchhaltung\tNord"
        lines = lines_of(fixed_width.write_file(LAYOUT, header(), [debtor], [invoice()]))
        self.assertEqual(len(lines), 4)
        self.assertEqual(lines[1][56:86], b"Abteilung  Buchhaltung Nord   ")


class TestCharacterSet(unittest.TestCase):
    def test_umlauts_are_iso_8859_15_bytes(self):
        line = lines_of(basic_file())[1]
        self.assertEqual(line[16:56], b"M\xfcller & S\xf6hne B\xe4ckerei GmbH" + b" " * 12)
        self.assertEqual(line[56:86], b"Zweigniederlassung S\xfcd" + b" " * 8)
        self.assertEqual(line[86:121], b"Hauptstra\xdfe 5" + b" " * 22)
        self.assertEqual(line[131:161], b"M\xfcnchen" + b" " * 23)

    def test_characters_latin9_lacks_are_transliterated(self):
        line = lines_of(basic_file())[2]
        self.assertEqual(line[16:56], b'L\xf3dz Trading - "Best" Sp. z o.o.' + b" " * 8)
        # "…" -> "...", emoji -> "?", capital sharp s -> "SS", euro sign kept (0xA4), broken bar -> "?".
        self.assertEqual(line[56:86], b"B\xfcro...Nord ? SS \xa4 ?" + b" " * 10)
        self.assertEqual(line[86:121], b"ul. Swietokrzyska 12" + b" " * 15)

    def test_transliterate(self):
        translit = fixed_width.transliterate
        self.assertEqual(translit("a–b—c−d"), "a-b--c-d")  # em dash: "--"
        self.assertEqual(translit("„Zitat“ ‘x’ «y»"), "\"Zitat\" 'x' \xaby\xbb")  # « » are in latin-9
        self.assertEqual(translit("äöüÄÖÜß€ŠšŽžŒœŸ"), "äöüÄÖÜß€ŠšŽžŒœŸ")  # all in ISO-8859-15
        self.assertEqual(translit("čćřňőű Łódź"), "ccrnou Lódz")
        self.assertEqual(translit("Cafe\u0301"), "Café")  # decomposed accents are composed first
        self.assertEqual(translit("ﬁ… Ω ẞ"), "fi... O SS")
        self.assertEqual(translit("😀 ¦ ™"), "? ? ?")  # symbols the charset lacks are not guessed
        self.assertEqual(translit("a\u00a0b\u00adc\u200bd"), "a bcd")
        self.assertEqual(translit("x\ty\r\nz\x85"), "x y  z ")
        # Another single-byte encoding: umlauts written the German way where the encoding lacks them.
        self.assertEqual(translit("Müßig – Œuvre €", "ascii"), "Muessig - OEuvre EUR")
        self.assertEqual(translit("Müßig €", "latin-1"), "Müßig EUR")

    def test_layout_encoding_must_be_single_byte(self):
        with self.assertRaisesRegex(ValueError, "single-byte"):
            dfb_layout.make_layout(encoding="utf-8")


class TestLongValues(unittest.TestCase):
    def test_truncated_where_allowed(self):
        debtor = debtor_umlauts()
        debtor["name"] = "Internationale Handelsgesellschaft für Maschinenbau mbH & Co. KG"
        debtor["name2"] = "Zweigniederlassung Süd, Abteilung Debitorenbuchhaltung"
        debtor["email"] = "forderungsmanagement.buchhaltung@example-company.de"
        document = invoice(order_ref="Rahmenvertrag 2026/ABC-12345 Abruf 17 vom 01.03.2026")
        self.assertEqual(fixed_width.validate(LAYOUT, header(), [debtor], [document]), [])
        lines = lines_of(fixed_width.write_file(LAYOUT, header(), [debtor], [document]))
        self.assertEqual(lines[1][16:56], "Internationale Handelsgesellschaft für M".encode("iso-8859-15"))
        self.assertEqual(lines[1][56:86], b"Zweigniederlassung S\xfcd, Abteil")
        self.assertEqual(lines[1][203:233], b"forderungsmanagement.buchhaltu")
        self.assertEqual(lines[2][110:140], b"Rahmenvertrag 2026/ABC-12345 A")
        self.assertEqual(len(lines[1]), 240)

    def test_truncation_counts_transliterated_characters(self):
        debtor = debtor_umlauts()
        debtor["name"] = "Müller…" * 6  # 6 x 9 characters after "…" -> "..."
        line = lines_of(fixed_width.write_file(LAYOUT, header(), [debtor], [invoice()]))[1]
        self.assertEqual(line[16:56], b"M\xfcller..." * 4 + b"M\xfcll")

    def test_too_long_is_an_error_where_truncation_is_not_allowed(self):
        debtor = debtor_umlauts()
        debtor["street"] = "Sehr lange Straßenbezeichnung 12345 Hinterhaus"
        debtor["city"] = "Frankfurt am Main-Höchst, Industriepark"
        debtor["phone"] = "+49 (0) 6221 123456-789"
        document = invoice(number="INV/2026/000000000000001", payment_days=1000, amount_total=Decimal("1e13"))
        problems = fixed_width.validate(LAYOUT, header(batch="20260315001"), [debtor], [document])
        self.assertEqual(
            problem_keys(problems),
            [
                ("debtor", "10001", "city"),
                ("debtor", "10001", "phone"),
                ("debtor", "10001", "street"),
                ("document", "INV/2026/000000000000001", "document_number"),
                ("document", "INV/2026/000000000000001", "gross_amount"),
                ("document", "INV/2026/000000000000001", "payment_days"),
                ("header", "20260315001", "batch_number"),
            ],
        )
        street = next(problem for problem in problems if problem.field == "street")
        self.assertIn("too long (46 > 35", street.message)
        with self.assertRaises(LayoutError) as caught:
            fixed_width.write_file(LAYOUT, header(batch="20260315001"), [debtor], [document])
        self.assertEqual(caught.exception.problems, problems)
        self.assertIsInstance(caught.exception, ValueError)

    def test_record_problems_check_one_record_as_validate_does(self):
        """``record_problems`` (the DFB transfer rule's check) finds in one record what ``validate`` finds for it,
        and nothing that needs other records (a key used twice, the header's currency)."""
        debtor = debtor_umlauts()
        debtor["street"] = "Sehr lange Straßenbezeichnung 12345 Hinterhaus"
        orphan = credit_note(origin_number=False, currency="CHF")
        self.assertEqual(
            problem_keys(fixed_width.record_problems(LAYOUT, "debtor", debtor)), [("debtor", "10001", "street")]
        )
        problems = fixed_width.record_problems(LAYOUT, "document", orphan)
        self.assertEqual(
            [(p.record, p.key, p.field, p.code) for p in problems],
            [("document", "RINV/2026/00001", "original_number", "missing")],
        )
        self.assertEqual(fixed_width.record_problems(LAYOUT, "document", invoice()), [])
        in_file = fixed_width.validate(LAYOUT, header(), [debtor, debtor], [orphan])
        self.assertEqual(
            {(p.field, p.code) for p in in_file} - {(p.field, p.code) for p in problems},
            {("street", "too_long"), ("debtor_number", "duplicate"), ("currency", "mismatch")},
        )

    def test_largest_amount_fits(self):
        document = invoice(amount_total=Decimal("9999999999999.99"), amount_tax=Decimal("0.004"))
        line = lines_of(fixed_width.write_file(LAYOUT, header(), [], [document]))[1]
        self.assertEqual(line[60:90], b"999999999999999000000000000000")


class TestAmounts(unittest.TestCase):
    def test_amount_conversions(self):
        cases = [
            (Decimal("88564.23"), b"000000008856423"),
            (88564.23, b"000000008856423"),
            ("88564.23", b"000000008856423"),
            (88564, b"000000008856400"),
            (Decimal("0.005"), b"000000000000001"),  # half-up
            (Decimal("0.015"), b"000000000000002"),
            (Decimal("0.025"), b"000000000000003"),  # half-even would give 2
            (2.675, b"000000000000268"),  # float via its repr, not its binary value 2.67499999...
            (0, b"000000000000000"),
            (Decimal("-0"), b"000000000000000"),
        ]
        for value, expected in cases:
            with self.subTest(value=value):
                line = lines_of(fixed_width.write_file(LAYOUT, header(), [], [invoice(amount_total=value)]))[1]
                self.assertEqual(line[60:75], expected)

    def test_negative_amounts_are_refused(self):
        documents = [
            invoice(number="INV/1", amount_total=Decimal("-1.00")),
            invoice(number="INV/2", amount_tax=-0.01),
            credit_note(number="RINV/1", amount_total="-100", payment_days=-5),
        ]
        problems = fixed_width.validate(LAYOUT, header(), [], documents)
        self.assertEqual(
            problem_keys(problems),
            [
                ("document", "INV/1", "gross_amount"),
                ("document", "INV/2", "vat_amount"),
                ("document", "RINV/1", "gross_amount"),
                ("document", "RINV/1", "payment_days"),
            ],
        )
        for problem in problems:
            self.assertIn("negative", problem.message)
        with self.assertRaises(LayoutError):
            fixed_width.write_file(LAYOUT, header(), [], documents)

    def test_bad_types(self):
        documents = [
            invoice(
                amount_total="12,50",
                amount_tax=True,
                date=20260302,
                due_date="01.04.2026",
                payment_days=30.5,
                order_ref=datetime.date(2026, 1, 1),
            ),
            invoice(number="INV/2", doc_type="quote", amount_total=float("nan")),
        ]
        problems = fixed_width.validate(LAYOUT, header(), [], documents)
        self.assertEqual(
            problem_keys(problems),
            [
                ("document", "INV/2", "doc_type"),
                ("document", "INV/2", "gross_amount"),
                ("document", "INV/2026/00001", "document_date"),
                ("document", "INV/2026/00001", "due_date"),
                ("document", "INV/2026/00001", "gross_amount"),
                ("document", "INV/2026/00001", "order_reference"),
                ("document", "INV/2026/00001", "payment_days"),
                ("document", "INV/2026/00001", "vat_amount"),
            ],
        )
        messages = {(problem.key, problem.field): problem.message for problem in problems}
        self.assertIn("unknown value 'quote'", messages["INV/2", "doc_type"])
        self.assertIn("not an integer", messages["INV/2026/00001", "payment_days"])
        self.assertIn("bad type bool", messages["INV/2026/00001", "vat_amount"])


class TestControlSums(unittest.TestCase):
    def test_control_sums_equal_the_input_sums(self):
        rng = random.Random(4711)
        documents = []
        for index in range(300):
            cents = rng.randrange(0, 10**9)
            kind = "credit_note" if index % 4 == 3 else "invoice"
            documents.append(
                invoice(
                    doc_type=kind,
                    number=f"DOC/{index:05d}",
                    amount_total=Decimal(cents).scaleb(-2),
                    origin_number="INV/0" if kind == "credit_note" else False,
                )
            )
        invoices = sum(doc["amount_total"] for doc in documents if doc["doc_type"] == "invoice")
        credit_notes = sum(doc["amount_total"] for doc in documents if doc["doc_type"] == "credit_note")
        data = fixed_width.write_file(LAYOUT, header(), [debtor_umlauts()], documents)
        trailer = lines_of(data)[-1].decode("iso-8859-15")
        self.assertEqual(trailer[1:22], "0000001" + "0000225" + "0000075")
        self.assertEqual(Decimal(int(trailer[22:37])).scaleb(-2), invoices)
        self.assertEqual(Decimal(int(trailer[37:52])).scaleb(-2), credit_notes)
        self.assertEqual(Decimal(int(trailer[52:67])).scaleb(-2), abs(invoices - credit_notes))
        self.assertEqual(trailer[67], "+" if invoices >= credit_notes else "-")
        self.assertEqual(trailer[68:75], "0000303")
        parsed = parse_file(LAYOUT, data)["trailer"]
        self.assertEqual(parsed["sum_invoices"], invoices)
        self.assertEqual(parsed["sum_credit_notes"], credit_notes)

    def test_sums_use_the_rounded_amounts(self):
        documents = [invoice(number=f"INV/{index}", amount_total=0.005) for index in range(3)]
        trailer = lines_of(fixed_width.write_file(LAYOUT, header(), [], documents))[-1]
        self.assertEqual(trailer[22:37], b"000000000000003")  # 3 x 0.01, not round(0.015)

    def test_negative_net_gets_the_minus_sign(self):
        documents = [invoice(amount_total=Decimal("100.00")), credit_note(amount_total=Decimal("250.50"))]
        trailer = lines_of(fixed_width.write_file(LAYOUT, header(), [], documents))[-1]
        self.assertEqual(
            trailer.decode("ascii"),
            record(
                (1, "T"),
                (2, "0000000"),
                (9, "0000001"),
                (16, "0000001"),
                (23, "000000000010000"),
                (38, "000000000025050"),
                (53, "000000000015050"),
                (68, "-"),
                (69, "0000004"),
                (76, " " * 165),
            ),
        )

    def test_empty_file(self):
        lines = lines_of(fixed_width.write_file(LAYOUT, header(), [], []))
        self.assertEqual(lines[0], EXPECTED_HEADER.encode("ascii"))
        self.assertEqual(lines[1][:75], b"T" + b"0" * 66 + b"+0000002")
        self.assertEqual(len(lines), 2)


class TestRoundTrip(unittest.TestCase):
    def test_every_field_round_trips(self):
        # Canonical values (stripped strings that fit, Decimals with 2 places, dates): parse(write(x)) == x.
        the_header = header()
        debtors = [debtor_umlauts(), {**debtor_umlauts(), "debtor_ref": "10002", "name2": "", "lang": "en"}]
        documents = [
            invoice(origin_number="", order_ref="PO 4711"),
            credit_note(amount_total=Decimal("1190.00"), amount_tax=Decimal("190.00"), order_ref="Retoure 12"),
            invoice(
                number="INV/2026/00002",
                amount_total=Decimal("0.00"),
                amount_tax=Decimal("0.00"),
                origin_number="",
                order_ref="",
            ),
        ]
        data = fixed_width.write_file(LAYOUT, the_header, debtors, documents)
        parsed = parse_file(LAYOUT, data)
        self.assertEqual(parsed["header"], the_header)
        self.assertEqual(parsed["debtors"], debtors)
        self.assertEqual(parsed["documents"], documents)
        self.assertEqual(
            parsed["trailer"],
            {
                "count_debtors": 2,
                "count_invoices": 2,
                "count_credit_notes": 1,
                "sum_invoices": Decimal("88564.23"),
                "sum_credit_notes": Decimal("1190.00"),
                "net_sum": Decimal("87374.23"),
                "net_sign": "+",
                "count_records": 7,
            },
        )
        # Typed values.
        self.assertIsInstance(parsed["header"]["client_number"], int)
        self.assertIsInstance(parsed["documents"][0]["amount_total"], Decimal)
        self.assertIsInstance(parsed["documents"][0]["date"], datetime.date)
        # And the file written from the parsed values is the same file.
        self.assertEqual(fixed_width.write_file(LAYOUT, parsed["header"], parsed["debtors"], parsed["documents"]), data)

    def test_golden_files_parse_to_the_normalized_input(self):
        parsed = parse_file(LAYOUT, (GOLDEN / "dfb_chf.dat").read_bytes())
        chf_header, debtors, documents = chf_data()
        self.assertEqual(parsed["header"], chf_header)
        self.assertEqual(
            parsed["debtors"],
            [{**debtors[0], "name2": "", "zip": "8001", "phone": "", "email": ""}],
        )
        self.assertEqual(
            parsed["documents"][1],
            {
                **documents[1],
                "date": datetime.date(2026, 3, 6),
                "due_date": datetime.date(2026, 4, 5),
                "payment_days": 30,
                "amount_total": Decimal("1192.67"),
                "amount_tax": Decimal("89.30"),
                "origin_number": "",
            },
        )
        parsed = parse_file(LAYOUT, (GOLDEN / "dfb_basic.dat").read_bytes())
        self.assertEqual(parsed["debtors"][1]["name"], 'Lódz Trading - "Best" Sp. z o.o.')
        self.assertEqual(parsed["documents"][1]["doc_type"], "credit_note")
        self.assertEqual(parsed["documents"][1]["amount_tax"], Decimal("190.00"))


class TestMandatory(unittest.TestCase):
    def test_all_missing_mandatory_fields_are_listed_at_once(self):
        debtors = [
            {**debtor_umlauts(), "name": "", "street": None, "country": False},
            {**debtor_umlauts(), "debtor_ref": "10002", "zip": "   "},
            debtor_umlauts() | {"debtor_ref": "10003"},  # complete
        ]
        documents = [
            invoice(date=None, amount_tax=None),
            credit_note(origin_number=False),  # mandatory for credit notes only
            invoice(number="INV/2026/00002", origin_number=None),  # fine for invoices
            invoice(number="", debtor_ref=""),
        ]
        with self.assertRaises(LayoutError) as caught:
            fixed_width.write_file(LAYOUT, header(client_number=None, date=False), debtors, documents)
        self.assertEqual(
            problem_keys(caught.exception.problems),
            [
                ("debtor", "10001", "country"),
                ("debtor", "10001", "name"),
                ("debtor", "10001", "street"),
                ("debtor", "10002", "zip"),
                ("document", "", "debtor_number"),
                ("document", "", "document_number"),
                ("document", "INV/2026/00001", "document_date"),
                ("document", "INV/2026/00001", "vat_amount"),
                ("document", "RINV/2026/00001", "original_number"),
                ("header", "2026031501", "client_number"),
                ("header", "2026031501", "creation_date"),
            ],
        )
        for problem in caught.exception.problems:
            self.assertIn("mandatory value missing", problem.message)
        self.assertIn("11 problem(s)", str(caught.exception))
        self.assertIn("document RINV/2026/00001, original_number: mandatory value missing", str(caught.exception))

    def test_cross_record_checks(self):
        debtors = [debtor_umlauts(), debtor_umlauts()]
        documents = [invoice(), invoice(), invoice(number="INV/3", currency="CHF")]
        problems = fixed_width.validate(LAYOUT, header(), debtors, documents)
        self.assertEqual(
            problem_keys(problems),
            [
                ("debtor", "10001", "debtor_number"),  # duplicate
                ("document", "INV/2026/00001", "document_number"),  # duplicate
                ("document", "INV/3", "currency"),  # not the header's currency
            ],
        )

    def test_header_value_map(self):
        problems = fixed_width.validate(LAYOUT, header(file_kind="X"), [], [])
        self.assertEqual(problem_keys(problems), [("header", "2026031501", "file_kind")])


class TestLayoutAsData(unittest.TestCase):
    def test_table_is_consistent(self):
        """The checks of the table: every record type fills 240 characters exactly, starts with its code, and every
        type, option, constant and mapped text fits its field and the character set."""
        table = [fixed_width.Field(*row) for row in dfb_layout.DFB_TABLE]
        encoding = dfb_layout.LAYOUT_OPTIONS["encoding"]
        header_keys = {row[5] for row in dfb_layout.DFB_TABLE if row[0] == "header"}
        self.assertEqual(list(LAYOUT.records), ["header", "debtor", "document", "trailer"])
        self.assertEqual([fields[0].const for fields in LAYOUT.records.values()], ["H", "S", "B", "T"])
        self.assertEqual(LAYOUT.amount.name, "gross_amount")
        for kind, fields in LAYOUT.records.items():
            names = [fld.name for fld in fields]
            sources = [fld.source for fld in fields if fld.source and not fld.const]
            self.assertEqual(len(set(names)), len(names), kind)
            self.assertEqual(len(set(sources)), len(sources), kind)
            self.assertEqual([fld.start for fld in fields], [1] + [fld.start + fld.length for fld in fields[:-1]])
            self.assertEqual(fields[-1].start + fields[-1].length - 1, dfb_layout.RECORD_LENGTH, kind)
            self.assertLessEqual(sum(1 for fld in fields if fld.option("key")), 1, kind)
            if kind == "trailer":
                self.assertLessEqual(set(sources), header_keys | set(fixed_width.TOTAL_KEYS))
        for fld in table:
            with self.subTest(kind=fld.kind, field=fld.name):
                self.assertIn(fld.type, ("N", "A", "D"))
                self.assertLessEqual(set(fld.options or {}), {"decimals", "truncate", "values", "mandatory_if", "key"})
                self.assertTrue(fld.type != "D" or fld.length == 8)
                decimals = fld.option("decimals", 0)
                self.assertTrue(decimals == 0 or (fld.type == "N" and decimals < fld.length))
                self.assertTrue(not (fld.option("truncate") or fld.option("values")) or fld.type == "A")
                if not fld.source:  # filler
                    self.assertFalse(fld.mandatory or fld.options)
                texts = [fld.const] if fld.const else []
                values = fld.option("values") or {}
                texts += list(values.values()) if isinstance(values, dict) else list(values)
                for text in texts:
                    self.assertTrue(0 < len(text) <= fld.length and text.isprintable(), text)
                    text.encode(encoding)
                    self.assertTrue(fld.type != "N" or text.isdigit(), text)
                condition = fld.option("mandatory_if")
                if condition:
                    other = next(other for other in LAYOUT.records[fld.kind] if other.name == condition[0])
                    self.assertIn(condition[1], list(other.option("values").values()))

    def test_problems_carry_a_stable_code(self):
        documents = [
            invoice(amount_total=Decimal("-1"), payment_days=1.5, date="1.1.2026", order_ref=["x"]),
            invoice(doc_type="quote", currency="CHF", debtor_ref="", number="INV/2"),
            invoice(number="INV/2", amount_tax="x", due_date=None),
        ]
        debtor = debtor_umlauts() | {"street": "S" * 36}
        problems = fixed_width.validate(LAYOUT, header(), [debtor, debtor], documents)
        self.assertEqual(
            sorted((problem.key, problem.field, problem.code) for problem in problems),
            [
                ("10001", "debtor_number", "duplicate"),
                ("10001", "street", "too_long"),
                ("10001", "street", "too_long"),
                ("INV/2", "currency", "mismatch"),
                ("INV/2", "debtor_number", "missing"),
                ("INV/2", "doc_type", "unknown_value"),
                ("INV/2", "document_number", "duplicate"),
                ("INV/2", "due_date", "missing"),
                ("INV/2", "vat_amount", "not_number"),
                ("INV/2026/00001", "document_date", "not_date"),
                ("INV/2026/00001", "gross_amount", "negative"),
                ("INV/2026/00001", "order_reference", "bad_type"),
                ("INV/2026/00001", "payment_days", "not_integer"),
            ],
        )
        street = next(problem for problem in problems if problem.field == "street")
        self.assertEqual((street.length, street.limit), (36, 35))

    def test_field_moved_and_resized_in_a_copied_table(self):
        table = copy.deepcopy(dfb_layout.DFB_TABLE)
        changes = {
            # Debtor name 40 -> 50 characters, name 2 shrinks 30 -> 20.
            ("debtor", "name"): (17, 50),
            ("debtor", "name2"): (67, 20),
            # Document: order reference moved before the original invoice number.
            ("document", "order_reference"): (91, 30),
            ("document", "original_number"): (121, 20),
        }
        table = [
            (row[0], row[1], *changes[row[0], row[1]], *row[4:]) if (row[0], row[1]) in changes else row
            for row in table
        ]
        layout = dfb_layout.make_layout(table)
        debtor = debtor_umlauts()
        debtor["name"] = "Internationale Handelsgesellschaft für Maschinenbau mbH & Co. KG"
        lines = lines_of(fixed_width.write_file(layout, header(), [debtor], [credit_note()]))
        self.assertEqual(
            lines[1].decode("iso-8859-15"),
            record(
                (1, "S"),
                (2, "10001          "),
                (17, "Internationale Handelsgesellschaft für Maschinenba"),
                (67, "Zweigniederlassung Süd"[:20]),
                (87, EXPECTED_DEBTOR_UMLAUTS[86:]),
            ),
        )
        self.assertEqual(
            lines[2].decode("ascii"),
            record((1, EXPECTED_CREDIT_NOTE[:90]), (91, " " * 30), (121, "INV/2026/00001      "), (141, " " * 100)),
        )
        # The default layout is unchanged.
        self.assertEqual(lines_of(basic_file())[1], EXPECTED_DEBTOR_UMLAUTS.encode("iso-8859-15"))
        # The parser follows the changed layout too.
        parsed = parse_file(layout, CRLF.join(lines) + CRLF)
        self.assertEqual(parsed["debtors"][0]["name"], "Internationale Handelsgesellschaft für Maschinenba")
        self.assertEqual(parsed["documents"][0]["origin_number"], "INV/2026/00001")
