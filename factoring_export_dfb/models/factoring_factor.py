# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The DFB format behind the factor's file format plug-in point.

Records become the plain dicts of ``tools/dfb_layout.py`` (its docstring is the dict contract); the Odoo-free
writer validates and writes the fixed-width file, this module reads the records in bulk (once per confirmation:
the check, the file and the debtor stamps share the prepared data), translates the writer's problems by their
code, names the file and remembers which debtor master data the factor already has.
"""

import hashlib
import json

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.factoring_base.models.account_move import FACTORING_MOVE_TYPES

from ..tools import dfb_layout, fixed_width

DFB_MIMETYPE = "text/plain"
DFB_CHARSETS = [
    ("iso-8859-15", "ISO-8859-15 (Latin-9)"),
    ("iso-8859-1", "ISO-8859-1 (Latin-1)"),
    ("cp850", "DOS code page 850"),
    ("ascii", "ASCII"),
]
# Documents read for the file, in one query per chunk (no per-record queries).
DFB_MOVE_FIELDS = [
    "name", "move_type", "invoice_date", "invoice_date_due", "commercial_partner_id", "currency_id",
    "amount_total", "amount_tax", "reversed_entry_id", "ref",
]  # fmt: skip
DFB_PARTNER_FIELDS = [
    "name", "street", "street2", "zip", "city", "country_id", "vat", "company_registry", "phone", "email", "lang",
    "ref", "factor_debtor_ref", "factor_dfb_hash",
]  # fmt: skip
_DATA_CACHE = "factoring_export_dfb.data"  # key in the cursor's cache: batch id -> prepared data, while confirming
_LAYOUTS = {}


def _dfb_layout(charset):
    """The DFB layout in ``charset`` (compiled once per process)."""
    charset = charset or dfb_layout.LAYOUT_OPTIONS["encoding"]
    layout = _LAYOUTS.get(charset)
    if layout is None:
        layout = _LAYOUTS[charset] = dfb_layout.make_layout(encoding=charset)
    return layout


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"

    export_format = fields.Selection(
        selection_add=[("dfb", "DFB Deutsche Factoring Bank")],
        ondelete={"dfb": "set default"},
    )
    dfb_mode = fields.Selection(
        [("comfort", "Comfort (new documents only)"), ("inhouse", "Inhouse / cooperation (all open items)")],
        string="DFB Mode",
        default="comfort",
        required=True,
        tracking=True,
        help="Comfort: the file lists the documents of the batch. Inhouse/cooperation: the file lists every open "
        "item of the factor's customers in the batch currency; only the batch's documents are transferred.",
    )
    dfb_file_kind = fields.Selection(
        [("D", "Data"), ("T", "Test")],
        string="DFB File Kind",
        default="D",
        required=True,
        tracking=True,
        help="Written in the file header: test files are checked by the factor but not processed.",
    )
    dfb_charset = fields.Selection(
        DFB_CHARSETS,
        string="DFB Character Set",
        default="iso-8859-15",
        required=True,
        help="Character set of the DFB file. Characters it lacks are transliterated.",
    )
    dfb_file_prefix = fields.Char(
        string="DFB File Name Prefix",
        default="DFB",
        help="Default file name: <prefix><client number>_<YYYYMMDD>.<daily sequence>, unless the factor has "
        "its own file name pattern.",
    )

    # ------------------------------------------------------------------
    # Records -> dicts of the layout's contract
    # ------------------------------------------------------------------
    def _dfb_get_move_ids(self, batch):
        """Ids of the file's documents: the batch's (comfort) or every open item in the batch currency (inhouse)."""
        self.ensure_one()
        self.env["factoring.batch.line"].flush_model(["batch_id", "move_id"])
        self.env.cr.execute("SELECT move_id FROM factoring_batch_line WHERE batch_id = %s", [batch.id])
        move_ids = {row[0] for row in self.env.cr.fetchall()}
        if self.dfb_mode != "inhouse":
            return move_ids
        open_domain = [("amount_residual", "!=", 0)]
        if self.clearing_account_id:
            # Rebooked documents are settled on the customer's account but still open at the factor.
            rebooked = self.env["account.move.line"].search_fetch(
                [
                    ("company_id", "=", batch.company_id.id),
                    ("account_id", "=", self.clearing_account_id.id),
                    ("partner_id", "=", self.partner_id.id),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("factoring_source_move_id", "!=", False),
                ],
                ["factoring_source_move_id"],
            )
            open_domain = ["|", ("id", "in", rebooked.factoring_source_move_id.ids), *open_domain]
        open_items = self.env["account.move"].search(
            [
                ("company_id", "=", batch.company_id.id),
                ("factor_id", "=", self.id),
                ("move_type", "in", FACTORING_MOVE_TYPES),
                ("state", "=", "posted"),
                ("currency_id", "=", batch.currency_id.id),
                *open_domain,
            ]
        )
        return move_ids | set(open_items.ids)

    def _dfb_read_documents(self, move_ids):
        """Rows of the documents in file order (invoices, then credit notes, each by number), in one query.

        Plain SQL on stored columns: 20,000 documents are read without the ORM's per-record overhead (amounts
        come as Decimal).
        """
        self.env["account.move"].flush_model(DFB_MOVE_FIELDS)
        self.env["res.currency"].flush_model(["name"])
        self.env.cr.execute(
            """
            SELECT m.id, m.name, m.move_type, m.invoice_date, m.invoice_date_due, m.commercial_partner_id,
                   c.name, m.amount_total, m.amount_tax, r.name, m.ref
              FROM account_move m
              JOIN res_currency c ON c.id = m.currency_id
         LEFT JOIN account_move r ON r.id = m.reversed_entry_id
             WHERE m.id = ANY(%s)
            """,
            [list(move_ids)],
        )
        rows = self.env.cr.fetchall()
        rows.sort(key=lambda row: (row[2] != "out_invoice", row[1] or "", row[0]))
        return rows

    def _dfb_debtor_ref(self, partner):
        """The debtor number in the file: the number at the factor, else the customer's own reference."""
        return self._get_debtor_number(partner)

    def _needs_debtor_number(self):
        # EXTENDS factoring_base: every debtor of the DFB file needs a debtor number.
        return self.export_format == "dfb" or super()._needs_debtor_number()

    def _dfb_debtor_dict(self, partner):
        """Debtor master record dict of one commercial partner (read in the factor's company)."""
        return {
            "debtor_ref": self._dfb_debtor_ref(partner),
            "name": partner.name,
            "name2": partner.street2,
            "street": partner.street,
            "zip": partner.zip,
            "city": partner.city,
            "country": partner.country_id.code,
            "vat": partner.vat or partner.company_registry,
            "phone": partner.phone,
            "email": partner.email,
            "lang": (partner.lang or "")[:2],
        }

    def _dfb_document_dict(self, row, debtor_ref):
        """Document record dict of one row of ``_dfb_read_documents``."""
        _id, name, move_type, date, due, _partner_id, currency, amount_total, amount_tax, origin, ref = row
        return {
            "doc_type": "credit_note" if move_type == "out_refund" else "invoice",
            "number": name,
            "date": date,
            "due_date": due,
            "payment_days": (due - date).days if date and due else None,
            "debtor_ref": debtor_ref,
            "currency": currency,
            "amount_total": abs(amount_total or 0),
            "amount_tax": abs(amount_tax or 0),
            "origin_number": origin or "",
            "order_ref": ref or "",
        }

    def _dfb_debtor_hash(self, debtor):
        """Fingerprint of the debtor data sent to this factor (another factor or client number: send again)."""
        data = [self.id, self.client_number or "", sorted((k, str(v or "")) for k, v in debtor.items())]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:40]

    def _dfb_batch_number(self, batch):
        """Batch number of the header (10 characters): the batch name without the factor code prefix."""
        name = batch.name or ""
        prefix = f"{self.code}/"
        if name.startswith(prefix):
            name = name[len(prefix):]
        return name[-10:]

    def _dfb_prepare_data(self, batch):
        """Return the dicts of the batch's file and what the checks and the stamps need.

        Keys: ``header``, ``debtors`` (master records of the debtors that are new or changed since their last
        transfer to this factor), ``documents``, ``debtor_partners`` (debtor number -> partner) and
        ``partners_without_ref``.
        """
        self.ensure_one()
        company = batch.company_id
        rows = self._dfb_read_documents(self._dfb_get_move_ids(batch))
        partners = self.env["res.partner"].with_company(company).browse(dict.fromkeys(row[5] for row in rows))
        partners.fetch(DFB_PARTNER_FIELDS)
        partners.country_id.fetch(["code"])
        debtors, refs, debtor_partners = [], {}, {}
        without_ref = self.env["res.partner"]
        for partner in partners:
            debtor = self._dfb_debtor_dict(partner)
            refs[partner.id] = debtor["debtor_ref"]
            if debtor["debtor_ref"]:
                debtor_partners[debtor["debtor_ref"]] = partner
            else:
                without_ref |= partner
            if partner.factor_dfb_hash != self._dfb_debtor_hash(debtor):
                debtors.append(debtor)
        documents = [self._dfb_document_dict(row, refs[row[5]]) for row in batch._job_items(rows)]
        header = {
            "client_number": self.client_number,
            "date": batch.date,
            "batch": self._dfb_batch_number(batch),
            "currency": batch.currency_id.name,
            "file_kind": self.dfb_file_kind,
        }
        return {
            "header": header,
            "debtors": debtors,
            "documents": documents,
            "debtor_partners": debtor_partners,
            "partners_without_ref": without_ref,
        }

    def _dfb_data(self, batch):
        """The prepared data of ``batch``: prepared once while the batch is confirmed (see
        ``factoring.batch.draft2confirmed``), so that the check, the file and the stamps see the same records."""
        cache = self.env.cr.cache.get(_DATA_CACHE)
        if cache is None:
            return self._dfb_prepare_data(batch)
        if batch.id not in cache:
            cache[batch.id] = self._dfb_prepare_data(batch)
        return cache[batch.id]

    # ------------------------------------------------------------------
    # Plug-in point
    # ------------------------------------------------------------------
    def _dfb_filename(self, batch):
        prefix = (self.dfb_file_prefix or "").replace("{", "{{").replace("}", "}}")
        return self._prepare_filename(
            batch.name, batch.file_sequence or 1, "dat", batch.date, pattern=prefix + "{client_number}_{date}.{seq}"
        )

    def _dfb_write(self, batch):
        """The prepared data of ``batch`` with its file: ``content`` (bytes, or None) and the writer's ``problems``."""
        data = self._dfb_data(batch)
        if "content" not in data:
            layout = _dfb_layout(self.dfb_charset)
            try:
                data["content"] = fixed_width.write_file(layout, data["header"], data["debtors"], data["documents"])
                data["problems"] = []
            except fixed_width.LayoutError as err:
                data["content"], data["problems"] = None, err.problems
        return data

    def _generate_export_files_dfb(self, batch):
        """One fixed-width file per batch (a batch holds one currency)."""
        self.ensure_one()
        data = self._dfb_write(batch)
        if data["problems"]:  # confirm checks first: only reached when called directly
            problems = self._dfb_problem_messages(data["problems"], data, batch)
            raise UserError(
                self.env._("The DFB file of batch %(batch)s cannot be written:\n%(problems)s", batch=batch.name,
                           problems="\n".join(f"- {problem}" for problem in problems))
            )
        return [{"name": self._dfb_filename(batch), "content": data["content"], "mimetype": DFB_MIMETYPE}]

    def _get_export_problems_dfb(self, batch):
        """The problems of the file as a whole: the factor's client number, records of several documents or debtors
        (a debtor number or document number used twice) and, in inhouse mode, the records of open items outside the
        batch. The batch's documents and their debtors are checked record by record by the transfer rule
        ``_transfer_rule_dfb_records``, whose reasons the confirmation lists already."""
        self.ensure_one()
        problems = []
        if not self.client_number:
            problems.append(self.env._("Factor %(factor)s has no client number.", factor=self.display_name))
        data = self._dfb_write(batch)
        for partner in data["partners_without_ref"] - batch.line_ids.partner_id:
            problems.append(
                self.env._("Debtor %(partner)s has no debtor number at the factor (or internal reference).",
                           partner=partner.display_name)
            )
        return problems + self._dfb_problem_messages(data["problems"], data, batch)

    # ------------------------------------------------------------------
    # Transfer rule
    # ------------------------------------------------------------------
    def _get_transfer_rules(self):
        # EXTENDS factoring_base: what the DFB file cannot carry of a document or its debtor leaves the document out
        # in the transfer wizard and refuses it at confirmation.
        return super()._get_transfer_rules() + [self._transfer_rule_dfb_records]

    def _transfer_rule_dfb_records(self, moves, cutoff_date, batch):
        """DFB: the document's record and its debtor's master record (when the file carries it: new or changed since
        the factor received it) must fit the layout field by field (lengths, mandatory data, the original invoice
        of a credit note)."""
        if self.export_format != "dfb" or not moves:
            return {}
        layout = _dfb_layout(self.dfb_charset)
        labels = self._dfb_field_labels()
        rows = self._dfb_read_documents(moves.ids)
        partners = self.env["res.partner"].with_company(self.company_id).browse(dict.fromkeys(row[5] for row in rows))
        partners.fetch(DFB_PARTNER_FIELDS)
        partners.country_id.fetch(["code"])
        refs, debtor_messages = {}, {}
        for partner in partners:
            debtor = self._dfb_debtor_dict(partner)
            refs[partner.id] = debtor["debtor_ref"]
            problems = []
            if partner.factor_dfb_hash != self._dfb_debtor_hash(debtor):
                problems = fixed_width.record_problems(layout, "debtor", debtor)
            debtor_messages[partner.id] = [self._dfb_problem_message(problem, labels, partner) for problem in problems]
        reasons = {}
        for row in rows:
            partner = partners.browse(row[5])
            document = self._dfb_document_dict(row, refs[row[5]])
            messages = debtor_messages[row[5]] + [
                # The debtor number of the document record is the debtor's: said once, as the debtor's problem.
                self._dfb_problem_message(problem, labels, partner if problem.field == "debtor_number" else None)
                for problem in fixed_width.record_problems(layout, "document", document)
            ]
            if messages:
                reasons[row[0]] = "; ".join(dict.fromkeys(messages))
        return {move: reasons[move.id] for move in moves if move.id in reasons}

    def _dfb_field_labels(self):
        return {
            "client_number": self.env._("client number"),
            "creation_date": self.env._("creation date"),
            "batch_number": self.env._("batch number"),
            "currency": self.env._("currency"),
            "file_kind": self.env._("file kind"),
            "debtor_number": self.env._("debtor number"),
            "name": self.env._("name"),
            "name2": self.env._("name 2"),
            "street": self.env._("street"),
            "zip": self.env._("zip"),
            "city": self.env._("city"),
            "country": self.env._("country"),
            "vat_id": self.env._("VAT or company ID"),
            "phone": self.env._("phone"),
            "email": self.env._("e-mail"),
            "language": self.env._("language"),
            "doc_type": self.env._("document type"),
            "document_number": self.env._("document number"),
            "document_date": self.env._("document date"),
            "due_date": self.env._("due date"),
            "payment_days": self.env._("payment terms in days"),
            "gross_amount": self.env._("gross amount"),
            "vat_amount": self.env._("VAT amount"),
            "original_number": self.env._("original invoice number"),
            "order_reference": self.env._("order reference"),
        }

    def _dfb_problem_text(self, problem):
        """What is wrong with the field, translated by the problem's code."""
        if problem.code == "missing":
            return self.env._("missing")
        if problem.code == "too_long":
            return self.env._("too long (%(length)s, at most %(max)s characters)", length=problem.length,
                              max=problem.limit)
        if problem.code == "negative":
            return self.env._("negative (the file has unsigned amounts)")
        if problem.code == "duplicate":
            return self.env._("used by more than one record of the file")
        if problem.code == "mismatch":
            return self.env._("differs from the file header")
        return self.env._("invalid (%(detail)s)", detail=problem.message)

    def _dfb_problem_message(self, problem, labels, partner=None):
        """One writer problem as a translated sentence naming the document or debtor (``partner``) and the field."""
        field, message = labels.get(problem.field, problem.field), self._dfb_problem_text(problem)
        if problem.record == "debtor" or partner:
            return self.env._("Debtor %(debtor)s, %(field)s: %(message)s",
                              debtor=partner.display_name if partner else problem.key, field=field, message=message)
        if problem.record == "document":
            if problem.field == "original_number" and problem.code == "missing":
                return self.env._(
                    "Credit note %(doc)s names no original invoice: the DFB file needs the number of the invoice it "
                    "corrects (make the credit note from the invoice)",
                    doc=problem.key,
                )
            return self.env._("Document %(doc)s, %(field)s: %(message)s", doc=problem.key, field=field,
                              message=message)
        return self.env._("File %(record)s, %(field)s: %(message)s", record=problem.record, field=field,
                          message=message)

    def _dfb_problem_messages(self, problems, data, batch):
        """The writer's problems of the whole file as translated sentences. Left out are the problems the transfer
        rules name already: a missing debtor number, and every problem of a single record of the batch's documents
        or their debtors (``_transfer_rule_dfb_records``); problems between records (a number used twice) stay."""
        labels = self._dfb_field_labels()
        batch_partners = batch.line_ids.partner_id
        batch_numbers = set(batch.line_ids.mapped("move_name"))
        result = []
        for problem in problems:
            partner = data["debtor_partners"].get(problem.key) if problem.record == "debtor" else None
            if problem.code == "missing" and problem.field == "debtor_number":
                continue
            if problem.code not in ("duplicate", "mismatch") and (
                (problem.record == "debtor" and partner and partner in batch_partners)
                or (problem.record == "document" and problem.key in batch_numbers)
            ):
                continue
            result.append(self._dfb_problem_message(problem, labels, partner))
        return result

    def _dfb_stamp_debtors(self, batch):
        """Remember the debtor records the file of ``batch`` carried (called on confirm, after the file was
        written, from the same prepared data): per batch (so that a cancel can restore the previous fingerprint)
        and on the customer."""
        self.ensure_one()
        data = self._dfb_data(batch)
        stamps = {data["debtor_partners"][debtor["debtor_ref"]]: self._dfb_debtor_hash(debtor)
                  for debtor in data["debtors"]}  # fmt: skip
        # sudo: Factoring Users confirm batches without the right to edit customers; the stamp is the system's record.
        self.env["factoring.batch.dfb.debtor"].sudo().create(
            [
                {"batch_id": batch.id, "partner_id": partner.id, "fingerprint": fingerprint}
                for partner, fingerprint in stamps.items()
            ]
        )
        for partner, fingerprint in stamps.items():
            partner.with_company(batch.company_id).sudo().write({"factor_dfb_hash": fingerprint})
