# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_factoring_reconciliation(self):
        """A reconciliation made by a transfer batch or a settlement (one of its lines is on their journal entries) is
        undone only by cancelling them: unreconciled, the factor's clearing account would no longer match what is
        open at the factor. Every way of unreconciling (the *Unreconcile* action, ``remove_move_reconcile``, a reversal
        that cancels, deleting a line) ends here."""
        moves = (self.debit_move_id | self.credit_move_id).move_id
        owners = moves._get_factoring_entry_owners()
        if not owners:
            return
        cancelled_by_owner = moves._get_factoring_cancelled_by_owner()
        refused = {}
        for partial in self:
            entries = (partial.debit_move_id.move_id | partial.credit_move_id.move_id).filtered(
                lambda move: move in owners
            )
            if not entries or entries & cancelled_by_owner:
                continue
            # The reconciliation was made when the later of its entries was posted: by that entry's owner.
            owner = owners[max(entries, key=lambda move: move.id)]
            pair = f"{partial.debit_move_id.move_id.name} / {partial.credit_move_id.move_id.name}"
            refused.setdefault(owner, []).append(pair)
        if refused:
            raise UserError(
                self.env._(
                    "Unreconciling is not possible: the reconciliations of %(pairs)s were made by %(owners)s, which "
                    "keeps the factor's clearing account equal to what is open at the factor. They are undone only by "
                    "cancelling %(owners)s (it reverses its entry).",
                    pairs=", ".join(pair for pairs in refused.values() for pair in pairs),
                    owners=", ".join(sorted(refused)),
                )
            )
