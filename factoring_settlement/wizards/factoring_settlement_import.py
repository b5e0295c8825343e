# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from typing import NamedTuple

from markupsafe import Markup, escape

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.factoring_statement_mapping import normalize as _normalize

AMOUNT_COLUMNS = ("column_amount", "column_fee", "column_retention", "column_deduction")


class MatchedRow(NamedTuple):
    """A statement row that names one open item: the values it gives the item's settlement line."""

    row: int  # row number in the file (1 = first row)
    document: str
    move_line: object  # account.move.line
    values: dict


class ProblemRow(NamedTuple):
    """A statement row that is not taken, and why (kind: unmatched, ambiguous or invalid)."""

    row: int
    document: str
    kind: str
    message: str


class FactoringSettlementImport(models.TransientModel):
    _name = "factoring.settlement.import"
    _inherit = "factoring.file.import"
    _description = "Import a Factor Statement into a Settlement"
    _mapping_kind = "statement"

    settlement_id = fields.Many2one("factoring.settlement", required=True, ondelete="cascade")
    factor_id = fields.Many2one(related="settlement_id.factor_id")
    mapping_id = fields.Many2one(
        "factoring.statement.mapping",
        string="Column Mapping",
        compute="_compute_mapping_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        domain="[('factor_id', '=', factor_id), ('kind', '=', 'statement')]",
    )
    file = fields.Binary(string="Statement File", help="CSV or XLSX file of the factor's statement.")
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", required=True)
    matched_count = fields.Integer(readonly=True)
    problem_count = fields.Integer(readonly=True)
    result = fields.Html(readonly=True, sanitize=False)

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------
    def _get_open_items_by_number(self):
        """Normalized document number or payment reference -> open items (journal items) of the factor."""
        settlement = self.settlement_id
        domain = settlement.factor_id._get_open_item_domain() & fields.Domain(
            "currency_id", "=", settlement.currency_id.id
        )
        items = self.env["account.move.line"].search(domain)
        by_number = defaultdict(set)
        for aml in items:
            for number in self._get_item_numbers(aml):
                if number and number != "/":
                    by_number[_normalize(number)].add(aml.id)
        return by_number

    def _get_item_numbers(self, aml):
        """The numbers by which a statement row names the open item ``aml``: its document's number and payment
        reference."""
        document = aml.factoring_source_move_id or aml.move_id
        return {document.name, document.payment_reference}

    def _select_by_sign(self, candidates, cells):
        """Of several open items a row names, those whose open amount has the sign of the row's amount (an
        invoice's item and a credit item of the same document, such as a payment received by us that the factor
        deducts). All of them if the row has no amount or it cannot be read (the row is then left out as it is)."""
        try:
            amount = self.mapping_id._parse_amount(cells.get("column_amount"))
        except ValueError:
            return candidates
        if not amount:
            return candidates
        items = self.env["account.move.line"].browse(sorted(candidates))
        same_sign = items.filtered(lambda aml: (aml.amount_residual_currency > 0) == (amount > 0))
        return set(same_sign.ids) or candidates

    def _find_reason(self, text):
        reasons = self.env["factoring.deduction.reason"].search(
            [("company_id", "in", [False, self.settlement_id.company_id.id])]
        )
        key = _normalize(text)
        found = reasons.filtered(lambda r: _normalize(r.code) == key) or reasons.filtered(
            lambda r: _normalize(r.name) == key
        )
        return found

    def _read_statement_row(self, number, cells, by_number):
        """Row ``number`` of the statement (``cells``: mapping column -> cell value) as a MatchedRow, or the
        ProblemRow that keeps it out."""
        document = self._cell_text(cells.get("column_document"))
        if not document:
            return ProblemRow(number, "", "invalid", self.env._("No document number."))
        candidates = by_number.get(_normalize(document), set())
        if len(candidates) > 1:
            candidates = self._select_by_sign(candidates, cells)
        if not candidates:
            return ProblemRow(number, document, "unmatched", self.env._("No open item of the factor has this number."))
        if len(candidates) > 1:
            names = ", ".join(self.env["account.move.line"].browse(sorted(candidates)).mapped("display_name"))
            return ProblemRow(
                number, document, "ambiguous", self.env._("Several open items match: %(items)s.", items=names)
            )
        aml = self.env["account.move.line"].browse(next(iter(candidates)))
        try:
            amounts = {fname: self.mapping_id._parse_amount(cells.get(fname)) for fname in AMOUNT_COLUMNS}
        except ValueError as error:
            return ProblemRow(number, document, "invalid", self.env._("%(value)s is no amount.", value=error.args[0]))
        currency = self.settlement_id.currency_id
        open_amount = aml.amount_residual_currency
        settled = open_amount if amounts["column_amount"] is None else amounts["column_amount"]
        if (settled > 0) != (open_amount > 0) or currency.compare_amounts(abs(settled), abs(open_amount)) > 0:
            message = self.env._(
                "Amount %(amount)s does not fit the open amount %(open)s.",
                amount=currency.format(settled),
                open=currency.format(open_amount),
            )
            return ProblemRow(number, document, "invalid", message)
        values = {
            "amount_settled": settled,
            "fee_amount": amounts["column_fee"] or 0.0,
            "retention_amount": amounts["column_retention"] or 0.0,
            "deduction_amount": amounts["column_deduction"] or 0.0,
        }
        reason_text = self._cell_text(cells.get("column_reason"))
        if reason_text:
            reason = self._find_reason(reason_text)
            if len(reason) != 1:
                message = self.env._("Deduction reason %(reason)s is unknown or not unique.", reason=reason_text)
                return ProblemRow(number, document, "invalid", message)
            values["deduction_reason_id"] = reason.id
        return MatchedRow(number, document, aml, values)

    def action_import(self):
        self.ensure_one()
        settlement = self.settlement_id
        if settlement.state != "draft":
            raise UserError(self.env._("A statement can only be imported into a draft settlement."))
        table = self._read_table()
        by_number = self._get_open_items_by_number()
        matched, problems = [], []
        for number, cells in settlement._job_items(table):
            result = self._read_statement_row(number, cells, by_number)
            if isinstance(result, MatchedRow):
                matched.append(result)
            else:
                problems.append(result)
        # An item named by several rows: none of them is taken.
        rows_by_item = defaultdict(list)
        for match in matched:
            rows_by_item[match.move_line].append(match)
        accepted = []
        for rows_of_item in rows_by_item.values():
            if len(rows_of_item) == 1:
                accepted += rows_of_item
                continue
            message = self.env._(
                "Rows %(rows)s name the same open item.", rows=", ".join(str(match.row) for match in rows_of_item)
            )
            problems += [ProblemRow(match.row, match.document, "ambiguous", message) for match in rows_of_item]
        self._apply(accepted)
        problems.sort()
        self.write(
            {
                "state": "done",
                "matched_count": len(accepted),
                "problem_count": len(problems),
                "result": self._format_result(accepted, problems),
            }
        )
        settlement.message_post(
            body=Markup("<p>%s</p>") % self.env._("Statement %(file)s imported.", file=self.filename or "")
            + self.result
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Statement Import Result"),
        }

    def _apply(self, accepted):
        """Update the items already in the settlement, add the others in one create."""
        settlement = self.settlement_id
        existing = {line.move_line_id: line for line in settlement.line_ids}
        to_create = []
        for match in accepted:
            if match.move_line in existing:
                existing[match.move_line].write(match.values)
            else:
                to_create.append({"settlement_id": settlement.id, "move_line_id": match.move_line.id, **match.values})
        self.env["factoring.settlement.line"].create(to_create)

    def _format_result(self, accepted, problems):
        labels = {
            "unmatched": self.env._("Unmatched"),
            "ambiguous": self.env._("Ambiguous"),
            "invalid": self.env._("Invalid"),
        }
        html = Markup("<p>%s</p>") % self.env._(
            "%(matched)s rows matched and taken into the settlement, %(problems)s rows not taken.",
            matched=len(accepted),
            problems=len(problems),
        )
        if problems:
            body = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (problem.row, escape(problem.document), labels[problem.kind], escape(problem.message))
                for problem in problems
            )
            html += Markup(
                "<table class='table table-sm'><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
                "</thead><tbody>%s</tbody></table>"
            ) % (
                self.env._("Row"),
                self.env._("Document"),
                self.env._("Problem"),
                self.env._("Details"),
                body,
            )
        return html
