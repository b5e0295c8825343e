# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The DFB format through real transfer batches: the attached file parsed back field by field."""

import datetime
from decimal import Decimal
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.factoring_base.tests.test_batch import BatchCommon

from ..tools import dfb_layout
from .dfb_parser import parse_file

TRANSFER_DATE = datetime.date(2026, 11, 23)
RECORD_LENGTH = dfb_layout.RECORD_LENGTH


def D(value):
    return Decimal(value).quantize(Decimal("0.01"))


@tagged("post_install", "-at_install")
class TestDfbExport(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.factor.write({"export_format": "dfb", "client_number": "4711"})
        cls.customer.write({"phone": "+49 711 123456", "email": "buchhaltung@mueller.example", "lang": "de_DE"})
        cls.customer2 = cls.env["res.partner"].create(
            {
                "name": "Schäfer & Söhne Präzisionswerkzeuge Kommanditgesellschaft",  # 56 characters: truncated
                "is_company": True,
                "street": "Königsallee 7",
                "street2": "Gebäude Süd",
                "zip": "40212",
                "city": "Düsseldorf",
                "country_id": cls.env.ref("base.de").id,
                "company_registry": "HRA 27155",
                "lang": "en_US",
                "factor_id": cls.factor.id,
                "factor_debtor_ref": "100102",
            }
        )

    # ------------------------------------------------------------------
    def _parse(self, batch):
        self.assertEqual(len(batch.file_ids), 1)
        raw = batch.file_ids.raw
        lines = raw.split(b"\r\n")
        self.assertEqual(lines[-1], b"", "the file ends with CRLF")
        for line in lines[:-1]:
            self.assertEqual(len(line), RECORD_LENGTH)
            self.assertNotIn(b"\n", line)
        return raw, parse_file(dfb_layout.DFB_LAYOUT, raw)

    def _invoice(self, partner=None, amount=1000.0, due="2026-12-02", **vals):
        return self._create_invoice(partner=partner, amount=amount, invoice_date_due=due, **vals)

    # ------------------------------------------------------------------
    def test_full_flow_and_debtors_only_when_new_or_changed(self):
        inv1 = self._invoice(amount=1000.0, ref="PO 2026-0815")  # 1190.00 gross, 190.00 VAT
        inv2 = self._invoice(partner=self.customer2, amount=500.0, due="2026-11-16")  # 595.00, 14 days
        batch = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(batch.state, "confirmed")
        self.assertEqual(batch.file_ids.name, "DFB4711_20261123.001")
        self.assertEqual(batch.file_ids.mimetype, "text/plain")
        raw, parsed = self._parse(batch)

        self.assertEqual(
            parsed["header"],
            {"client_number": 4711, "date": TRANSFER_DATE, "batch": batch.name.split("/", 1)[1],
             "currency": "EUR", "file_kind": "D"},
        )
        self.assertEqual(
            parsed["debtors"],
            [
                {"debtor_ref": "100101", "name": "Müller Maschinenbau GmbH", "name2": "",
                 "street": "Industriestraße 12", "zip": "70565", "city": "Stuttgart", "country": "DE",
                 "vat": "DE123456788", "phone": "+49 711 123456", "email": "buchhaltung@mueller.example",
                 "lang": "de"},
                {"debtor_ref": "100102", "name": self.customer2.name[:40],
                 "name2": "Gebäude Süd", "street": "Königsallee 7", "zip": "40212", "city": "Düsseldorf",
                 "country": "DE", "vat": "HRA 27155", "phone": "", "email": "", "lang": "en"},
            ],
        )
        self.assertEqual(
            parsed["documents"],
            [
                {"doc_type": "invoice", "number": inv1.name, "date": datetime.date(2026, 11, 2),
                 "due_date": datetime.date(2026, 12, 2), "payment_days": 30, "debtor_ref": "100101",
                 "currency": "EUR", "amount_total": D("1190.00"), "amount_tax": D("190.00"), "origin_number": "",
                 "order_ref": "PO 2026-0815"},
                {"doc_type": "invoice", "number": inv2.name, "date": datetime.date(2026, 11, 2),
                 "due_date": datetime.date(2026, 11, 16), "payment_days": 14, "debtor_ref": "100102",
                 "currency": "EUR", "amount_total": D("595.00"), "amount_tax": D("95.00"), "origin_number": "",
                 "order_ref": ""},
            ],
        )
        self.assertEqual(
            parsed["trailer"],
            {"count_debtors": 2, "count_invoices": 2, "count_credit_notes": 0,
             "sum_invoices": D(batch.amount_invoices), "sum_credit_notes": D(batch.amount_refunds),
             "net_sum": D(batch.amount_net), "net_sign": "+", "count_records": 6},
        )
        self.assertEqual(D(batch.amount_net), D("1785.00"))
        # Umlauts kept as single ISO-8859-15 bytes, positions exact
        self.assertIn("Industriestraße 12".encode("iso-8859-15"), raw)
        debtor_line = raw.split(b"\r\n")[2].decode("iso-8859-15")
        self.assertEqual(debtor_line[:16], "S100102         ")
        self.assertEqual(debtor_line[131:161].rstrip(), "Düsseldorf")
        # The debtors' data are stamped for the next transfer
        self.assertTrue(self.customer.factor_dfb_hash)
        self.assertTrue(self.customer2.factor_dfb_hash)

        # Second batch: a credit note of the transferred invoice and a small invoice; the unchanged debtor is not
        # sent again; the credit notes outweigh the invoices (net sign "-").
        refund = self._refund(inv1, 100.0)  # 119.00
        inv3 = self._invoice(amount=50.0)  # 59.50
        second = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(second.line_ids.move_id, refund | inv3)
        self.assertEqual(second.file_ids.name, "DFB4711_20261123.002")
        _raw, parsed = self._parse(second)
        self.assertEqual(parsed["debtors"], [])
        self.assertEqual(
            parsed["documents"],
            [
                {"doc_type": "invoice", "number": inv3.name, "date": datetime.date(2026, 11, 2),
                 "due_date": datetime.date(2026, 12, 2), "payment_days": 30, "debtor_ref": "100101",
                 "currency": "EUR", "amount_total": D("59.50"), "amount_tax": D("9.50"), "origin_number": "",
                 "order_ref": ""},
                {"doc_type": "credit_note", "number": refund.name, "date": refund.invoice_date,
                 "due_date": refund.invoice_date_due,
                 "payment_days": (refund.invoice_date_due - refund.invoice_date).days, "debtor_ref": "100101",
                 "currency": "EUR", "amount_total": D("119.00"), "amount_tax": D("19.00"),
                 "origin_number": inv1.name, "order_ref": (refund.ref or "")[:30].strip()},
            ],
        )
        self.assertEqual(
            parsed["trailer"],
            {"count_debtors": 0, "count_invoices": 1, "count_credit_notes": 1,
             "sum_invoices": D(second.amount_invoices), "sum_credit_notes": D(second.amount_refunds),
             "net_sum": D(abs(second.amount_net)), "net_sign": "-", "count_records": 4},
        )
        self.assertEqual(D(second.amount_net), D("-59.50"))

        # Third batch: a changed debtor is sent again, the unchanged one not
        self.customer2.street = "Königsallee 9"
        self._invoice(partner=self.customer2, amount=50.0)
        self._invoice(amount=60.0)
        third = self._transfer(confirm=True, date=TRANSFER_DATE)
        _raw, parsed = self._parse(third)
        self.assertEqual([(d["debtor_ref"], d["street"]) for d in parsed["debtors"]], [("100102", "Königsallee 9")])
        self.assertEqual(len(parsed["documents"]), 2)
        # Stamping the debtors (a write) does not count as a change
        self._invoice(partner=self.customer2, amount=70.0)
        fourth = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(self._parse(fourth)[1]["debtors"], [])

    def test_data_prepared_once_per_confirmation_and_stamps_from_the_file(self):
        self._invoice(amount=100.0)
        self._invoice(partner=self.customer2, amount=200.0)
        batch = self._transfer(date=TRANSFER_DATE)
        factor_class = type(self.factor)
        original = factor_class._dfb_prepare_data
        with patch.object(factor_class, "_dfb_prepare_data", autospec=True, side_effect=original) as spy:
            batch.action_confirm()
        self.assertEqual(spy.call_count, 1)  # check, file and debtor stamps share the data
        refs = [debtor["debtor_ref"] for debtor in self._parse(batch)[1]["debtors"]]
        self.assertEqual(refs, ["100101", "100102"])
        self.assertEqual(
            sorted(batch.dfb_debtor_ids.mapped(lambda rec: (rec.partner_id.factor_debtor_ref, rec.fingerprint))),
            sorted((partner.factor_debtor_ref, partner.with_company(self.company).factor_dfb_hash)
                   for partner in self.customer | self.customer2),
        )
        # Outside a confirmation nothing is kept: a later check reads the records again.
        self.assertFalse(self.env.cr.cache.get("factoring_export_dfb.data"))

    def test_file_problems_left_out_by_the_wizard_with_the_reason(self):
        """What the DFB file cannot carry of a document or its debtor (a debtor number missing, a field too long, a
        credit note without its original invoice) is a transfer rule: the wizard leaves the document out with the
        reason before any batch exists, and a batch holding it is refused with the same words."""
        no_ref = self.env["res.partner"].create(
            {"name": "Ohne Nummer GmbH", "street": "Hauptstraße 1", "zip": "10115", "city": "Berlin",
             "country_id": self.env.ref("base.de").id, "vat": "DE811727342", "factor_id": self.factor.id}
        )
        long_street = self.env["res.partner"].create(
            {"name": "Lange Straße AG", "street": "Am Oberen Sonnenblumenfeldweg 123 Hinterhaus",
             "zip": "80331", "city": "München", "country_id": self.env.ref("base.de").id,
             "factor_debtor_ref": "100199", "factor_id": self.factor.id}
        )
        long_ref = self.env["res.partner"].create(
            {"name": "Lange Nummer KG", "street": "Weg 1", "zip": "80331", "city": "München",
             "country_id": self.env.ref("base.de").id, "factor_debtor_ref": "DEB-2026-000012345",
             "factor_id": self.factor.id}
        )
        no_ref_doc = self._invoice(partner=no_ref, amount=10.0)
        long_street_doc = self._invoice(partner=long_street, amount=20.0)
        long_ref_doc = self._invoice(partner=long_ref, amount=30.0)
        orphan = self._create_invoice(amount=5.0, move_type="out_refund")  # no original invoice
        ok = self._invoice(amount=40.0)
        wizard = self._wizard()
        reasons = {line.move_id: line.reason for line in wizard.excluded_line_ids}
        self.assertEqual(wizard.selected_line_ids.move_id, ok)
        self.assertIn("Debtor Ohne Nummer GmbH has no debtor number", reasons[no_ref_doc])
        self.assertEqual(
            reasons[long_street_doc], "Debtor Lange Straße AG, street: too long (44, at most 35 characters)"
        )
        self.assertEqual(
            reasons[long_ref_doc],
            "Debtor Lange Nummer KG, debtor number: too long (18, at most 15 characters)",
            "said once, though the debtor's and the document's record carry the number",
        )
        self.assertEqual(
            reasons[orphan],
            f"Credit note {orphan.name} names no original invoice: the DFB file needs the number of the invoice it "
            "corrects (make the credit note from the invoice)",
        )
        german = dict(wizard.with_context(lang="de_DE")._get_candidates())
        self.assertEqual(
            german[long_street_doc], "Debitor Lange Straße AG, Straße: zu lang (44, höchstens 35 Zeichen)"
        )

        # A batch made without the wizard is refused at confirmation with the same reasons, every document listed
        # once, nothing written.
        offenders = no_ref_doc | long_street_doc | long_ref_doc | orphan
        batch = self.env["factoring.batch"].create(
            {"factor_id": self.factor.id, "line_ids": [Command.create({"move_id": m.id}) for m in offenders | ok]}
        )
        attachments_before = self.env["ir.attachment"].search_count([])
        with self.assertRaises(UserError) as caught:
            batch.action_confirm()
        message = str(caught.exception)
        for move in offenders:
            self.assertIn(f"- {move.display_name}: {reasons[move]}.", message)
        self.assertEqual(message.count("\n- "), 4, message)
        self.assertEqual(batch.state, "draft")
        self.assertFalse(batch.file_ids)
        self.assertFalse(batch.move_id)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)
        self.assertFalse(self.customer.factor_dfb_hash)
        self.assertFalse(long_street.factor_dfb_hash)

    def test_confirmation_refuses_data_changed_after_the_wizard(self):
        """The wizard let the document go; its debtor's street grew too long before the confirmation: refused with
        the reason the wizard would give now. Once the factor has the debtor's record, an unchanged debtor is not
        checked again (the file does not carry it)."""
        invoice = self._invoice(amount=10.0)
        batch = self._transfer(date=TRANSFER_DATE)
        self.assertEqual(batch.line_ids.move_id, invoice)
        self.customer.street = "Industriestraße 12, Gebäude C, Hintereingang"
        with self.assertRaises(UserError) as caught:
            batch.action_confirm()
        self.assertIn(
            f"- {invoice.display_name}: Debtor Müller Maschinenbau GmbH, street: too long (44, at most 35 "
            "characters).",
            str(caught.exception),
        )
        self.assertEqual(batch.state, "draft")
        self.customer.street = "Industriestraße 12"
        batch.action_confirm()
        self.assertEqual(batch.state, "confirmed")

    def test_duplicate_debtor_number_is_named_by_code(self):
        self.customer2.factor_debtor_ref = "100101"  # the number of self.customer
        self._invoice(amount=10.0)
        self._invoice(partner=self.customer2, amount=20.0)
        batch = self._transfer(date=TRANSFER_DATE)
        with self.assertRaises(UserError) as caught:
            batch.action_confirm()
        self.assertIn(", debtor number: used by more than one record of the file", str(caught.exception))
        self.assertEqual(batch.state, "draft")
        self.assertFalse(batch.file_ids)

    def test_inhouse_mode_lists_every_open_item(self):
        earlier = self._invoice(amount=300.0)  # transferred and rebooked: open at the factor
        first = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(earlier.amount_residual, 0.0)
        self.factor.write({"dfb_mode": "inhouse", "rebook_receivables": False, "dfb_file_kind": "T"})
        unrebooked = self._invoice(partner=self.customer2, amount=400.0)
        second = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(unrebooked.amount_residual, 476.0)
        paid = self._invoice(amount=10.0)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=paid.ids
        ).create({"payment_date": "2026-11-10"})._create_payments()
        usd = self._invoice(amount=99.0, currency=self.env.ref("base.USD"))  # other currency: not in the file
        new = self._invoice(amount=100.0)
        third = self._transfer(moves=new, confirm=True, date=TRANSFER_DATE)
        self.assertEqual(third.line_ids.move_id, new)
        _raw, parsed = self._parse(third)
        self.assertEqual(parsed["header"]["file_kind"], "T")
        numbers = [doc["number"] for doc in parsed["documents"]]
        self.assertEqual(numbers, sorted([earlier.name, unrebooked.name, new.name]))
        self.assertNotIn(paid.name, numbers)
        self.assertNotIn(usd.name, numbers)
        self.assertEqual(parsed["debtors"], [])  # both debtors were sent with the earlier batches
        self.assertEqual(parsed["trailer"]["sum_invoices"], D("952.00"))
        # Only the batch's document was transferred
        self.assertEqual(new.factoring_state, "transferred")
        self.assertEqual(first.line_ids.move_id, earlier)
        self.assertEqual(second.line_ids.move_id, unrebooked)

    def test_factor_pattern_and_prefix(self):
        self.factor.write({"dfb_file_prefix": "KD", "dfb_charset": "ascii"})
        self._invoice(amount=10.0)
        batch = self._transfer(confirm=True, date=fields.Date.to_date("2026-11-22"))
        self.assertEqual(batch.file_ids.name, "KD4711_20261122.001")
        # The character set is a setting: ASCII transliterates the umlauts
        raw = batch.file_ids.raw
        self.assertIn(b"Mueller Maschinenbau GmbH", raw)
        self.assertIn(b"Industriestrasse 12", raw)
        self.assertTrue(all(byte < 128 for byte in raw))
        self.factor.filename_pattern = "{code}-{client_number}-{seq}.{ext}"
        self._invoice(amount=20.0)
        batch = self._transfer(confirm=True, date=fields.Date.to_date("2026-11-22"))
        self.assertEqual(batch.file_ids.name, "TFB-4711-002.dat")

    def test_cancel_restores_the_debtors_fingerprint(self):
        """The fingerprint is what the factor received: an unsent cancelled batch's debtor records do not count."""
        partner = self.customer.with_company(self.company)
        invoice = self._invoice(amount=100.0)
        first = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual([d["debtor_ref"] for d in self._parse(first)[1]["debtors"]], ["100101"])
        self.assertTrue(partner.factor_dfb_hash)

        # Cancelled before it was sent: the factor never got the debtor; the same document sends it again.
        first.action_cancel()
        self.assertFalse(partner.factor_dfb_hash)
        second = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(second.line_ids.move_id, invoice)
        self.assertEqual([d["debtor_ref"] for d in self._parse(second)[1]["debtors"]], ["100101"])
        second.action_mark_sent()
        received = partner.factor_dfb_hash
        self.assertTrue(received)

        # A changed address in a batch cancelled before sending: the previous fingerprint comes back, and the
        # changed address goes with the next batch.
        self.customer.street = "Industriestraße 14"
        changed = self._invoice(amount=200.0)
        third = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual([d["street"] for d in self._parse(third)[1]["debtors"]], ["Industriestraße 14"])
        self.assertNotEqual(partner.factor_dfb_hash, received)
        third.action_cancel()
        self.assertEqual(partner.factor_dfb_hash, received)
        fourth = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(fourth.line_ids.move_id, changed)
        self.assertEqual([d["street"] for d in self._parse(fourth)[1]["debtors"]], ["Industriestraße 14"])

        # Cancelled after it was sent: the factor got the file and its debtor records; they are not sent again.
        fourth.action_mark_sent()
        sent = partner.factor_dfb_hash
        fourth.action_cancel()
        self.assertEqual(partner.factor_dfb_hash, sent)
        fifth = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(fifth.line_ids.move_id, changed)
        self.assertEqual(self._parse(fifth)[1]["debtors"], [])

    def test_cancel_refused_while_a_later_batch_relies_on_its_debtor_records(self):
        partner = self.customer.with_company(self.company)
        self._invoice(amount=100.0)
        first = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual([d["debtor_ref"] for d in self._parse(first)[1]["debtors"]], ["100101"])
        self._invoice(amount=50.0)
        second = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(self._parse(second)[1]["debtors"], [], "the first batch carried the debtor")

        # Without the first batch the factor would get the second one's document of an unknown debtor.
        with self.assertRaisesRegex(UserError, f"{second.name} first"):
            first.action_cancel()
        self.assertEqual(first.state, "confirmed")
        self.assertTrue(partner.factor_dfb_hash)
        # Cancelled in the other order, both go and the debtor is sent again with the next batch.
        second.action_cancel()
        first.action_cancel()
        self.assertFalse(partner.factor_dfb_hash)
        third = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual([d["debtor_ref"] for d in self._parse(third)[1]["debtors"]], ["100101"])
        # Once sent, the first batch's records count as received: a later batch relying on them is no obstacle.
        third.action_mark_sent()
        self._invoice(amount=30.0)
        fourth = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(self._parse(fourth)[1]["debtors"], [])
        third.action_cancel()
        self.assertEqual(third.state, "cancelled")

    def test_cancel_allowed_when_the_factor_has_the_debtor_data_from_another_batch(self):
        """The records of a batch cancelled before sending that the factor already received from another batch
        (same data) are no obstacle: a later batch relying on them still reaches a known debtor."""
        street = self.customer.street
        self._invoice(amount=100.0)
        first = self._transfer(confirm=True, date=TRANSFER_DATE)
        first.action_mark_sent()
        self.customer.street = "Industriestraße 14"
        self._invoice(amount=50.0)
        second = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual([d["street"] for d in self._parse(second)[1]["debtors"]], ["Industriestraße 14"])
        # Back to the first address: the third batch carries the same data as the first one
        self.customer.street = street
        self._invoice(amount=30.0)
        third = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(third.dfb_debtor_ids.fingerprint, first.dfb_debtor_ids.fingerprint)
        self._invoice(amount=20.0)
        fourth = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(self._parse(fourth)[1]["debtors"], [], "the third batch carried the debtor")
        third.action_cancel()
        self.assertEqual(third.state, "cancelled")
        self.assertEqual(fourth.state, "confirmed")

    def test_demo_factor_uses_dfb(self):
        # The test database always has the demo data: a missing demo factor is a failure, not a skip.
        factor = self.env.ref("factoring_base.demo_factor_dfb", raise_if_not_found=False)
        self.assertTrue(factor, "the demo factor DFB (factoring_base.demo_factor_dfb) is missing")
        factor = factor.sudo()  # the demo company is not the test company
        self.assertEqual(factor.export_format, "dfb")
        self.assertEqual(factor.client_number, "4711")
        self.assertEqual((factor.dfb_mode, factor.dfb_file_kind), ("comfort", "T"))
