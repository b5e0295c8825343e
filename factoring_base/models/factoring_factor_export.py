# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io

from odoo import models
from odoo.exceptions import UserError

# The generic CSV transfer file: (column header, value getter on a factoring.batch.line).
CSV_COLUMNS = [
    ("batch", lambda line: line.batch_id.name),
    ("client_number", lambda line: line.batch_id.factor_id.client_number or ""),
    ("doc_type", lambda line: line.doc_type),
    ("number", lambda line: line.move_id.name),
    ("date", lambda line: line.invoice_date and line.invoice_date.isoformat() or ""),
    ("due_date", lambda line: line.date_due and line.date_due.isoformat() or ""),
    ("debtor_ref", lambda line: line.partner_id.factor_debtor_ref or ""),
    ("debtor_name", lambda line: line.partner_id.name or ""),
    ("debtor_vat", lambda line: line.partner_id.vat or ""),
    ("debtor_company_registry", lambda line: line.partner_id.company_registry or ""),
    ("debtor_street", lambda line: line.partner_id.street or ""),
    ("debtor_zip", lambda line: line.partner_id.zip or ""),
    ("debtor_city", lambda line: line.partner_id.city or ""),
    ("debtor_country", lambda line: line.partner_id.country_id.code or ""),
    ("currency", lambda line: line.currency_id.name),
    ("amount_total", lambda line: f"{line.amount_total:.2f}"),
    ("amount_tax", lambda line: f"{line.amount_tax:.2f}"),
    ("amount_open", lambda line: f"{line.amount_residual:.2f}"),
    ("origin_number", lambda line: line.origin_move_id.name or ""),
    ("order_ref", lambda line: line.move_id.ref or ""),
]


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    # File format plug-in point
    # ------------------------------------------------------------------
    def _generate_export_files(self, batch):
        """Return the transfer file(s) of ``batch``: a list of dicts ``{name, content (bytes), mimetype}``.

        Format addons add their value to ``export_format`` and a method ``_generate_export_files_<format>``.
        """
        self.ensure_one()
        generator = getattr(self, f"_generate_export_files_{self.export_format}", None)
        if generator is None:
            raise UserError(
                self.env._(
                    "No generator is installed for the file format %(format)s of factor %(factor)s. Install the "
                    "format's addon or choose another format.",
                    format=self.export_format,
                    factor=self.display_name,
                )
            )
        files = generator(batch)
        if not files:
            raise UserError(
                self.env._("The file format %(format)s produced no file for batch %(batch)s.",
                           format=self.export_format, batch=batch.name)
            )
        return files

    def _get_export_problems(self, batch):
        """Return the problems (translated strings) that keep ``batch`` from being written in the factor's format.

        Format addons may add ``_get_export_problems_<format>(batch)`` for the problems of the file as a whole
        (between records, or of records outside the batch). The problems of single documents and their debtors are
        transfer rules (``_get_transfer_rules``; a format addon adds its own): the transfer wizard leaves such
        documents out with the reason, and the confirmation names them through the same rules.
        """
        self.ensure_one()
        problems = []
        checker = getattr(self, f"_get_export_problems_{self.export_format}", None)
        if checker is not None:
            problems += checker(batch)
        return problems

    def _get_document_export_problems(self, moves):
        """Return ``{move: reason}`` for the documents of ``moves`` whose debtor the factor's file cannot carry yet,
        whatever its format: a debtor not identified or without address, no debtor number where the format needs
        one. What a format checks beyond that is a transfer rule of its addon."""
        self.ensure_one()
        debtor_reasons = self._get_debtor_problem_by_partner(moves.commercial_partner_id)
        if self._needs_debtor_number():
            for partner in moves.commercial_partner_id.with_company(self.company_id):
                if not self._get_debtor_number(partner):
                    debtor_reasons.setdefault(
                        partner.with_company(False),
                        self.env._(
                            "Debtor %(partner)s has no debtor number: enter the debtor number at the factor on the "
                            "customer",
                            partner=partner.display_name,
                        ),
                    )
        return {
            move: debtor_reasons[move.commercial_partner_id]
            for move in moves
            if move.commercial_partner_id in debtor_reasons
        }

    def _needs_debtor_number(self):
        """Whether the factor's file format needs a debtor number for each debtor. Format addons that need one say
        so for their format (``self.export_format == "..." or super()``)."""
        self.ensure_one()
        return False

    def _get_debtor_number(self, partner):
        """The debtor number written to the file: the number at the factor, else the customer's internal reference
        (the transfer wizard notes that fallback on the document, see ``_get_transfer_notes``)."""
        return (partner.factor_debtor_ref or partner.ref or "").strip()

    def _get_transfer_notes(self, moves):
        """Return ``{move: note}``: what the user should know about a document that goes (not a refusal)."""
        self.ensure_one()
        notes = {}
        if not self._needs_debtor_number():
            return notes
        for move in moves:
            partner = move.commercial_partner_id.with_company(self.company_id)
            if not (partner.factor_debtor_ref or "").strip() and (partner.ref or "").strip():
                notes[move] = self.env._(
                    "Debtor number taken from the customer's reference (%(ref)s)", ref=partner.ref.strip()
                )
        return notes

    def _get_debtor_problem_by_partner(self, partners):
        """Return ``{partner: reason}`` for the debtors the factor cannot identify or has no address of."""
        problems = {}
        for partner in partners.with_company(self.company_id):
            missing = []
            if not (partner.factor_debtor_ref or partner.vat or partner.company_registry):
                missing.append(self.env._("debtor number, VAT or company ID"))
            for fname in ("street", "zip", "city", "country_id"):
                if not partner[fname]:
                    missing.append(partner._fields[fname].get_description(self.env)["string"])
            if missing:
                problems[partner.with_company(False)] = self.env._(
                    "Debtor %(partner)s lacks: %(fields)s", partner=partner.display_name, fields=", ".join(missing)
                )
        return problems

    def _generate_export_files_csv(self, batch):
        """The generic CSV file: one row per document, semicolon separated, UTF-8, amounts with a dot."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([header for header, _getter in CSV_COLUMNS])
        lines = batch.line_ids.with_company(batch.company_id)
        for line in batch._job_items(lines):
            writer.writerow([getter(line) for _header, getter in CSV_COLUMNS])
        name = self._prepare_filename(batch.name, batch.file_sequence or 1, "csv", batch.date)
        return [{"name": name, "content": buffer.getvalue().encode("utf-8"), "mimetype": "text/csv"}]
