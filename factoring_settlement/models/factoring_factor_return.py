# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.fields import Domain


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    return_ids = fields.One2many("factoring.return", "factor_id", string="Return Files")

    def _get_open_item_domain(self):
        # EXTENDS factoring_settlement: a document the factor rejected is back with the company, not the factor's to
        # settle (a factor without clearing account would otherwise see its open receivable).
        return super()._get_open_item_domain() & Domain("move_id.factoring_state", "!=", "rejected")

    def _get_transfer_candidate_domain(self, moves=None):
        # EXTENDS factoring_base: documents the factor rejected are shown (left out, with the reason).
        rejected = Domain([("factor_id", "=", self.id), ("factoring_state", "=", "rejected")])
        if moves is not None:
            rejected &= Domain("id", "in", moves.ids)
        return super()._get_transfer_candidate_domain(moves) | rejected

    def _get_transfer_rules(self):
        # EXTENDS factoring_base: a rejected document waits for its resubmission, the most telling reason first.
        rules = super()._get_transfer_rules()
        return [rules[0], self._transfer_rule_rejected, *rules[1:]]

    def _transfer_rule_rejected(self, moves, cutoff_date, batch):
        """A document the factor rejected goes again only once a Factoring Manager resubmitted it."""
        return {
            move: self.env._(
                "Rejected by the factor on %(date)s (%(reason)s): waits until a Factoring Manager resubmits it",
                date=move.factor_answer_date,
                reason=move.factor_answer_reason or "-",
            )
            for move in moves
            if move.factoring_state == "rejected"
        }

    def _transfer_rule_other_batch(self, moves, cutoff_date, batch):
        # EXTENDS factoring_base: the batch whose transfer of a document the factor rejected holds it no more.
        reasons = super()._transfer_rule_other_batch(moves, cutoff_date, batch)
        if not reasons:
            return reasons
        domain = [
            ("move_id", "in", [move.id for move in reasons]),
            ("batch_state", "!=", "cancelled"),
            ("factor_answer", "!=", "rejected"),
        ]
        if batch:
            domain.append(("batch_id", "!=", batch.id))
        held = set(self.env["factoring.batch.line"].search(domain).move_id.ids)  # a set: one look-up per document
        return {move: reason for move, reason in reasons.items() if move.id in held}

    def _get_reconciliation_receivable_data(self, date):
        # EXTENDS factoring_base: without a clearing account, a document the factor rejected (by ``date``) is back
        # with the company: not open at the factor, although its receivable is open.
        data = super()._get_reconciliation_receivable_data(date)
        date = fields.Date.to_date(date)
        lines = self.env["factoring.batch.line"].search(
            [("batch_id.factor_id", "=", self.id), ("batch_state", "in", ("confirmed", "sent"))]
        )
        at_factor = lines.filtered(
            lambda line: not (line.factor_answer == "rejected" and line.factor_answer_date <= date)
        ).move_id
        data["documents"] = [doc for doc in data["documents"] if doc["move"] in at_factor]
        return data
