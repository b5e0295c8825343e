# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cancelling a settlement undoes what posting did, and only that; a cancelled one may be reset to draft."""

from odoo import Command, models
from odoo.exceptions import UserError


class FactoringSettlement(models.Model):
    _inherit = "factoring.settlement"  # pylint: disable=consider-merging-classes-inherited

    def action_cancel(self):
        for settlement in self:
            if settlement.state == "posted":
                settlement.posted2cancelled()
            elif settlement.state == "draft":
                settlement._write_transition({"state": "cancelled"})
        return True

    def posted2cancelled(self):
        """Undo what posting did, and only that: reverse the entry (the items are open again) and undo the
        reconciliation of the bank transaction recorded at posting, whatever is linked now."""
        self.ensure_one()
        self._check_cancel_keeps_transfers()
        # Only the settlement's cancel undoes its reconciliations (see account.partial.reconcile).
        owner_cancel = self.move_id._get_factoring_owner_cancel_context()
        st_lines = self._get_reconciled_statement_lines()
        if st_lines:
            # sudo: Factoring Users reconcile the transaction at posting (through the entry's lines) without the
            # right to edit bank transactions; undoing the settlement's own reconciliation resets its lines.
            st_lines.sudo().with_context(**owner_cancel).action_undo_reconciliation()
        reversal = self.move_id.with_context(**owner_cancel)._reverse_moves(
            [{"date": self.date, "ref": self.env._("Reversal of %(name)s", name=self.move_id.name)}], cancel=True
        )
        self._write_transition({"state": "cancelled", "reversal_move_id": reversal.id})
        return reversal

    def _check_cancel_keeps_transfers(self):
        """A customer receivable this settlement credited is reopened by its cancel. When the rest of that document
        was transferred and rebooked to the factor since, reopening part of its receivable would leave a transferred
        document open at the company. The batch is cancelled first. (For a factor that does not rebook, the
        receivable is the item at the factor: reopening it is what cancelling the settlement means.)"""
        self.ensure_one()
        transferred = self.line_ids.filtered(
            lambda line: line.item_type == "receivable"
            and line.document_id.factoring_batch_id.state in ("confirmed", "sent")
            and line.document_id.factoring_batch_id.move_id  # rebooked: the rest of its receivable is at the factor
        ).document_id
        if transferred:
            raise UserError(
                self.env._(
                    "Settlement %(settlement)s cannot be cancelled: %(docs)s were transferred to the factor after it "
                    "settled part of their receivable (batches %(batches)s). Cancel those batches first.",
                    settlement=self.name,
                    docs=", ".join(transferred.mapped("display_name")),
                    batches=", ".join(transferred.factoring_batch_id.mapped("name")),
                )
            )

    def _get_reconciled_statement_lines(self):
        """The bank transaction that posting reconciled, if it is still reconciled with the settlement entry.

        Settlements posted before the transaction was recorded: the transactions reconciled with the entry."""
        self.ensure_one()
        entry_lines = self.move_id.line_ids
        partials = entry_lines.matched_debit_ids | entry_lines.matched_credit_ids
        counterparts = (partials.debit_move_id | partials.credit_move_id) - entry_lines
        reconciled = counterparts.move_id.statement_line_id
        if self.reconciled_statement_line_id:
            return reconciled & self.reconciled_statement_line_id
        return reconciled

    def action_draft(self):
        for settlement in self.filtered(lambda s: s.state == "cancelled"):
            earlier = settlement.move_id | settlement.reversal_move_id
            settlement._write_transition({
                "state": "draft",
                "move_id": False,
                "reversal_move_id": False,
                "reconciled_statement_line_id": False,
                "earlier_move_ids": [Command.link(move.id) for move in earlier],
            })
        return True
