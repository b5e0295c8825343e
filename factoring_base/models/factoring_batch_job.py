# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A large batch is confirmed in the background (see ``factoring_background``): the job runs ``draft2confirmed``,
the same method as *Confirm* in the request, in one transaction."""

from psycopg2 import errors as pg_errors

from odoo import api, models


class FactoringBatch(models.Model):
    _name = "factoring.batch"
    _inherit = ["factoring.batch", "factoring.background.mixin"]  # pylint: disable=consider-merging-classes-inherited

    _job_cron_xmlid = "factoring_base.ir_cron_factoring_batch_jobs"

    def _job_size(self):
        return self.line_count

    def _job_execute(self):
        self.draft2confirmed()

    def _job_title(self):
        return self.env._("Being confirmed in the background.")

    def _job_done_message(self):
        return self.env._(
            "Batch %(batch)s confirmed in the background: %(count)s documents.", batch=self.name, count=self.line_count
        )

    def _job_prepare(self):
        """Take the factor's lock before confirming (its daily file number); False when another confirmation of
        the factor holds it: the job waits for its end instead of failing with "Another user is confirming"."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM factoring_factor WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED", [self.factor_id.id]
                )
                return bool(self.env.cr.fetchone())
        except pg_errors.SerializationFailure:
            return False

    def action_confirm(self):
        # EXTENDS factoring_base: a batch of many documents is confirmed by the scheduled action
        background = self.filtered(lambda batch: batch.state == "draft" and batch._job_wanted())
        if background:
            background._job_enqueue()
        return super(FactoringBatch, self - background).action_confirm()

    def draft2confirmed(self):
        # EXTENDS factoring_base: a queued batch is confirmed by its job only
        if not self.env.context.get("factoring_job"):
            self._job_check_idle()
        self._job_report(self.env._("Checking %(count)s documents", count=self.line_count), 1, 5)
        res = super().draft2confirmed()
        if self.job_state == "failed":  # confirmed at last: the errors of an earlier attempt are history
            self.sudo().write({"job_state": False, "job_error": False})
        return res

    def _attach_files(self, files):
        self._job_report(self.env._("Attaching the factor's file"), 3, 5)
        return super()._attach_files(files)

    def _create_rebooking_move(self):
        self._job_report(self.env._("Posting and reconciling the rebooking entry"), 4, 5)
        return super()._create_rebooking_move()

    def _stamp_partners(self):
        self._job_report(self.env._("Finishing"), 5, 5)
        return super()._stamp_partners()

    def _allocate_file_sequence(self):
        self._job_report(self.env._("Writing the factor's file"), 2, 5)
        return super()._allocate_file_sequence()

    def _cancel(self):
        self._job_check_idle()
        return super()._cancel()

    @api.ondelete(at_uninstall=False)
    def _unlink_not_queued(self):
        self._job_check_idle()


class FactoringBatchLine(models.Model):
    _inherit = "factoring.batch.line"

    @api.model
    def _check_batches_draft(self, batches):
        # EXTENDS factoring_base: the documents of a batch being confirmed in the background do not change (its job
        # refreshes their figures from the documents, see ``_lock_documents``)
        if not self.env.context.get("factoring_job"):
            batches.exists()._job_check_idle()
        return super()._check_batches_draft(batches)
