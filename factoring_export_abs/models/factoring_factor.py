# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The A.B.S. format behind the factor's file format plug-in point.

Records become the plain row dicts of ``tools/abs_workbook.py`` (its docstring is the row contract); the tool
validates and writes the workbooks, this module translates its problems and names the files.
"""

import re

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..tools import abs_workbook

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Per workbook: the label added to the file name and the default file name pattern (the factor's own pattern,
# when set, wins; the label is then added before the extension so that the two files never share a name).
ABS_FILES = {
    "debtors": ("Debitoren", "{code}_Debitoren_{date}_{seq}.{ext}"),
    "documents": ("Belege", "{code}_Belege_{date}_{seq}.{ext}"),
}

# Document row keys that are the debtor's: their problems are reported once, as the debtor's.
_DEBTOR_KEYS_OF_DOCUMENTS = frozenset({"debtor_ref", "debtor_name"})


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"

    export_format = fields.Selection(
        selection_add=[("abs", "A.B.S. Factoring (Excel)")],
        ondelete={"abs": "set default"},
    )

    # ------------------------------------------------------------------
    # Records -> row dicts
    # ------------------------------------------------------------------
    def _abs_debtor_ref(self, partner):
        """The debtor number in both workbooks: the number at the factor, else the customer's own reference."""
        return self._get_debtor_number(partner)

    def _needs_debtor_number(self):
        # EXTENDS factoring_base: every debtor of the ABS file needs a debtor number.
        return self.export_format == "abs" or super()._needs_debtor_number()

    def _abs_uid(self, partner):
        """The debtor's company ID: the company registry (Swiss UID ``CHE-123.456.789``) or, for a Swiss debtor
        without one, its VAT number (a Swiss VAT number is the UID followed by MWST/TVA/IVA)."""
        if partner.company_registry:
            return partner.company_registry
        vat = partner.vat or ""
        if partner.country_id.code == "CH" or vat.strip().upper().startswith("CHE"):
            return vat
        return False

    def _abs_debtor_row(self, partner):
        """Row dict of the debtors workbook for one commercial partner (read in the factor's company)."""
        partner = partner.with_company(self.company_id)
        return {
            "debtor_ref": self._abs_debtor_ref(partner),
            "name": partner.name,
            "name2": partner.street2,
            "street": partner.street,
            "zip": partner.zip,
            "city": partner.city,
            "country": partner.country_id.code,
            "uid": self._abs_uid(partner),
            "vat": partner.vat,
            "lang": (partner.lang or "")[:2].upper(),
            "phone": partner.phone,
            "email": partner.email,
            "credit_limit": partner.factor_credit_limit,
            "is_company": partner.is_company,
        }

    def _abs_document_row(self, line):
        """Row dict of the documents workbook for one factoring.batch.line."""
        return self._abs_document_row_of(line, line.move_id.ref)

    def _abs_document_row_of(self, values, ref):
        """Row dict of the documents workbook from a batch line, or from the values a batch line takes from its
        document (``factoring.batch.line._get_move_values``, relations as records) for a document not in a batch
        yet (``_transfer_rule_abs_records``); ``ref``: the document's reference."""
        partner = values["partner_id"]
        currency = values["currency_id"]
        return {
            "doc_type": values["doc_type"],
            "number": values["move_name"],
            "date": values["invoice_date"],
            "due_date": values["date_due"],
            "debtor_ref": self._abs_debtor_ref(partner),
            "debtor_name": partner.name,
            "currency": currency.name,
            "amount_total": values["amount_total"],
            "amount_tax": values["amount_tax"],
            # Net = gross - VAT, so that the three amounts always add up in the file.
            "amount_untaxed": currency.round(values["amount_total"] - values["amount_tax"]),
            "origin_number": values["origin_move_id"].name,
            "ref": ref,
        }

    # ------------------------------------------------------------------
    # Transfer rules
    # ------------------------------------------------------------------
    def _get_transfer_rules(self):
        # EXTENDS factoring_base: the export date, the A.B.S. export flag and what the workbooks cannot carry of a
        # document or its debtor, in the wizard and the confirmation.
        return super()._get_transfer_rules() + [
            self._transfer_rule_export_date,
            self._transfer_rule_abs_debtor,
            self._transfer_rule_abs_records,
        ]

    def _transfer_rule_export_date(self, moves, cutoff_date, batch):
        """A document with an export date is never exported again (whatever the factor's format now)."""
        return {
            move: self.env._(
                "Already exported to the factor on %(date)s: never exported again",
                date=format_date(self.env, move.factor_export_date),
            )
            for move in moves
            if move.factor_export_date
        }

    def _transfer_rule_abs_debtor(self, moves, cutoff_date, batch):
        """A.B.S.: the customer's *Export to Factor* flag gates its address and its documents alike. The factor must
        never receive a document of a debtor it never received (with its Swiss UID checked), so the documents of a
        customer without the flag wait until the flag is set."""
        if self.export_format != "abs":
            return {}
        return {
            move: self.env._(
                "Customer without Export to Factor: the factor never received its address, so its documents "
                "cannot go"
            )
            for move in moves
            if not move.commercial_partner_id.with_company(self.company_id).factor_export
        }

    def _transfer_rule_abs_records(self, moves, cutoff_date, batch):
        """A.B.S.: the document's row and its debtor's row (the debtors workbook carries every debtor of the batch)
        must pass the workbooks' checks: the UID of a Swiss company, the address, texts an Excel cell holds, amounts
        that add up."""
        if self.export_format != "abs" or not moves:
            return {}
        moves = moves.with_company(self.company_id)
        labels = self._abs_field_labels()
        debtor_problems = {
            partner: self._abs_get_debtor_problems(partner, labels) for partner in moves.commercial_partner_id
        }
        # The rows of documents not in a batch yet: the values a batch line takes from its document (read for all of
        # them at once), through the same row builder as the file; no record per document.
        values = self.env["factoring.batch.line"]._get_move_values(moves)
        partners = self.env["res.partner"].browse(moves.commercial_partner_id.ids)
        origins = self.env["account.move"].browse(moves.reversed_entry_id.ids)
        Currency = self.env["res.currency"]
        reasons = {}
        for move in moves:
            row_values = values[move.id]
            row_values.update(
                partner_id=partners.browse(row_values["partner_id"]).with_prefetch(partners._prefetch_ids),
                currency_id=Currency.browse(row_values["currency_id"]),
                origin_move_id=origins.browse(row_values["origin_move_id"]).with_prefetch(origins._prefetch_ids),
            )
            row = self._abs_document_row_of(row_values, move.ref)
            problems = debtor_problems[move.commercial_partner_id] + self._abs_row_problems(move, row, labels)
            if problems:
                reasons[move] = "; ".join(problems)
        return reasons

    def _abs_exported_partners(self, batch):
        """The debtors written to the debtors workbook: the batch's customers with the export flag set (every
        debtor of the batch, as the confirmation refuses the documents of the others)."""
        partners = batch.line_ids.partner_id.with_company(self.company_id)
        return partners.filtered("factor_export").sorted(
            lambda p: (self._abs_debtor_ref(p), p.name or "", p.id)
        )

    def _abs_sorted_lines(self, batch):
        """The documents in the order of the documents workbook: invoices first, then credit notes, by number."""
        return batch.line_ids.with_company(self.company_id).sorted(
            lambda line: (line.doc_type != "invoice", line.move_name or "", line.id)
        )

    # ------------------------------------------------------------------
    # Problems
    # ------------------------------------------------------------------
    def _abs_field_labels(self):
        partner_fields = self.env["res.partner"]._fields

        def label(fname):
            return partner_fields[fname].get_description(self.env)["string"]

        return {
            "debtor_ref": self.env._("Debtor Number"),
            "name": label("name"),
            "name2": label("street2"),
            "street": label("street"),
            "zip": label("zip"),
            "city": label("city"),
            "country": label("country_id"),
            "uid": self.env._("UID"),
            "vat": label("vat"),
            "lang": label("lang"),
            "phone": label("phone"),
            "email": label("email"),
            "credit_limit": label("factor_credit_limit"),
            "doc_type": self.env._("Document Type"),
            "number": self.env._("Number"),
            "date": self.env._("Invoice Date"),
            "due_date": self.env._("Due Date"),
            "debtor_name": self.env._("Debtor"),
            "currency": self.env._("Currency"),
            "amount_total": self.env._("Total"),
            "amount_tax": self.env._("Tax"),
            "amount_untaxed": self.env._("Untaxed Amount"),
            "origin_number": self.env._("Original Invoice"),
            "ref": self.env._("Customer Reference"),
        }

    def _abs_problem_message(self, record, problem, row, labels):
        """One translated sentence for a ``abs_workbook.Problem`` of ``record`` (a display name)."""
        field = labels.get(problem.field, problem.field)
        if problem.code == "uid_missing":
            return self.env._(
                "%(record)s: a Swiss company needs its UID (company ID, e.g. CHE-123.456.789)", record=record
            )
        if problem.code == "uid_invalid":
            return self.env._(
                "%(record)s: %(value)s is not a valid Swiss UID (CHE and 9 digits with the right check digit)",
                record=record,
                value=row.get("uid"),
            )
        if problem.code == "required":
            return self.env._("%(record)s: %(field)s is missing", record=record, field=field)
        if problem.code == "negative":
            return self.env._("%(record)s: %(field)s cannot be negative", record=record, field=field)
        if problem.code == "too_long":
            return self.env._("%(record)s: %(field)s is too long for an Excel cell", record=record, field=field)
        if problem.code == "amounts_mismatch":
            return self.env._("%(record)s: the total is not the untaxed amount plus tax", record=record)
        return self.env._(
            "%(record)s: %(field)s is invalid (%(detail)s)", record=record, field=field, detail=problem.message
        )

    def _abs_get_debtor_ref_problems(self, partners):
        """Every debtor needs a debtor number (for a batch, a transfer rule of factoring_base says so), and no two
        debtors may share one."""
        problems = [
            self.env._(
                "Debtor %(partner)s has no debtor number: enter the debtor number at the factor (or an internal "
                "reference) on the customer",
                partner=partner.display_name,
            )
            for partner in partners.with_company(self.company_id)
            if not self._abs_debtor_ref(partner)
        ]
        return problems + self._abs_get_shared_ref_problems(partners)

    def _abs_get_shared_ref_problems(self, partners):
        """No two debtors of the file may share a debtor number."""
        by_ref = {}
        for partner in partners.with_company(self.company_id):
            ref = self._abs_debtor_ref(partner)
            if ref:
                by_ref.setdefault(ref, []).append(partner)
        return [
            self.env._(
                "Debtor number %(ref)s is used by several debtors: %(partners)s",
                ref=ref,
                partners=", ".join(p.display_name for p in same),
            )
            for ref, same in by_ref.items()
            if len(same) > 1
        ]

    def _abs_get_debtor_problems(self, partners, labels=None):
        """Problems of the debtors workbook rows (UID, address, texts, credit limit); every offender is listed. The
        debtor number is checked by ``_abs_get_debtor_ref_problems``."""
        problems = []
        labels = labels or self._abs_field_labels()
        for partner in partners.with_company(self.company_id):
            row = self._abs_debtor_row(partner)
            for problem in abs_workbook.validate_debtors([row]):
                if problem.code == "required" and problem.field == "debtor_ref":
                    continue
                problems.append(self._abs_problem_message(partner.display_name, problem, row, labels))
        return problems

    def _abs_get_document_problems(self, lines, labels=None):
        labels = labels or self._abs_field_labels()
        return [
            problem for line in lines
            for problem in self._abs_row_problems(line.move_id, self._abs_document_row(line), labels)
        ]

    def _abs_row_problems(self, move, row, labels):
        """The problems of document ``move``'s ``row`` in the documents workbook."""
        return [
            self._abs_problem_message(move.display_name, problem, row, labels)
            for problem in abs_workbook.validate_documents([row])
            if problem.field not in _DEBTOR_KEYS_OF_DOCUMENTS  # reported once per debtor
        ]

    def _get_export_problems_abs(self, batch):
        """The problems of the workbooks as a whole: debtor numbers shared by several debtors. The rows of the
        batch's documents and debtors are checked by the transfer rule ``_transfer_rule_abs_records``, whose
        reasons the confirmation lists already."""
        self.ensure_one()
        return self._abs_get_shared_ref_problems(batch.line_ids.partner_id)

    # ------------------------------------------------------------------
    # Files
    # ------------------------------------------------------------------
    def _abs_filename(self, kind, batch_name, seq, date):
        label, pattern = ABS_FILES[kind]
        name = self._prepare_filename(batch_name, seq, "xlsx", date, pattern=pattern)
        if self.filename_pattern:
            stem, dot, ext = name.rpartition(".")
            name = f"{stem}_{label}.{ext}" if dot and stem else f"{name}_{label}"
        return name

    def _abs_write(self, writer, rows):
        try:
            return writer(rows, constant_memory=True)
        except abs_workbook.AbsExportError as err:
            # Not reached after _get_export_problems_abs; kept so that a file is never written half valid.
            raise UserError(
                self.env._(
                    "The A.B.S. workbook cannot be written:\n%(problems)s",
                    problems="\n".join(f"- {problem}" for problem in err.problems),
                )
            ) from err

    def _generate_export_files_abs(self, batch):
        """Two workbooks: the debtors (customers of the batch with the export flag) and every document."""
        self.ensure_one()
        lines = self._abs_sorted_lines(batch)
        debtors = self._abs_write(
            abs_workbook.write_debtors, [self._abs_debtor_row(p) for p in self._abs_exported_partners(batch)]
        )
        documents = self._abs_write(
            abs_workbook.write_documents, [self._abs_document_row(line) for line in batch._job_items(lines)]
        )
        seq = batch.file_sequence or 1
        return [
            {
                "name": self._abs_filename("debtors", batch.name, seq, batch.date),
                "content": debtors,
                "mimetype": XLSX_MIMETYPE,
            },
            {
                "name": self._abs_filename("documents", batch.name, seq, batch.date),
                "content": documents,
                "mimetype": XLSX_MIMETYPE,
            },
        ]

    # ------------------------------------------------------------------
    # Single-address export (credit check)
    # ------------------------------------------------------------------
    def _abs_export_debtor(self, partner):
        """Write the debtors workbook of one customer and attach it to the customer; stamp nothing."""
        self.ensure_one()
        partner = partner.commercial_partner_id.with_company(self.company_id)
        problems = self._abs_get_debtor_ref_problems(partner) + self._abs_get_debtor_problems(partner)
        if problems:
            raise UserError(
                self.env._(
                    "The A.B.S. debtor file of %(partner)s cannot be written:\n%(problems)s",
                    partner=partner.display_name,
                    problems="\n".join(f"- {problem}" for problem in problems),
                )
            )
        content = self._abs_write(abs_workbook.write_debtors, [self._abs_debtor_row(partner)])
        today = fields.Date.context_today(self)
        ref = re.sub(r"[^\w.-]+", "-", self._abs_debtor_ref(partner)).strip("-") or str(partner.id)
        name = f"{self.code}_Debitor_{ref}_{today.strftime('%Y%m%d')}.xlsx"
        # sudo: a Factoring User may read but not edit customers; the file is attached to the customer it shows.
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "raw": content,
                    "mimetype": XLSX_MIMETYPE,
                    "res_model": "res.partner",
                    "res_id": partner.id,
                    "description": self.env._(
                        "A.B.S. credit check file of %(partner)s", partner=partner.display_name
                    ),
                }
            )
            .sudo(False)
        )
