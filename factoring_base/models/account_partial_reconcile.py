# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_factoring_reconciliation(self):
        """Two kinds of reconciliation are undone only by cancelling their batch or settlement, never by hand:

        - one made by a transfer batch or a settlement (one of its lines is on their journal entries): unreconciled,
          the factor's clearing account would no longer match what is open at the factor;
        - any reconciliation of the receivable of a document the factor holds (in a confirmed or sent batch), such as
          a payment or a credit note matched with it before the transfer: the factor bought what was open then, so
          reopening part of the receivable would leave a transferred document open at the company.

        Every way of unreconciling (the *Unreconcile* action, ``remove_move_reconcile``, a reversal that cancels,
        deleting a line) ends here."""
        moves = (self.debit_move_id | self.credit_move_id).move_id
        owners = moves._get_factoring_entry_owners()
        cancelled_by_owner = moves._get_factoring_cancelled_by_owner()
        held = moves.filtered(
            lambda move: any(line.batch_state in ("confirmed", "sent") for line in move.factoring_batch_line_ids)
        )
        refused = {}
        held_refused = {}
        for partial in self:
            entries = (partial.debit_move_id.move_id | partial.credit_move_id.move_id).filtered(
                lambda move: move in owners
            )
            if entries & cancelled_by_owner:
                continue
            pair = f"{partial.debit_move_id.move_id.name} / {partial.credit_move_id.move_id.name}"
            if entries:
                # The reconciliation was made when the later of its entries was posted: by that entry's owner.
                refused.setdefault(owners[max(entries, key=lambda move: move.id)], []).append(pair)
                continue
            documents = (partial.debit_move_id | partial.credit_move_id).filtered(
                lambda aml: aml.account_id.account_type == "asset_receivable" and aml.move_id in held
            ).move_id
            for document in documents:
                held_refused.setdefault(document, []).append(pair)
        messages = []
        if refused:
            messages.append(self.env._(
                "Unreconciling is not possible: the reconciliations of %(pairs)s were made by %(owners)s, which keeps "
                "the factor's clearing account equal to what is open at the factor. They are undone only by cancelling "
                "%(owners)s (it reverses its entry).",
                pairs=", ".join(pair for pairs in refused.values() for pair in pairs),
                owners=", ".join(sorted(refused)),
            ))
        if held_refused:
            batches = self.env["factoring.batch.line"].search([
                ("move_id", "in", [document.id for document in held_refused]),
                ("batch_state", "in", ("confirmed", "sent")),
            ]).batch_id
            messages.append(self.env._(
                "Unreconciling is not possible: %(docs)s are held by the factor (batches %(batches)s), who bought what "
                "was open at the transfer; reopening part of their receivable would leave a transferred document open "
                "at the company. Cancel the batch first. Reconciliations: %(pairs)s.",
                docs=", ".join(document.name for document in held_refused),
                batches=", ".join(batches.mapped("name")),
                pairs=", ".join(dict.fromkeys(pair for pairs in held_refused.values() for pair in pairs)),
            ))
        if messages:
            raise UserError("\n".join(messages))
