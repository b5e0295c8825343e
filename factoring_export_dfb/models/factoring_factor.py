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
# Debtor fields whose absence factoring_base's debtor check already reports for the batch's debtors.
_BASE_CHECKED_DEBTOR_FIELDS = frozenset({"street", "zip", "city", "country"})
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
        documents = [
            {
                "doc_type": "credit_note" if move_type == "out_refund" else "invoice",
                "number": name,
                "date": date,
                "due_date": due,
                "payment_days": (due - date).days if date and due else None,
                "debtor_ref": refs[partner_id],
                "currency": currency,
                "amount_total": abs(amount_total or 0),
                "amount_tax": abs(amount_tax or 0),
                "origin_number": origin or "",
                "order_ref": ref or "",
            }
            for _id, name, move_type, date, due, partner_id, currency, amount_total, amount_tax, origin, ref in rows
        ]
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
        self.ensure_one()
        problems = []
        if not self.client_number:
            problems.append(self.env._("Factor %(factor)s has no client number.", factor=self.display_name))
        data = self._dfb_write(batch)
        for partner in data["partners_without_ref"]:
            problems.append(
                self.env._("Debtor %(partner)s has no debtor number at the factor (or internal reference).",
                           partner=partner.display_name)
            )
        return problems + self._dfb_problem_messages(data["problems"], data, batch)

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

    def _dfb_problem_messages(self, problems, data, batch):
        """The writer's problems as translated sentences naming the document or debtor and the field; problems that
        another check names already (no debtor number; an address field of a batch debtor) are left out."""
        labels = self._dfb_field_labels()
        batch_partners = batch.line_ids.partner_id
        result = []
        for problem in problems:
            partner = data["debtor_partners"].get(problem.key) if problem.record == "debtor" else None
            if problem.code == "missing" and (
                problem.field == "debtor_number"
                or (partner and partner in batch_partners and problem.field in _BASE_CHECKED_DEBTOR_FIELDS)
            ):
                continue
            field, message = labels.get(problem.field, problem.field), self._dfb_problem_text(problem)
            if problem.record == "debtor":
                result.append(self.env._("Debtor %(debtor)s, %(field)s: %(message)s",
                                         debtor=partner.display_name if partner else problem.key, field=field,
                                         message=message))
            elif problem.record == "document":
                result.append(self.env._("Document %(doc)s, %(field)s: %(message)s", doc=problem.key, field=field,
                                         message=message))
            else:
                result.append(self.env._("File %(record)s, %(field)s: %(message)s", record=problem.record,
                                         field=field, message=message))
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
