# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .factoring_return import ANSWERS


class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    factoring_state = fields.Selection(
        selection_add=[("transferred",), ("rejected", "Rejected by factor")], ondelete={"rejected": "set default"}
    )
    factoring_return_ids = fields.One2many(
        "factoring.return", "move_id", string="Factor Return Files", readonly=True, copy=False,
        help="On a return entry: the return file whose rejected documents it moves back to the customers.",
    )
    factor_answer = fields.Selection(
        ANSWERS, compute="_compute_factor_answer", store=True, string="Factor's Answer",
        help="The factor's answer to the latest transfer of the document (its return file); empty while none came.",
    )
    factor_answer_reason = fields.Char(compute="_compute_factor_answer", store=True, string="Rejection Reason")
    factor_answer_date = fields.Date(compute="_compute_factor_answer", store=True, string="Answer Date")

    @api.depends("factoring_batch_line_ids.factor_answer", "factoring_batch_line_ids.batch_state")
    def _compute_factor_answer(self):
        for move in self:
            line = move.factoring_batch_line_ids.filtered(
                lambda line: line.batch_state in ("confirmed", "sent")
            ).sorted("id")[-1:]
            move.factor_answer = line.factor_answer
            move.factor_answer_reason = line.factor_answer_reason
            move.factor_answer_date = line.factor_answer_date

    @api.depends("factoring_batch_line_ids.factor_answer", "factoring_batch_line_ids.factor_resubmitted")
    def _compute_factoring_state(self):
        # EXTENDS factoring_base: also depends on the factor's answers.
        return super()._compute_factoring_state()

    def _get_factoring_state(self):
        # EXTENDS factoring_base: a document the factor rejected is *Rejected by factor* until a Factoring Manager
        # resubmits it; then it is to transfer again (while something of it is open).
        state = super()._get_factoring_state()
        if self.state != "posted" or not self.factor_id:
            return state
        held = self.factoring_batch_line_ids.filtered(lambda line: line.batch_state in ("confirmed", "sent"))
        rejected = held.filtered(lambda line: line.factor_answer == "rejected")
        if not rejected or held - rejected:
            return state
        if not all(rejected.mapped("factor_resubmitted")):
            return "rejected"
        residual = self.env["factoring.batch.line"]._get_move_residuals(self)[self][0]
        return "none" if self.currency_id.is_zero(residual) else "to_transfer"

    def action_factoring_resubmit(self):
        """The factor may take the rejected documents after all (data corrected, limit raised): they go with the
        next transfer again."""
        if not self.env.user.has_group("factoring_base.group_factoring_manager"):
            raise AccessError(self.env._("Only a Factoring Manager can resubmit documents the factor rejected."))
        not_rejected = self.filtered(lambda move: move.factoring_state != "rejected")
        if not_rejected:
            raise UserError(
                self.env._("Only documents rejected by the factor can be resubmitted: %(docs)s",
                           docs=", ".join(not_rejected.mapped("display_name")))
            )
        lines = self.factoring_batch_line_ids.return_line_ids.filtered(
            lambda line: line.answer == "rejected" and not line.resubmitted_date
        )
        # sudo: return files are read-only records; the resubmission is recorded on their answers
        lines.sudo().write({"resubmitted_by_id": self.env.uid, "resubmitted_date": fields.Datetime.now()})
        for move in self:
            move.message_post(body=self.env._(
                "Resubmitted to the factor by %(user)s: it goes with the next transfer.", user=self.env.user.name
            ))
        for batch, batch_lines in lines.grouped("batch_id").items():
            batch.message_post(body=self.env._(
                "Resubmitted by %(user)s after the factor's rejection: %(docs)s.",
                user=self.env.user.name, docs=", ".join(batch_lines.move_id.mapped("name")),
            ))
        return True

    def _get_factoring_entry_owners(self):
        # EXTENDS factoring_base: a return entry changes only through its return file (it never does: it stays).
        owners = super()._get_factoring_entry_owners()
        for record in self.env["factoring.return"].sudo().search([("move_id", "in", self.ids)]):
            owners[record.move_id] = self.env._("return file %(file)s", file=record.name)
        return owners
