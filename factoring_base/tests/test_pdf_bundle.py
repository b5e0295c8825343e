# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The factor's PDF bundle: the cover sheet, then every document of the batch as printed for the customer (the
stored PDF where Odoo kept one), attached at confirmation, uploaded with the data files, kept."""

import io
import shutil
import tempfile
from pathlib import Path
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import pdf

from ..models import factoring_batch_bundle
from ..tools import pdf_bundle
from .test_batch import BatchCommon


def page_texts(content):
    """The text of each page, whitespace collapsed."""
    return [" ".join(page.extract_text().split()) for page in pdf.PdfFileReader(io.BytesIO(content)).pages]


@tagged("post_install", "-at_install")
class TestPdfBundle(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Real PDFs (Odoo renders HTML instead in tests unless told otherwise); wkhtmltopdf is installed by setup/test.
        cls.env = cls.env(context=dict(cls.env.context, force_report_rendering=True))
        cls.factor = cls.factor.with_env(cls.env)
        cls.customer = cls.customer.with_env(cls.env)
        cls.customer.write({"street": "Industriestraße 12", "zip": "70565", "city": "Stuttgart"})
        cls.factor.write({"send_pdf_bundle": True, "seller_code": "VK-0815"})
        cls.folder = tempfile.mkdtemp(prefix="factoring-bundle-")
        cls.addClassCleanup(shutil.rmtree, cls.folder, True)
        # One document per wkhtmltopdf run: Debian's wkhtmltopdf (without patched Qt) cannot render several, and in a
        # test Odoo then skips the test instead of letting the bundle fall back to one run per document.
        patcher = patch.object(factoring_batch_bundle, "BUNDLE_RENDER_CHUNK", 1)
        patcher.start()
        cls.addClassCleanup(patcher.stop)

    def _store_pdf(self, move, text):
        """Give ``move`` a stored PDF as Odoo keeps it once the invoice was sent (``invoice_pdf_report_file``)."""
        content = self.env["ir.actions.report"]._run_wkhtmltopdf([f"<html><body><h1>{text}</h1></body></html>"])
        self.env["ir.attachment"].create({
            "name": f"{move.name.replace('/', '_')}.pdf",
            "raw": content,
            "mimetype": "application/pdf",
            "res_model": "account.move",
            "res_id": move.id,
            "res_field": "invoice_pdf_report_file",
        })  # fmt: skip
        move.invalidate_recordset(["invoice_pdf_report_id", "invoice_pdf_report_file"])
        self.assertTrue(move.invoice_pdf_report_id)

    def test_bundle_cover_sheet_then_each_document(self):
        first = self._create_invoice(amount=1000.0)
        second = self._create_invoice(amount=1500.0)
        stored = self._create_invoice(amount=2000.0)
        refund = self._create_invoice(amount=300.0, move_type="out_refund")
        self._store_pdf(stored, f"Stored copy of {stored.name}")
        batch = self._transfer(moves=first | second | stored | refund, confirm=True)

        self.assertEqual(batch.state, "confirmed")
        bundle = batch.bundle_file_id
        self.assertTrue(bundle)
        self.assertIn(bundle, batch.file_ids, "one of the batch's files")
        self.assertEqual(len(batch.file_ids), 2, "the CSV file and the bundle")
        self.assertEqual(bundle.mimetype, "application/pdf")
        self.assertEqual(bundle.name, batch.file_ids.filtered(lambda f: f.mimetype == "text/csv").name[:-3] + "pdf")
        texts = page_texts(bundle.raw)
        # The cover sheet, then the documents in its order (invoices, then credit notes), one page each.
        self.assertEqual(len(texts), 5, texts)
        cover = texts[0]
        self.assertIn(f"Transfer of receivables {batch.name}", cover)
        self.assertIn("Client number: 4711", cover)
        self.assertIn("Seller code: VK-0815", cover)
        self.assertNotIn(bundle.name, cover, "the cover sheet lists the data files")
        documents = batch.line_ids.move_id
        self.assertEqual(documents, first | second | stored | refund)
        for text, move in zip(texts[1:], documents, strict=True):
            with self.subTest(document=move.name):
                if move == stored:
                    self.assertEqual(text, f"Stored copy of {stored.name}", "the stored PDF, not a new rendering")
                else:
                    self.assertIn(f"Invoice No. {move.name}", text)
                    self.assertIn("Credit Note Credit Note Date" if move == refund else "Invoice Invoice Date", text)
                    self.assertNotIn("Paid on", text, "as the customer has it, before the rebooking")
                    self.assertIn("This receivable has been assigned to Test Factoring Bank AG.", text)
                    self.assertIn(f"{move.amount_total:,.2f}", text)
        self.assertIn(f"PDF bundle {bundle.name} attached: 5 pages, the cover sheet and 4 documents (1 of them from "
                      "their stored PDF).", batch.message_ids[:1].body)

        # Reprinted, the cover sheet still lists the data files only; the bundle is kept like every batch file.
        cover_html = self.env["ir.actions.report"].with_context(force_report_rendering=False)._render_qweb_html(
            "factoring_base.report_factoring_batch", batch.ids
        )[0].decode()
        self.assertNotIn(bundle.name, cover_html)
        with self.assertRaisesRegex(UserError, "kept for audit"):
            bundle.unlink()
        batch.action_cancel()
        self.assertEqual(batch.bundle_file_id, bundle)
        self.assertIn(bundle, batch.file_ids)
        action = batch.action_download_bundle()
        self.assertEqual(action["url"], f"/web/content/{bundle.id}?download=true")

    def test_bundle_uploaded_with_the_data_file(self):
        """A Factoring User confirms and sends; the bundle goes with the data file."""
        self.factor.write({"transport": "folder", "folder_path": self.folder})
        user = self._create_factoring_user("factoring_bundle_user", "Bundle User")
        invoice = self._create_invoice(amount=500.0)
        batch = self._transfer(moves=invoice).with_user(user)
        batch.action_confirm()
        batch.action_send()
        self.assertEqual(batch.state, "sent", batch.upload_error)
        self.assertEqual(sorted(p.name for p in Path(self.folder).iterdir()), sorted(batch.file_ids.mapped("name")))
        self.assertEqual(Path(self.folder, batch.bundle_file_id.name).read_bytes(), batch.bundle_file_id.raw)
        self.assertEqual(len(page_texts(batch.bundle_file_id.raw)), 2)
        self.assertIn(batch.bundle_file_id.name, batch.message_ids[:1].body, "the upload names the bundle")

    def test_no_bundle_without_the_setting(self):
        self.factor.send_pdf_bundle = False
        batch = self._transfer(moves=self._create_invoice(amount=500.0), confirm=True)
        self.assertEqual(batch.state, "confirmed")
        self.assertFalse(batch.bundle_file_id)
        self.assertEqual(batch.file_ids.mapped("mimetype"), ["text/csv"])
        with self.assertRaisesRegex(UserError, "has no PDF bundle"):
            batch.action_download_bundle()

    def test_unreadable_pdf_confirms_nothing(self):
        invoice = self._create_invoice(amount=500.0)
        self.env["ir.attachment"].create({
            "name": "broken.pdf", "raw": b"%PDF-1.4 not really", "mimetype": "application/pdf",
            "res_model": "account.move", "res_id": invoice.id, "res_field": "invoice_pdf_report_file",
        })  # fmt: skip
        invoice.invalidate_recordset(["invoice_pdf_report_id", "invoice_pdf_report_file"])
        batch = self._transfer(moves=invoice)
        with self.assertRaises(UserError) as caught:  # Odoo's assertRaises rolls back to a savepoint
            batch.action_confirm()
        self.assertIn(f"cannot take the PDF of {invoice.display_name}: not a readable PDF", str(caught.exception))
        self.assertEqual(batch.state, "draft")
        self.assertFalse(batch.file_ids or batch.move_id or batch.bundle_file_id)
        self.assertEqual(invoice.factoring_state, "to_transfer")

    def test_writer_holds_one_source(self):
        """The writer renumbers each source's objects into one file; sources with inherited page attributes and
        shared resources keep their pages and text."""
        Report = self.env["ir.actions.report"]
        sources = [Report._run_wkhtmltopdf([f"<html><body><p>Source {i}</p>{'<p>x</p>' * 80 * i}</body></html>"])
                   for i in (1, 2)]
        out = io.BytesIO()
        writer = pdf_bundle.PdfBundleWriter(out)
        counts = [writer.add(source) for source in sources + [sources[0]]]
        self.assertEqual(writer.close(), sum(counts))
        texts = page_texts(out.getvalue())
        self.assertEqual(len(texts), sum(counts))
        self.assertTrue(texts[0].startswith("Source 1"))
        self.assertTrue(texts[counts[0]].startswith("Source 2"))
        self.assertTrue(texts[counts[0] + counts[1]].startswith("Source 1"))
        with self.assertRaisesRegex(ValueError, "not a readable PDF"):
            pdf_bundle.PdfBundleWriter(io.BytesIO()).add(b"no pdf")
