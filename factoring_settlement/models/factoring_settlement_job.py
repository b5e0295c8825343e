# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A large settlement is posted in the background (``factoring.background.mixin`` of factoring_base): the job runs
``draft2posted``, the same method as *Post* in the request, in one transaction."""

from odoo import api, models

from .factoring_settlement import FROZEN_FIELDS


class FactoringSettlement(models.Model):
    _name = "factoring.settlement"
    _inherit = ["factoring.settlement", "factoring.background.mixin"]  # pylint: disable=consider-merging-classes-inherited

    _job_cron_xmlid = "factoring_settlement.ir_cron_factoring_settlement_jobs"

    def _job_size(self):
        return len(self.line_ids) + len(self.other_ids)

    def _job_execute(self):
        self.draft2posted()

    def _job_done_message(self):
        return self.env._(
            "Settlement %(name)s posted in the background: %(count)s items.", name=self.name, count=self._job_size()
        )

    def action_post(self):
        # EXTENDS factoring_settlement: a settlement of many items is posted by the scheduled action
        background = self.filtered(lambda settlement: settlement.state == "draft" and settlement._job_wanted())
        if background:
            background._job_enqueue()
        return super(FactoringSettlement, self - background).action_post()

    def draft2posted(self):
        # EXTENDS factoring_settlement: a queued settlement is posted by its job only
        if not self.env.context.get("factoring_job"):
            self._job_check_idle()
        self._job_report(self.env._("Checking %(count)s items", count=self._job_size()), 1, 4)
        move = super().draft2posted()
        if self.job_state == "failed":  # posted at last: the errors of an earlier attempt are history
            self.sudo().write({"job_state": False, "job_error": False})
        return move

    def _prepare_move_vals(self):
        self._job_report(self.env._("Building the settlement entry"), 2, 4)
        return super()._prepare_move_vals()

    def _reconcile_move(self, move):
        self._job_report(self.env._("Reconciling the items and the bank transaction"), 3, 4)
        res = super()._reconcile_move(move)
        self._job_report(self.env._("Finishing"), 4, 4)
        return res

    def write(self, vals):
        # EXTENDS factoring_settlement: a settlement being posted in the background does not change meanwhile
        if not self.env.context.get("factoring_job") and any(fname in vals for fname in FROZEN_FIELDS):
            self._job_check_idle()
        return super().write(vals)

    def action_cancel(self):
        self._job_check_idle()
        return super().action_cancel()

    @api.ondelete(at_uninstall=False)
    def _unlink_not_queued(self):
        self._job_check_idle()

    def _check_draft_for_items(self, fname):
        # EXTENDS factoring_settlement: no item is added, changed or removed while the job posts the settlement
        if not self.env.context.get("factoring_job"):
            self.exists()._job_check_idle()
        return super()._check_draft_for_items(fname)
