# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The factor's PDF bundle of a batch: the cover sheet and every transferred document as printed for the customer."""

import contextlib
import logging
import tempfile

from odoo import Command, fields, models
from odoo.exceptions import UserError

from ..tools import pdf_bundle

_logger = logging.getLogger(__name__)

# Documents without a stored PDF are rendered this many at a time (one wkhtmltopdf run each; one per document with a
# wkhtmltopdf built without patched Qt, which cannot render several): a bounded number of rendered PDFs is in memory
# at once, whatever the size of the batch.
BUNDLE_RENDER_CHUNK = 20


class FactoringBatch(models.Model):
    _inherit = "factoring.batch"  # pylint: disable=consider-merging-classes-inherited

    bundle_file_id = fields.Many2one(
        "ir.attachment",
        string="PDF Bundle",
        readonly=True,
        copy=False,
        help="Cover sheet and every document of the batch in one PDF (factor setting Send PDF Bundle); also one of "
        "the batch's files, uploaded with them.",
    )

    def _get_history_fields(self):
        # EXTENDS factoring_base: the bundle is kept like the other files.
        return super()._get_history_fields() | {"bundle_file_id"}

    def draft2confirmed(self):
        # EXTENDS factoring_base: the factor's PDF bundle, in the confirming transaction (an error confirms nothing)
        if not self.factor_id.send_pdf_bundle:
            return super().draft2confirmed()
        with self._pdf_bundle():
            return super().draft2confirmed()

    @contextlib.contextmanager
    def _pdf_bundle(self):
        """Write the batch's PDF bundle around its confirmation and attach it as one of its files.

        The documents are written first, as the customer has them (before the rebooking entry would print them as
        paid); the cover sheet, which names the files and totals of the confirmed batch, is made when the block
        ends and goes in front of them. The PDF is written to a temporary file one document at a time (see
        tools/pdf_bundle.py): only the document being added (or one chunk of rendered documents) is in memory, then
        the finished file once, to store it.
        """
        self.ensure_one()
        if self.bundle_file_id:
            raise UserError(self.env._("Batch %(batch)s already has its PDF bundle.", batch=self.name))
        with tempfile.TemporaryFile(prefix="factoring-bundle-") as spool:
            bundle = pdf_bundle.PdfBundleWriter(spool)
            reused = 0
            for move, content, stored in self._iter_document_pdfs():
                self._add_to_bundle(bundle, content, move.display_name)
                reused += stored
            yield bundle
            self._add_to_bundle(bundle, self._render_cover_sheet_pdf(), self.env._("the cover sheet"), position=0)
            pages = bundle.close()
            spool.seek(0)
            content = spool.read()
        attachment = self.env["ir.attachment"].create(
            {
                "name": self._prepare_bundle_filename(),
                "raw": content,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
                "description": self.env._("PDF bundle of batch %(batch)s", batch=self.name),
            }
        )
        self._own().write({"file_ids": [Command.link(attachment.id)], "bundle_file_id": attachment.id})
        self.message_post(
            body=self.env._(
                "PDF bundle %(file)s attached: %(pages)s pages, the cover sheet and %(count)s documents (%(reused)s "
                "of them from their stored PDF).",
                file=attachment.name,
                pages=pages,
                count=bundle.sources - 1,
                reused=reused,
            )
        )

    def _add_to_bundle(self, bundle, content, what, position=None):
        try:
            bundle.add(content, position=position)
        except ValueError as err:
            raise UserError(
                self.env._("The PDF bundle of batch %(batch)s cannot take the PDF of %(what)s: %(error)s",
                           batch=self.name, what=what, error=err)
            ) from err

    def _prepare_bundle_filename(self):
        """The factor's file name pattern with the extension pdf; a name a data file of the batch already has gets
        the suffix ``_documents``."""
        self.ensure_one()
        name = self.factor_id._prepare_filename(self.name, self.file_sequence or 1, "pdf", self.date)
        if name in self.file_ids.mapped("name"):
            stem = name.removesuffix(".pdf")
            name = f"{stem}_documents.pdf"
        return name

    def _render_pdf(self, report_ref, records):
        """Render ``report_ref`` for ``records``: ``{record id: PDF bytes}``, one PDF per record."""
        Report = self.env["ir.actions.report"].with_company(self.company_id)
        content, report_type = Report._pre_render_qweb_pdf(report_ref, res_ids=records.ids)
        if report_type != "pdf":
            raise UserError(self.env._("The PDF bundle of batch %(batch)s needs PDF reports; %(report)s gave "
                                       "%(type)s.", batch=self.name, report=report_ref, type=report_type))
        by_id = Report._get_splitted_report(report_ref, content, report_type)
        if set(by_id) == set(records.ids):
            return by_id
        if len(records) == 1 and len(by_id) == 1:
            return {records.id: next(iter(by_id.values()))}
        # The report could not be split per record: one run per record.
        return {record.id: self._render_pdf(report_ref, record)[record.id] for record in records}

    def _render_cover_sheet_pdf(self):
        return self._render_pdf("factoring_base.report_factoring_batch", self)[self.id]

    def _iter_document_pdfs(self, chunk_size=None):
        """Yield ``(document, PDF bytes, stored)`` for each document of the batch, in the order of the cover sheet.

        A document's PDF is the one Odoo stored when the invoice was sent or printed (``invoice_pdf_report_id``,
        ``stored`` True), else the customer's invoice report rendered now, ``chunk_size`` documents at a time.
        """
        self.ensure_one()
        Send = self.env["account.move.send"]
        pending = self.env["account.move"]
        pending_report = None
        chunk = [chunk_size or BUNDLE_RENDER_CHUNK]  # drops to 1 when wkhtmltopdf cannot render several at once
        for move in self.line_ids.move_id:
            stored = move.sudo().invoice_pdf_report_id  # sudo: the system reads the document's own PDF
            report = None if stored else Send._get_default_pdf_report_id(move)
            if pending and (stored or report != pending_report or len(pending) >= chunk[0]):
                yield from self._iter_rendered(pending_report, pending, chunk)
                pending = pending.browse()
            if stored:
                yield move, stored.raw, True
            else:
                pending |= move
                pending_report = report
        if pending:
            yield from self._iter_rendered(pending_report, pending, chunk)

    def _iter_rendered(self, report, moves, chunk):
        """Render ``moves`` with ``report`` in one run; one run per document where wkhtmltopdf refuses several (the
        build without patched Qt) and from then on (``chunk``)."""
        try:
            by_id = self._render_pdf(report.report_name, moves)
        except UserError:
            if len(moves) == 1:
                raise
            _logger.info("wkhtmltopdf did not render %s documents at once: batch %s goes on one at a time",
                         len(moves), self.name)
            chunk[0] = 1
            by_id = {}
            for move in moves:
                by_id.update(self._render_pdf(report.report_name, move))
        for move in moves:
            yield move, by_id.pop(move.id), False

    def action_download_bundle(self):
        self.ensure_one()
        if not self.bundle_file_id:
            raise UserError(self.env._("Batch %(batch)s has no PDF bundle.", batch=self.name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.bundle_file_id.id}?download=true",
            "target": "download",
        }
