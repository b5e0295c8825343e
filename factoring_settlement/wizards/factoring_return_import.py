# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Import of the factor's return file: every row is checked first; one bad row and nothing is imported."""

from collections import defaultdict
from typing import NamedTuple

from odoo import Command, fields, models
from odoo.exceptions import UserError

from .factoring_file_import import normalize


class ReturnProblem(NamedTuple):
    """A row of the return file that cannot be taken, and why (kind: unmatched, ambiguous or invalid)."""

    row: int
    key: str  # the document or debtor number of the row
    kind: str
    message: str


class FactoringReturnImport(models.TransientModel):
    _name = "factoring.return.import"
    _inherit = "factoring.file.import"
    _description = "Import a Factor Return File"
    _mapping_kind = "return"

    factor_id = fields.Many2one("factoring.factor", required=True)
    mapping_id = fields.Many2one(
        "factoring.statement.mapping",
        string="Column Mapping",
        compute="_compute_mapping_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        domain="[('factor_id', '=', factor_id), ('kind', '=', 'return')]",
    )
    file = fields.Binary(string="Return File", help="CSV or XLSX file of the factor's answer to transfers.")
    date = fields.Date(
        string="Import Date",
        required=True,
        default=fields.Date.context_today,
        help="Date of the return entry, and of the answers whose row gives no date.",
    )

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------
    def _get_documents_by_number(self):
        """Normalized document number or payment reference -> documents the factor holds (confirmed or sent
        batches)."""
        lines = self.env["factoring.batch.line"].search(
            [("batch_id.factor_id", "=", self.factor_id.id), ("batch_state", "in", ("confirmed", "sent"))]
        )
        by_number = defaultdict(set)
        for line in lines:
            for number in {line.move_name, line.move_id.payment_reference}:
                if number and number != "/":
                    by_number[normalize(number)].add(line.move_id.id)
        return by_number

    def _get_batch_line(self, move):
        """The transfer of ``move`` the answer is for: its latest one not answered yet, else its latest one."""
        lines = move.factoring_batch_line_ids.filtered(
            lambda line: line.batch_state in ("confirmed", "sent") and line.batch_id.factor_id == self.factor_id
        ).sorted("id")
        return (lines.filtered(lambda line: not line.factor_answer) or lines)[-1:]

    def _get_debtors(self, number):
        partners = self.env["res.partner"].with_company(self.factor_id.company_id).search(
            [("factor_debtor_ref", "=", number), ("factor_id", "=", self.factor_id.id)]
        )
        return partners.commercial_partner_id

    def _read_answer(self, number, cells, by_number):
        """Row ``number``'s answer: (batch line, values of its return line), None for a row without document,
        or a ReturnProblem."""
        document = self._cell_text(cells.get("column_document"))
        if not document:
            return None
        mapping = self.mapping_id
        candidates = by_number.get(normalize(document), set())
        if not candidates:
            return ReturnProblem(number, document, "unmatched",
                                 self.env._("No document transferred to the factor has this number."))
        if len(candidates) > 1:
            names = ", ".join(self.env["account.move"].browse(sorted(candidates)).mapped("display_name"))
            return ReturnProblem(number, document, "ambiguous",
                                 self.env._("Several transferred documents match: %(docs)s.", docs=names))
        line = self._get_batch_line(self.env["account.move"].browse(next(iter(candidates))))
        answer_text = self._cell_text(cells.get("column_answer"))
        answer = mapping._parse_answer(answer_text)
        if not answer:
            return ReturnProblem(number, document, "invalid", self.env._(
                "%(value)s is neither an accepted value (%(accepted)s) nor a rejected value (%(rejected)s).",
                value=answer_text or "-", accepted=mapping.accepted_values, rejected=mapping.rejected_values,
            ))
        try:
            answer_date = mapping._parse_date(cells.get("column_answer_date")) or self.date
        except ValueError:
            return ReturnProblem(number, document, "invalid", self.env._(
                "%(value)s is no date in the format %(format)s.",
                value=cells.get("column_answer_date"), format=mapping.date_format,
            ))
        if line.factor_answer:
            return ReturnProblem(number, document, "invalid", self.env._(
                "The factor already answered this transfer (batch %(batch)s): %(answer)s on %(date)s.",
                batch=line.batch_id.name,
                answer=dict(line._fields["factor_answer"]._description_selection(self.env))[line.factor_answer],
                date=line.factor_answer_date,
            ))
        if answer == "rejected" and line.batch_id.move_id:
            clearing = line.batch_id.move_id.line_ids.filtered(
                lambda aml: aml.factoring_source_move_id == line.move_id
                and aml.account_id == self.factor_id.clearing_account_id
            )
            if any(aml.matched_debit_ids or aml.matched_credit_ids for aml in clearing):
                return ReturnProblem(number, document, "invalid", self.env._(
                    "Rejected, but the factor already settled it (its clearing line is reconciled): cancel the "
                    "settlement first."
                ))
        values = {
            "row": number,
            "batch_line_id": line.id,
            "answer": answer,
            "reason": self._cell_text(cells.get("column_answer_reason")) if answer == "rejected" else False,
            "answer_date": answer_date,
        }
        return values

    def _read_limit(self, number, cells):
        """Row ``number``'s debtor limit: values of a limit line, None for a row without debtor or limit, or a
        ReturnProblem."""
        debtor = self._cell_text(cells.get("column_debtor"))
        limit_cell = cells.get("column_limit")
        if not debtor or limit_cell in (None, ""):
            return None
        partners = self._get_debtors(debtor)
        if not partners:
            return ReturnProblem(number, debtor, "unmatched",
                                 self.env._("No customer of the factor has this debtor number."))
        if len(partners) > 1:
            return ReturnProblem(number, debtor, "ambiguous", self.env._(
                "Several customers of the factor have this debtor number: %(partners)s.",
                partners=", ".join(partners.mapped("display_name")),
            ))
        try:
            limit = self.mapping_id._parse_amount(limit_cell)
        except ValueError:
            limit = -1
        if limit is None or limit < 0:
            return ReturnProblem(number, debtor, "invalid",
                                 self.env._("%(value)s is no limit (an amount, not negative).", value=limit_cell))
        return {
            "row": number,
            "partner_id": partners.id,
            "old_limit": partners.with_company(self.factor_id.company_id).factor_credit_limit,
            "new_limit": limit,
        }

    def _read_file(self):
        """Every answer and limit of the file, or every problem: (answers, limits, problems)."""
        by_number = self._get_documents_by_number()
        answers, limits, problems = [], [], []
        for number, cells in self._read_table():
            answer = self._read_answer(number, cells, by_number)
            limit = self._read_limit(number, cells)
            for result, found in ((answer, answers), (limit, limits)):
                if isinstance(result, ReturnProblem):
                    problems.append(result)
                elif result:
                    found.append(result)
            if answer is None and limit is None:
                problems.append(ReturnProblem(number, "", "invalid",
                                              self.env._("Neither a document nor a debtor with a limit.")))
        # A document or a debtor named by several rows: none of them is taken.
        messages = {
            "batch_line_id": self.env._("Rows %(rows)s name the same document."),
            "partner_id": self.env._("Rows %(rows)s name the same debtor."),
        }
        for found, key in ((answers, "batch_line_id"), (limits, "partner_id")):
            rows = defaultdict(list)
            for values in found:
                rows[values[key]].append(values["row"])
            for record_rows in rows.values():
                if len(record_rows) > 1:
                    message = messages[key] % {"rows": ", ".join(map(str, record_rows))}
                    problems += [ReturnProblem(row, "", "ambiguous", message) for row in record_rows]
        return answers, limits, sorted(problems)

    def action_import(self):
        self.ensure_one()
        answers, limits, problems = self._read_file()
        if problems:
            labels = {
                "unmatched": self.env._("Unknown"),
                "ambiguous": self.env._("Ambiguous"),
                "invalid": self.env._("Invalid"),
            }
            raise UserError(self.env._(
                "The return file %(file)s is not imported, nothing was changed. Correct these rows:\n%(rows)s",
                file=self.filename or "",
                rows="\n".join(
                    self.env._("- Row %(row)s %(key)s: %(kind)s: %(message)s", row=problem.row, key=problem.key,
                               kind=labels[problem.kind], message=problem.message)
                    for problem in problems
                ),
            ))
        if not (answers or limits):
            raise UserError(self.env._("The return file %(file)s holds no answer and no limit.",
                                       file=self.filename or ""))
        name = self.filename or self.env._("Return file of %(date)s", date=self.date)
        # sudo: return files, their answers and limits are read-only records, made only here after every row was
        # checked (never typed or written over RPC); the entry and the chatter are the user's own
        record = self.env["factoring.return"].sudo().create({
            "name": name,
            "factor_id": self.factor_id.id,
            "date": self.date,
            "line_ids": [Command.create(values) for values in answers],
            "limit_ids": [Command.create(values) for values in limits],
        })
        # sudo: the return record is read-only for users (attachments need write access); the file is the system's
        # record of what the factor sent
        attachment = self.env["ir.attachment"].sudo().create({
            "name": name, "datas": self.file, "res_model": record._name, "res_id": record.id,
        })
        record.attachment_id = attachment
        record = record.with_env(self.env)
        record._apply()
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "name": self.env._("Return File"),
        }
