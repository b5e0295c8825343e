# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The A.B.S. format through real transfer batches: workbooks read back with openpyxl, export dates, re-export."""

import datetime
import io

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.factoring_base.tests.test_batch import BatchCommon

DEBTOR_HEADERS = [
    "Debitorennummer", "Name", "Namenszusatz", "Strasse", "PLZ", "Ort", "Land", "UID", "MWST-Nummer", "Sprache",
    "Telefon", "E-Mail", "Kreditlimite",
]  # fmt: skip
DOCUMENT_HEADERS = [
    "Belegart", "Belegnummer", "Belegdatum", "Fälligkeit", "Debitorennummer", "Debitor", "Währung", "Bruttobetrag",
    "MWST-Betrag", "Nettobetrag", "Originalrechnung", "Referenz",
]  # fmt: skip
DEBTOR_AMOUNT_COLUMNS = {"Kreditlimite"}
DOCUMENT_DATE_COLUMNS = {"Belegdatum", "Fälligkeit"}
DOCUMENT_AMOUNT_COLUMNS = {"Bruttobetrag", "MWST-Betrag", "Nettobetrag"}
TRANSFER_DATE = datetime.date(2026, 11, 23)


def as_datetime(date):
    return datetime.datetime.combine(date, datetime.time())


@tagged("post_install", "-at_install")
class TestAbsExport(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chf = cls.setup_other_currency("CHF", rates=[("2026-01-01", 0.94)])
        cls.factor.write({"export_format": "abs", "currency_id": cls.chf.id, "currency_policy": "split"})
        swiss = cls.env.ref("base.ch")
        cls.alpen = cls.env["res.partner"].create(
            {
                "name": "Alpen Präzision AG",
                "is_company": True,
                "street": "Bahnhofstrasse 21",
                "street2": "c/o Finanzabteilung",
                "zip": "8001",
                "city": "Zürich",
                "country_id": swiss.id,
                "company_registry": "CHE116281710",
                "vat": "CHE-116.281.710 MWST",
                "lang": "en_US",
                "phone": "+41 44 123 45 67",
                "email": "kreditoren@alpen.example",
                "factor_id": cls.factor.id,
                "factor_debtor_ref": "CH-2001",
                "factor_credit_limit": 90000.0,
                "factor_export": True,
            }
        )
        # No company registry: the UID comes from the Swiss VAT number.
        cls.leman = cls.env["res.partner"].create(
            {
                "name": "Léman Horlogerie SA",
                "is_company": True,
                "street": "Rue du Rhône 48",
                "zip": "1204",
                "city": "Genève",
                "country_id": swiss.id,
                "vat": "CHE-105.773.937 MWST",
                "lang": "en_US",
                "factor_id": cls.factor.id,
                "factor_debtor_ref": "CH-2002",
                "factor_credit_limit": 12500.5,
                "factor_export": True,
            }
        )
        # cls.customer (German, debtor 100101) has no export flag: neither its address nor its documents go.

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _load(self, attachment):
        workbook = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        self.assertEqual(len(workbook.worksheets), 1)
        return workbook.worksheets[0]

    def _files(self, batch):
        debtors = batch.file_ids.filtered(lambda f: "_Debitoren" in f.name)
        documents = batch.file_ids.filtered(lambda f: "_Belege" in f.name)
        self.assertEqual(len(debtors), 1)
        self.assertEqual(len(documents), 1)
        self.assertEqual(batch.file_ids, debtors | documents)
        return self._load(debtors), self._load(documents)

    def assertSheet(self, sheet, title, headers, rows, dates=(), amounts=()):
        """Headers, every cell's value, type and number format, frozen header row, autofilter."""
        self.assertEqual(sheet.title, title)
        self.assertEqual([cell.value for cell in sheet[1]], headers)
        self.assertTrue(all(cell.font.b for cell in sheet[1]))
        self.assertEqual(sheet.freeze_panes, "A2")
        last = openpyxl.utils.get_column_letter(len(headers))
        self.assertEqual(sheet.auto_filter.ref, f"A1:{last}{len(rows) + 1}")
        self.assertEqual(sheet.max_row, len(rows) + 1)
        self.assertEqual([[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)], rows)
        for row in sheet.iter_rows(min_row=2):
            for cell, header in zip(row, headers, strict=True):
                if cell.value is None:
                    continue
                if header in dates:
                    self.assertTrue(cell.is_date, cell.coordinate)
                    self.assertIsInstance(cell.value, datetime.datetime, cell.coordinate)
                    self.assertEqual(cell.number_format, "DD.MM.YYYY", cell.coordinate)
                elif header in amounts:
                    self.assertEqual(cell.data_type, "n", cell.coordinate)
                    self.assertIsInstance(cell.value, (int, float), cell.coordinate)
                    self.assertEqual(cell.number_format, "#,##0.00", cell.coordinate)
                else:
                    self.assertEqual(cell.data_type, "s", cell.coordinate)
                    self.assertIsInstance(cell.value, str, cell.coordinate)
                    self.assertEqual(cell.number_format, "@", cell.coordinate)
        for index in range(1, len(headers) + 1):
            self.assertGreater(sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width, 8)

    def assertDebtors(self, sheet, rows):
        self.assertSheet(sheet, "Debitoren", DEBTOR_HEADERS, rows, amounts=DEBTOR_AMOUNT_COLUMNS)

    def assertDocuments(self, sheet, rows):
        self.assertSheet(
            sheet, "Belege", DOCUMENT_HEADERS, rows, dates=DOCUMENT_DATE_COLUMNS, amounts=DOCUMENT_AMOUNT_COLUMNS
        )

    def _export_date(self, partner):
        return partner.with_company(self.company).factor_export_date

    ALPEN_ROW = [
        "CH-2001", "Alpen Präzision AG", "c/o Finanzabteilung", "Bahnhofstrasse 21", "8001", "Zürich", "CH",
        "CHE-116.281.710", "CHE-116.281.710 MWST", "EN", "+41 44 123 45 67", "kreditoren@alpen.example", 90000,
    ]  # fmt: skip
    MUELLER_ROW = [
        "100101", "Müller Maschinenbau GmbH", None, "Industriestraße 12", "70565", "Stuttgart", "DE", None,
        "DE123456788", "EN", None, None, 0,
    ]  # fmt: skip
    LEMAN_ROW = [
        "CH-2002", "Léman Horlogerie SA", None, "Rue du Rhône 48", "1204", "Genève", "CH", "CHE-105.773.937",
        "CHE-105.773.937 MWST", "EN", None, None, 12500.5,
    ]  # fmt: skip

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_full_flow_chf_and_eur(self):
        today = fields.Date.context_today(self.env.user)
        self.customer.with_company(self.company).factor_export = True
        inv_alpen = self._create_invoice(partner=self.alpen, amount=1000.0, currency=self.chf, ref="PO 4711")
        inv_leman = self._create_invoice(partner=self.leman, amount=2.5, currency=self.chf)
        refund = self._create_invoice(
            partner=self.alpen, amount=100.0, currency=self.chf, move_type="out_refund", ref="Return 12"
        )
        inv_eur = self._create_invoice(amount=500.0, ref="Order 99", invoice_date_due="2026-12-31")
        chf_docs = inv_alpen | inv_leman | refund
        (chf_docs | inv_eur).write({"is_manually_modified": False})  # posting set it (factor's bank account)

        batches = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(len(batches), 2)
        self.assertEqual(batches.mapped("state"), ["confirmed", "confirmed"])
        chf_batch = batches.filtered(lambda b: b.currency_id == self.chf)
        eur_batch = batches - chf_batch
        self.assertEqual(chf_batch.line_ids.move_id, chf_docs)
        self.assertEqual(eur_batch.line_ids.move_id, inv_eur)

        # File names: the per-file default pattern with the daily sequence of the factor.
        self.assertEqual(sorted(batches.mapped("file_sequence")), [1, 2])
        for batch in batches:
            seq = f"{batch.file_sequence:03d}"
            self.assertEqual(
                sorted(batch.file_ids.mapped("name")),
                [f"TFB_Belege_20261123_{seq}.xlsx", f"TFB_Debitoren_20261123_{seq}.xlsx"],
            )
            self.assertEqual(
                set(batch.file_ids.mapped("mimetype")),
                {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
            )

        debtors, documents = self._files(chf_batch)
        # Only the batch's customers with the export flag, sorted by debtor number.
        self.assertDebtors(debtors, [self.ALPEN_ROW, self.LEMAN_ROW])
        # Invoices first, then credit notes, each by number; amounts unsigned: the type carries the sign.
        self.assertDocuments(
            documents,
            [
                [
                    "Rechnung", inv_alpen.name, datetime.datetime(2026, 11, 2),
                    as_datetime(inv_alpen.invoice_date_due), "CH-2001", "Alpen Präzision AG", "CHF", 1190, 190, 1000,
                    None, "PO 4711",
                ],
                [
                    "Rechnung", inv_leman.name, datetime.datetime(2026, 11, 2),
                    as_datetime(inv_leman.invoice_date_due), "CH-2002", "Léman Horlogerie SA", "CHF", 2.98, 0.48,
                    2.5, None, None,
                ],
                [
                    "Gutschrift", refund.name, as_datetime(refund.invoice_date), as_datetime(refund.invoice_date_due),
                    "CH-2001", "Alpen Präzision AG", "CHF", 119, 19, 100, None, "Return 12",
                ],
            ],
        )  # fmt: skip
        debtors, documents = self._files(eur_batch)
        self.assertDebtors(debtors, [self.MUELLER_ROW])  # a German debtor needs no UID
        self.assertDocuments(
            documents,
            [
                [
                    "Rechnung", inv_eur.name, datetime.datetime(2026, 11, 2), datetime.datetime(2026, 12, 31),
                    "100101", "Müller Maschinenbau GmbH", "EUR", 595, 95, 500, None, "Order 99",
                ],
            ],
        )  # fmt: skip

        # Export dates: every exported document and exported debtor, nothing else.
        self.assertEqual((chf_docs | inv_eur).mapped("factor_export_date"), [today] * 4)
        self.assertFalse(any((chf_docs | inv_eur).mapped("is_manually_modified")), "a stamp is no user edit")
        self.assertEqual(self._export_date(self.alpen), today)
        self.assertEqual(self._export_date(self.leman), today)
        self.assertEqual(self._export_date(self.customer), today)
        self.assertTrue(any("carry the export date" in body for body in chf_batch.message_ids.mapped("body")))
        self.assertEqual((chf_docs | inv_eur).mapped("factoring_state"), ["transferred"] * 4)
        self.assertTrue(chf_batch.move_id, "the rebooking entry is posted as with every format")

    def test_exported_document_is_never_exported_again(self):
        today = fields.Date.context_today(self.env.user)
        invoice = self._create_invoice(partner=self.alpen, amount=1000.0, currency=self.chf)
        other = self._create_invoice(partner=self.leman, amount=300.0, currency=self.chf)
        batch = self._transfer(confirm=True, date=TRANSFER_DATE)
        batch.action_mark_sent()

        # Cancelling the batch reverses the rebooking and frees the documents, but the factor has the file:
        # the export dates stay, on the documents and on the debtors.
        batch.action_cancel()
        self.assertEqual(batch.state, "cancelled")
        self.assertEqual(len(batch.file_ids), 2, "the files stay attached for audit")
        self.assertEqual(batch.reversal_move_id.state, "posted")
        self.assertEqual((invoice | other).mapped("factoring_state"), ["to_transfer"] * 2)
        self.assertEqual((invoice | other).mapped("factor_export_date"), [today] * 2)
        self.assertEqual(self._export_date(self.alpen), today)

        # The wizard leaves them out and says why; there is nothing to transfer.
        wizard = self._wizard()
        self.assertEqual(wizard.selected_count, 0)
        self.assertEqual(wizard.excluded_line_ids.move_id, invoice | other)
        reason = f"Already exported to the factor on {today.strftime('%m/%d/%Y')}: never exported again"
        self.assertEqual(set(wizard.excluded_line_ids.mapped("reason")), {reason})
        german = {reason for _move, reason in wizard.with_context(lang="de_DE")._get_candidates()}
        self.assertEqual(
            german, {f"Bereits am {today.strftime('%d.%m.%Y')} an den Factor exportiert: wird nie wieder exportiert"}
        )
        with self.assertRaisesRegex(UserError, "nothing to transfer"):
            self._transfer()
        # Also with the documents selected in the list.
        with self.assertRaisesRegex(UserError, "nothing to transfer"):
            self._transfer(moves=invoice | other)

        # A batch made without the wizard is refused at confirmation, listing every such document, leaving nothing.
        forced = self.env["factoring.batch"].create(
            {
                "factor_id": self.factor.id,
                "currency_id": self.chf.id,
                "line_ids": [Command.create({"move_id": invoice.id}), Command.create({"move_id": other.id})],
            }
        )
        with self.assertRaises(UserError) as caught:
            forced.action_confirm()
        message = str(caught.exception)
        for move in invoice | other:
            self.assertIn(f"{move.display_name}: {reason}.", message)
        self.assertEqual(forced.state, "draft")
        self.assertFalse(forced.file_ids)
        self.assertFalse(forced.move_id)
        forced.unlink()

        # Only a Factoring Manager may allow a re-export (after the factor disregarded the old file).
        arch = self.env["account.move"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="factor_export_date"', arch)
        self.assertIn('name="action_factor_clear_export_date"', arch)
        user = new_test_user(
            self.env, login="abs_user", groups="factoring_base.group_factoring_user",
            company_id=self.company.id, company_ids=[Command.set(self.company.ids)],
        )  # fmt: skip
        with self.assertRaises(AccessError):
            invoice.with_user(user).action_factor_clear_export_date()
        invoice.action_factor_clear_export_date()
        self.assertFalse(invoice.factor_export_date)
        self.assertTrue(any("may be exported to the factor again" in b for b in invoice.message_ids.mapped("body")))
        again = self._transfer(confirm=True)
        self.assertEqual(again.line_ids.move_id, invoice)
        self.assertEqual(invoice.factor_export_date, today)
        with self.assertRaisesRegex(UserError, "active transfer batch"):
            invoice.action_factor_clear_export_date()

    def test_credit_note_of_exported_invoice(self):
        invoice = self._create_invoice(partner=self.alpen, amount=1000.0, currency=self.chf, ref="PO 1")
        self._transfer(confirm=True, date=TRANSFER_DATE)
        refund = self._refund(invoice, 200.0)
        self.assertFalse(refund.factor_export_date)
        batch = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(batch.line_ids.move_id, refund)
        self.assertEqual(batch.file_sequence, 2)
        debtors, documents = self._files(batch)
        self.assertDebtors(debtors, [self.ALPEN_ROW])
        self.assertDocuments(
            documents,
            [
                [
                    "Gutschrift", refund.name, as_datetime(refund.invoice_date), as_datetime(refund.invoice_date_due),
                    "CH-2001", "Alpen Präzision AG", "CHF", 238, 38, 200, invoice.name, refund.ref,
                ],
            ],
        )  # fmt: skip
        self.assertTrue(refund.ref)
        self.assertTrue(refund.factor_export_date)

    def test_file_names_with_the_factor_pattern(self):
        self.factor.filename_pattern = "ABS{client_number}_{date}.{ext}"
        self._create_invoice(partner=self.alpen, amount=10.0, currency=self.chf)
        batch = self._transfer(confirm=True, date=TRANSFER_DATE)
        self.assertEqual(
            sorted(batch.file_ids.mapped("name")), ["ABS4711_20261123_Belege.xlsx", "ABS4711_20261123_Debitoren.xlsx"]
        )

    def test_validation_lists_every_offender_and_leaves_nothing(self):
        """What the workbooks cannot carry of a debtor (a Swiss company's UID missing or invalid) is a transfer rule:
        the wizard leaves its documents out with the reason, and a batch holding them is refused with the same
        words, every document listed, nothing written or stamped."""
        swiss = self.env.ref("base.ch")
        common = {
            "is_company": True, "street": "Seestrasse 1", "zip": "8700", "city": "Küsnacht", "country_id": swiss.id,
            "factor_id": self.factor.id, "factor_export": True,
        }  # fmt: skip
        missing = self.env["res.partner"].create({**common, "name": "Ohne UID AG", "factor_debtor_ref": "CH-3001"})
        invalid = self.env["res.partner"].create(
            {**common, "name": "Falsche UID AG", "factor_debtor_ref": "CH-3002", "company_registry": "CHE-116.281.711"}
        )
        short = self.env["res.partner"].create(
            {**common, "name": "Kurze UID GmbH", "factor_debtor_ref": "CH-3003", "company_registry": "CHE-116.281"}
        )
        no_number = self.env["res.partner"].create(
            {**common, "name": "Ohne Nummer AG", "company_registry": "CHE-100.155.212"}
        )
        # Not offenders: a Swiss private person needs no UID; a debtor without the export flag is left out for that
        # (its missing UID is checked once the flag is set, see test_unflagged_customer_...).
        person = self.env["res.partner"].create(
            {**common, "name": "Anna Beispiel", "is_company": False, "factor_debtor_ref": "CH-3005"}
        )
        unflagged = self.env["res.partner"].create(
            {**common, "name": "Nicht Exportiert AG", "factor_debtor_ref": "CH-3006", "factor_export": False}
        )
        partners = missing | invalid | short | no_number | person | unflagged | self.alpen
        moves = self.env["account.move"]
        for partner in partners:
            moves |= self._create_invoice(partner=partner, amount=100.0, currency=self.chf)
        doc = {partner: moves.filtered(lambda move, p=partner: move.partner_id == p) for partner in partners}
        wizard = self.env["factoring.transfer"].create({"factor_id": self.factor.id})
        reasons = {line.move_id: line.reason for line in wizard.excluded_line_ids}
        self.assertEqual(wizard.selected_line_ids.move_id, doc[person] | doc[self.alpen])
        self.assertIn("Debtor Ohne Nummer AG has no debtor number", reasons[doc[no_number]])
        self.assertIn("without Export to Factor", reasons[doc[unflagged]])
        self.assertEqual(
            reasons[doc[missing]], "Ohne UID AG: a Swiss company needs its UID (company ID, e.g. CHE-123.456.789)"
        )
        self.assertEqual(
            reasons[doc[invalid]],
            "Falsche UID AG: CHE-116.281.711 is not a valid Swiss UID (CHE and 9 digits with the right check digit)",
        )
        self.assertIn("Kurze UID GmbH: CHE-116.281 is not a valid Swiss UID", reasons[doc[short]])
        german = dict(wizard.with_context(lang="de_DE")._get_candidates())
        self.assertIn("Ohne UID AG: ", german[doc[missing]])
        self.assertNotIn("a Swiss company", german[doc[missing]])
        batch = self._transfer()
        self.assertEqual(batch.line_ids.move_id, doc[person] | doc[self.alpen], "only what the workbooks carry")

        # A batch made without the wizard: refused with the same reasons, nothing written or stamped.
        offenders = doc[missing] | doc[invalid] | doc[short]
        forced = self.env["factoring.batch"].create(
            {
                "factor_id": self.factor.id,
                "currency_id": self.chf.id,
                "line_ids": [Command.create({"move_id": move.id}) for move in offenders],
            }
        )
        attachments_before = self.env["ir.attachment"].search_count([])
        entries_before = self.env["account.move"].search_count([])
        with self.assertRaises(UserError) as caught:
            forced.action_confirm()
        message = str(caught.exception)
        for move in offenders:
            self.assertIn(f"- {move.display_name}: {reasons[move]}.", message)
        for name in ("Anna Beispiel", "Nicht Exportiert AG", "Alpen Präzision AG", "Ohne Nummer AG"):
            self.assertNotIn(name, message)
        self.assertEqual(message.count("\n- "), 3, message)
        # Nothing happened: no file, no entry, no stamp.
        self.assertEqual(forced.state, "draft")
        self.assertFalse(forced.file_ids)
        self.assertFalse(forced.move_id)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)
        self.assertEqual(self.env["account.move"].search_count([]), entries_before)
        self.assertFalse(any(moves.mapped("factor_export_date")))
        self.assertFalse(any(partners.with_company(self.company).mapped("factor_export_date")))
        self.assertEqual(set(offenders.mapped("factoring_state")), {"to_transfer"})

        # Corrected, the same batch goes through.
        missing.company_registry = "CHE-105.773.937"
        invalid.company_registry = "CHE-116.281.710"
        short.vat = "CHE-100.155.212 MWST"
        short.company_registry = False
        forced.action_confirm()
        self.assertEqual(forced.state, "confirmed")
        debtors, _documents = self._files(forced)
        self.assertEqual(
            [(row[0].value, row[7].value) for row in debtors.iter_rows(min_row=2)],
            [("CH-3001", "CHE-105.773.937"), ("CH-3002", "CHE-116.281.710"), ("CH-3003", "CHE-100.155.212")],
        )
        no_number.ref = "K-42"
        wizard = self.env["factoring.transfer"].create({"factor_id": self.factor.id})
        notes = {line.move_id: line.note for line in wizard.selected_line_ids}
        self.assertEqual(notes[doc[no_number]], "Debtor number taken from the customer's reference (K-42)")

    def test_confirmation_refuses_data_changed_after_the_wizard(self):
        """The wizard let the document go; its debtor's UID was changed to an invalid one before the confirmation:
        refused with the reason the wizard would give now."""
        invoice = self._create_invoice(partner=self.alpen, amount=100.0, currency=self.chf)
        batch = self._transfer()
        self.assertEqual(batch.line_ids.move_id, invoice)
        self.alpen.company_registry = "CHE-116.281.711"
        with self.assertRaises(UserError) as caught:
            batch.action_confirm()
        self.assertIn(
            f"- {invoice.display_name}: Alpen Präzision AG: CHE-116.281.711 is not a valid Swiss UID",
            str(caught.exception),
        )
        self.assertEqual(batch.state, "draft")
        self.assertFalse(invoice.factor_export_date)

    def test_unflagged_customer_documents_never_go(self):
        """Without Export to Factor, a customer's address is never sent, so its documents never go either."""
        swiss = self.env.ref("base.ch")
        unflagged = self.env["res.partner"].create(
            {
                "name": "Ohne Export AG", "is_company": True, "street": "Seestrasse 1", "zip": "8700",
                "city": "Küsnacht", "country_id": swiss.id, "factor_id": self.factor.id, "factor_debtor_ref": "CH-4001",
            }
        )  # fmt: skip
        flagged_invoice = self._create_invoice(partner=self.alpen, amount=100.0, currency=self.chf)
        invoice = self._create_invoice(partner=unflagged, amount=200.0, currency=self.chf)
        eur_invoice = self._create_invoice(amount=300.0)  # cls.customer has no export flag either

        # The wizard leaves them out and says why.
        wizard = self._wizard()
        self.assertEqual(wizard.selected_line_ids.move_id, flagged_invoice)
        self.assertEqual(wizard.excluded_line_ids.move_id, invoice | eur_invoice)
        reason = (
            "Customer without Export to Factor: the factor never received its address, so its documents cannot go"
        )
        self.assertEqual(set(wizard.excluded_line_ids.mapped("reason")), {reason})
        german = {reason for move, reason in wizard.with_context(lang="de_DE")._get_candidates() if reason}
        self.assertEqual(
            german,
            {"Kunde ohne „An Factor exportieren“: Der Factor hat seine Adresse nie erhalten, daher können seine "
             "Belege nicht übergeben werden"},
        )
        with self.assertRaisesRegex(UserError, "nothing to transfer"):
            self._transfer(moves=invoice)

        # A batch made without the wizard is refused at confirmation with the same reason, every document listed.
        forced = self.env["factoring.batch"].create(
            {
                "factor_id": self.factor.id,
                "currency_id": self.chf.id,
                "line_ids": [Command.create({"move_id": move.id}) for move in flagged_invoice | invoice],
            }
        )
        with self.assertRaises(UserError) as caught:
            forced.action_confirm()
        message = str(caught.exception)
        self.assertIn(f"- {invoice.display_name}: {reason}.", message)
        self.assertNotIn(flagged_invoice.display_name, message)
        self.assertEqual(message.count("\n- "), 1, message)
        self.assertEqual(forced.state, "draft")
        self.assertFalse(forced.file_ids)
        self.assertFalse(forced.move_id)
        self.assertFalse(invoice.factor_export_date)

        # Flagged, the debtor's UID is checked with its documents: missing, the confirmation refuses it.
        unflagged.with_company(self.company).factor_export = True
        with self.assertRaisesRegex(UserError, "Ohne Export AG: a Swiss company needs its UID"):
            forced.action_confirm()
        unflagged.company_registry = "CHE-105.773.937"
        forced.action_confirm()
        debtors, documents = self._files(forced)
        self.assertEqual([row[0].value for row in debtors.iter_rows(min_row=2)], ["CH-2001", "CH-4001"])
        self.assertEqual(
            [row[1].value for row in documents.iter_rows(min_row=2)], (flagged_invoice | invoice).mapped("name")
        )
        self.assertEqual(self._export_date(unflagged), fields.Date.context_today(self.env.user))

    def test_single_address_export_stamps_nothing(self):
        invoice = self._create_invoice(partner=self.alpen, amount=100.0, currency=self.chf)
        user = new_test_user(
            self.env, login="abs_credit_check", groups="factoring_base.group_factoring_user",
            company_id=self.company.id, company_ids=[Command.set(self.company.ids)],
        )  # fmt: skip
        # The button is on the customer form the Factoring User sees.
        arch = self.env["res.partner"].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="action_abs_export_debtor"', arch)
        action = self.alpen.with_user(user).action_abs_export_debtor()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["target"], "download")
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual((attachment.res_model, attachment.res_id), ("res.partner", self.alpen.id))
        today = fields.Date.context_today(self.env.user).strftime("%Y%m%d")
        self.assertEqual(attachment.name, f"TFB_Debitor_CH-2001_{today}.xlsx")
        # The user who asked for it can download it.
        self.assertEqual(attachment.with_user(user).raw, attachment.raw)
        self.assertDebtors(self._load(attachment), [self.ALPEN_ROW])
        # Nothing stamped, nothing transferred.
        self.assertFalse(self._export_date(self.alpen))
        self.assertFalse(invoice.factor_export_date)
        self.assertEqual(invoice.factoring_state, "to_transfer")
        self.assertFalse(self.env["factoring.batch"].search([("factor_id", "=", self.factor.id)]))

        # A contact person exports its company.
        contact = self.env["res.partner"].create({"name": "Hans Muster", "parent_id": self.alpen.id})
        action = contact.with_user(user).action_abs_export_debtor()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/web/content/")[1].split("?")[0]))
        self.assertEqual(attachment.res_id, self.alpen.id)

        # The same checks as in a batch, address included.
        self.alpen.write({"company_registry": "CHE-116.281.711", "city": False})
        with self.assertRaises(UserError) as caught:
            self.alpen.with_user(user).action_abs_export_debtor()
        message = str(caught.exception)
        self.assertIn("CHE-116.281.711 is not a valid Swiss UID", message)
        self.assertIn("- Alpen Präzision AG: City is missing\n", message)
        with self.assertRaisesRegex(UserError, "not assigned to a factor with the A.B.S. file format"):
            self.unassigned_customer.with_user(user).action_abs_export_debtor()
        outsider = new_test_user(
            self.env, login="abs_outsider", groups="account.group_account_invoice",
            company_id=self.company.id, company_ids=[Command.set(self.company.ids)],
        )  # fmt: skip
        with self.assertRaises(AccessError):
            self.leman.with_user(outsider).action_abs_export_debtor()

    def test_other_formats_stamp_nothing(self):
        self.factor.export_format = "csv"
        invoice = self._create_invoice(partner=self.alpen, amount=100.0, currency=self.chf)
        batch = self._transfer(confirm=True)
        self.assertEqual(len(batch.file_ids), 1)
        self.assertFalse(invoice.factor_export_date)
        self.assertFalse(self._export_date(self.alpen))

    def test_demo_factor(self):
        factor = self.env.ref("factoring_base.demo_factor_abs", raise_if_not_found=False)
        if not factor:
            self.skipTest("no demo data")
        factor = factor.sudo()  # the demo company is not the test company
        factor = factor.with_company(factor.company_id)
        self.assertEqual(factor.export_format, "abs")
        self.assertEqual(factor.currency_id.name, "CHF")
        partners = factor.env["res.partner"].search([("factor_id", "=", factor.id)])
        self.assertEqual(len(partners), 3)
        self.assertTrue(all(partners.mapped("factor_export")))
        self.assertEqual(factor._abs_get_debtor_ref_problems(partners), [])
        self.assertEqual(factor._abs_get_debtor_problems(partners), [])
        self.assertEqual(
            sorted(factor._abs_uid(p) for p in partners),
            ["CHE-105.773.937", "CHE-116.281.710", "CHE-123.456.788"],
        )

    def test_export_fields_belong_to_the_abs_addon(self):
        """The customer's export flag and date are A.B.S. fields: declared by this addon only, shown by its view."""
        for fname in ("factor_export", "factor_export_date"):
            field = self.env["ir.model.fields"]._get("res.partner", fname)
            self.assertEqual(field.modules, "factoring_export_abs", fname)
        arch = self.env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="factor_export"', arch)
        self.assertIn('name="factor_export_date"', arch)
