# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The transfer wizard with many candidates (a company's whole open ledger, 20,000 documents): it opens with counts,
totals and the left-out reasons grouped instead of thousands of rows, and lists the documents on demand in paged
lists (stored lines, read page by page by the web client)."""

from collections import Counter

from odoo import api, fields, models

# Up to this many candidate documents, the wizard lists them at once, as before.
INLINE_LIMIT = 500


class FactoringTransfer(models.TransientModel):
    _inherit = "factoring.transfer"

    candidate_count = fields.Integer(compute="_compute_summary", string="Candidates")
    many_candidates = fields.Boolean(compute="_compute_summary")
    reason_summary = fields.Text(compute="_compute_summary", string="Left Out, by Reason")
    page_selected_line_ids = fields.One2many(
        "factoring.transfer.line", "wizard_id", string="Documents to Transfer (all)", domain=[("reason", "=", False)]
    )
    page_excluded_line_ids = fields.One2many(
        "factoring.transfer.line", "wizard_id", string="Left Out (all)", domain=[("reason", "!=", False)]
    )
    lines_listed = fields.Boolean(readonly=True)

    def _has_many_candidates(self):
        """More candidates than the wizard lists at once (one count query)."""
        self.ensure_one()
        if not (self.factor_id and self.cutoff_date):
            return False
        factor = self.factor_id.with_company(self.factor_id.company_id)
        domain = factor._get_transfer_candidate_domain(self.restrict_move_ids or None)
        return factor.env["account.move"].search_count(domain, limit=INLINE_LIMIT + 1) > INLINE_LIMIT

    @api.depends("factor_id", "cutoff_date", "restrict_move_ids")
    def _compute_line_ids(self):
        # EXTENDS factoring_base: many candidates are not built as rows of the form
        many = self.filtered(lambda wizard: wizard._has_many_candidates())
        for wizard in many:
            wizard.line_ids = self.env["factoring.transfer.line"]
        return super(FactoringTransfer, self - many)._compute_line_ids()

    @api.depends("line_ids", "factor_id", "cutoff_date", "restrict_move_ids")
    def _compute_summary(self):
        # EXTENDS factoring_base: counts, totals and reasons of many candidates from the candidates themselves
        many = self.filtered(lambda wizard: wizard._has_many_candidates())
        few = self - many
        res = super(FactoringTransfer, few)._compute_summary()
        for wizard in few:
            wizard.candidate_count = len(wizard.line_ids)
            wizard.many_candidates = False
            wizard.reason_summary = wizard._format_reasons(wizard.excluded_line_ids.mapped("reason"))
        Line = self.env["factoring.transfer.line"]
        for wizard in many:
            candidates = wizard._get_candidates()
            going = self.env["account.move"].browse([move.id for move, reason in candidates if not reason])
            reasons = [reason for _move, reason in candidates if reason]
            wizard.update(
                {
                    "selected_line_ids": Line,
                    "excluded_line_ids": Line,
                    "selected_count": len(going),
                    "excluded_count": len(reasons),
                    "candidate_count": len(candidates),
                    "many_candidates": True,
                    "summary": wizard._format_totals(going),
                    "reason_summary": wizard._format_reasons(reasons),
                }
            )
        return res

    def _format_reasons(self, reasons):
        """One line per reason, most frequent first: how many documents are left out for it."""
        return "\n".join(
            self.env._("%(count)s × %(reason)s", count=count, reason=reason)
            for reason, count in Counter(reasons).most_common()
        )

    def action_list_documents(self):
        """Store the candidates as lines of the (saved) wizard and show them in paged lists."""
        self.ensure_one()
        candidates = self._get_candidates()
        going = self.env["account.move"].browse([move.id for move, reason in candidates if not reason])
        notes = self.factor_id._get_transfer_notes(going) if going else {}
        self.page_selected_line_ids.unlink()
        self.page_excluded_line_ids.unlink()
        self.env["factoring.transfer.line"].create(
            [
                {"wizard_id": self.id, "move_id": move.id, "reason": reason, "note": notes.get(move, False)}
                for move, reason in candidates
            ]
        )
        self.lines_listed = True
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Transfer to Factor"),
        }
