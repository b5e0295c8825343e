# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What no one can do to a transfer batch: move it back, rewrite what it sent or booked, set its state or upload
status by hand, change what its file and entry were made of, or delete it once it may have reached the factor."""

from odoo import api, models
from odoo.exceptions import UserError

# The states a batch may move to from each state: a batch never goes back.
NEXT_STATES = {
    "draft": ("confirmed", "cancelled"),
    "confirmed": ("sent", "cancelled"),
    "sent": ("cancelled",),
    "cancelled": (),
}

# Set when the batch is confirmed, sent or cancelled, never cleared: a batch with one of them may have reached the
# factor or the books, so it is never deleted and none of them is changed or removed afterwards.
HISTORY_FIELDS = {"file_ids", "file_sequence", "move_id", "reversal_move_id", "confirmed_date", "sent_date"}
# Written by the batch's own methods only (confirming, sending, uploading, cancelling), never by a user's write: a
# user setting the state would skip the file, the rebooking entry or its reversal. With the history fields of
# ``_get_history_fields``.
OWN_FIELDS = {
    "state", "confirmed_by_id", "sent_by_id",
    "upload_error", "upload_attempts", "upload_last_try", "upload_next_try", "upload_needs_attention",
}
# What the file and the entry were made of: fixed once the batch left the draft state.
FROZEN_FIELDS = {"name", "factor_id", "currency_id", "date", "cutoff_date"}
OWN_WRITE_KEY = "factoring_batch_own_write"


class FactoringBatchOwnWrite:
    """Marks a write made by the batch's own methods (``factoring.batch._own``). A context sent over RPC holds JSON
    values, never an instance of this class, so no client can pass it."""


class FactoringBatch(models.Model):
    _inherit = "factoring.batch"  # pylint: disable=consider-merging-classes-inherited

    def write(self, vals):
        # EXTENDS base: a batch only moves forward, and what it sent or booked stays with it (see ``_check_history``)
        if "state" in vals:
            backwards = self.filtered(lambda b: vals["state"] != b.state and vals["state"] not in NEXT_STATES[b.state])
            if backwards:
                raise UserError(
                    self.env._("A batch only moves forward (draft, confirmed, sent, cancelled): %(batches)s",
                               batches=", ".join(backwards.mapped("name")))
                )
        self._check_own_and_frozen_fields(vals)
        history = {batch: batch._get_history() for batch in self} if self._get_history_fields() & vals.keys() else {}
        res = super().write(vals)
        for batch, before in history.items():
            batch._check_history(before)
        return res

    def _get_history_fields(self):
        """The fields of ``HISTORY_FIELDS`` (extended by other files: the fees entry)."""
        return HISTORY_FIELDS

    def _own(self):
        """These batches as their own methods write them (the fields of ``OWN_FIELDS``)."""
        return self.with_context(**{OWN_WRITE_KEY: FactoringBatchOwnWrite()})

    def _check_own_and_frozen_fields(self, vals):
        """Users (the superuser aside) never write the state, what the batch sent or booked, or its upload status:
        only its actions do. What the file and entry were made of is fixed after the draft state."""
        own = (self._get_history_fields() | OWN_FIELDS) & vals.keys()
        if own and not self.env.su and not isinstance(self.env.context.get(OWN_WRITE_KEY), FactoringBatchOwnWrite):
            raise UserError(
                self.env._("%(fields)s of a batch change only through its actions (confirm, send, upload, cancel).",
                           fields=", ".join(sorted(self._fields[f]._description_string(self.env) for f in own)))
            )
        frozen = FROZEN_FIELDS & vals.keys()
        done = self.filtered(lambda batch: batch.state != "draft") if frozen else self.browse()
        if done:
            raise UserError(
                self.env._("%(fields)s of a confirmed, sent or cancelled batch cannot be changed: %(batches)s",
                           fields=", ".join(sorted(self._fields[f]._description_string(self.env) for f in frozen)),
                           batches=", ".join(done.mapped("name")))
            )

    def _get_history(self):
        """What the batch sent or booked so far: {field: value} of the history fields that are set."""
        self.ensure_one()
        return {fname: self[fname] for fname in self._get_history_fields() if self[fname]}

    def _check_history(self, before):
        """Refuse a change that removes or replaces a file, entry, file number or date the batch had."""
        self.ensure_one()
        changed = [
            self._fields[fname].get_description(self.env)["string"]
            for fname, value in before.items()
            if (value - self[fname] if fname == "file_ids" else value != self[fname])
        ]
        if changed:
            raise UserError(
                self.env._("Batch %(batch)s keeps what it sent to the factor and booked; these cannot be changed "
                           "or removed: %(fields)s", batch=self.name, fields=", ".join(changed))
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_untouched(self):
        """Only a batch that never had a file or an entry (a draft, or a cancelled draft) is deleted; the others are
        kept (cancelled) for audit.

        Odoo would delete a batch's files with it (attachments go with their record): the factor may hold them.
        """
        kept = self.filtered(lambda batch: batch.state in ("confirmed", "sent") or batch._get_history())
        if kept:
            raise UserError(
                self.env._("Only draft batches that never had a file or an entry can be deleted; cancel the others "
                           "instead, they stay for audit with their files: %(batches)s",
                           batches=", ".join(kept.mapped("name")))
            )
