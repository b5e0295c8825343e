# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Transfer batches and the factor's return file: each batch line carries the factor's answer for its document.

A rejected document's receivable is on the return entry (see factoring_return.py): its open amount and, when it is
resubmitted, the receivable the next batch moves to the factor are the document's own open receivable plus the
open customer lines of return entries naming it.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .factoring_return import ANSWERS


class FactoringBatchLine(models.Model):
    _inherit = "factoring.batch.line"

    return_line_ids = fields.One2many("factoring.return.line", "batch_line_id", string="Factor's Answers",
                                      readonly=True)
    # Stored computes (written by the ORM, not through write()): the batch's documents stay frozen once confirmed,
    # the answer comes from the return file's records.
    factor_answer = fields.Selection(ANSWERS, compute="_compute_factor_answer", store=True, string="Factor's Answer")
    factor_answer_reason = fields.Char(compute="_compute_factor_answer", store=True, string="Rejection Reason")
    factor_answer_date = fields.Date(compute="_compute_factor_answer", store=True, string="Answer Date")
    factor_resubmitted = fields.Boolean(compute="_compute_factor_answer", store=True, string="Resubmitted")

    # EXTENDS factoring_base: a rejected document leaves the factor's batch: it may go in a new batch once
    # resubmitted (the transfer rules keep it out until then).
    _move_once = models.UniqueIndex(
        "(move_id) WHERE batch_state != 'cancelled' AND factor_answer IS DISTINCT FROM 'rejected'",
        "A document can belong to one active transfer batch only.",
    )

    @api.depends("return_line_ids.answer", "return_line_ids.resubmitted_date")
    def _compute_factor_answer(self):
        for line in self:
            answer = line.return_line_ids.sorted("id")[-1:]
            line.factor_answer = answer.answer
            line.factor_answer_reason = answer.reason
            line.factor_answer_date = answer.answer_date
            line.factor_resubmitted = bool(answer.resubmitted_date)

    @api.model
    def _get_returned_receivables(self, moves):
        """The open customer lines of return entries naming ``moves``: {move: lines}."""
        lines = self.env["account.move.line"].search([
            ("factoring_source_move_id", "in", moves.ids),
            ("move_id.factoring_return_ids", "!=", False),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("account_id.account_type", "=", "asset_receivable"),
        ])
        lines = lines.filtered(lambda aml: aml.account_id != aml.factoring_source_move_id.factor_id.clearing_account_id)
        return lines.grouped("factoring_source_move_id")

    @api.model
    def _get_move_residuals(self, moves):
        # EXTENDS factoring_base: a rejected document is open by what its return entry gave back to the customer.
        residuals = super()._get_move_residuals(moves)
        for move, lines in self._get_returned_receivables(moves).items():
            residual, residual_company = residuals[move]
            residuals[move] = (
                residual + abs(sum(lines.mapped("amount_residual_currency"))),
                residual_company + abs(sum(lines.mapped("amount_residual"))),
            )
        return residuals


class FactoringBatch(models.Model):
    _inherit = "factoring.batch"  # pylint: disable=consider-merging-classes-inherited

    return_line_ids = fields.One2many("factoring.return.line", "batch_id", string="Factor's Answers", readonly=True)

    def _get_open_receivables(self):
        # EXTENDS factoring_base: a resubmitted document's receivable is (also) on its return entry.
        receivables = super()._get_open_receivables()
        for move, lines in self.env["factoring.batch.line"]._get_returned_receivables(self.line_ids.move_id).items():
            receivables[move] = receivables.get(move, self.env["account.move.line"]) | lines
        return receivables

    def _reverse_rebooking_move(self):
        # EXTENDS factoring_base: the return entry already took the rejected documents back from the factor (its
        # reconciliation with the rebooking stays): the batch cannot be undone as a whole any more.
        rejected = self.line_ids.filtered(lambda line: line.factor_answer == "rejected")
        if rejected:
            raise UserError(
                self.env._(
                    "Batch %(batch)s cannot be cancelled: the factor rejected %(docs)s and the return entry already "
                    "moved them back to the customers. The factor holds the other documents.",
                    batch=self.name,
                    docs=", ".join(rejected.mapped("move_name")),
                )
            )
        return super()._reverse_rebooking_move()
