# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from psycopg2 import errors as pg_errors

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _cron_transfer_and_upload(self):
        """Create and confirm batches of auto-transfer factors, then upload due batches of auto-upload factors.

        Every factor and every batch is handled in its own savepoint and committed on its own, so one failure never
        blocks the others. Rows are locked with SKIP LOCKED: a factor or batch another worker holds is left to it.
        """
        factors = self.sudo().search([("auto_transfer", "=", True), ("transport", "!=", False)])
        for factor in factors:
            factor._auto_transfer()
            self._cron_commit(processed=1)
        self.env["factoring.batch"].sudo()._cron_upload()

    def _cron_commit(self, processed=0):
        """In a scheduled run: commit the work done so far and report ``processed`` more records done
        (``ir.cron._commit_progress``); returns the time left for the run.

        Called outside a scheduled run (a button, a shell, a test), the caller owns the transaction: nothing is
        committed and the time left is unlimited.
        """
        if not self.env.context.get("cron_id"):
            return float("inf")
        return self.env["ir.cron"]._commit_progress(processed)

    def _auto_transfer(self):
        """Create and confirm the batches of everything due; returns them (empty when locked, nothing due or failed).

        Everything, the lock included, runs in one savepoint: a failure is recorded on the factor and rolled back,
        and the scheduled action goes on with the next factor.
        """
        self.ensure_one()
        batches = self.env["factoring.batch"]
        try:
            with self.env.cr.savepoint():
                if not self._lock_for_auto_transfer():
                    return batches  # another worker transfers this factor right now
                batches = self._create_transfer_batches(fields.Date.context_today(self))
                batches.action_confirm()
        except Exception as exc:  # noqa: BLE001 - recorded on the factor; other factors go on
            _logger.warning("Automatic transfer of factor %s failed: %s", self.code, exc)
            self.message_post(body=self.env._("Automatic transfer failed: %(error)s", error=str(exc)))
            return self.env["factoring.batch"]
        return batches

    def _lock_for_auto_transfer(self):
        """Lock the factor's row (SKIP LOCKED); False when another transaction holds it or changed it meanwhile."""
        self.ensure_one()
        self.flush_recordset()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute("SELECT id FROM factoring_factor WHERE id = %s FOR UPDATE SKIP LOCKED", [self.id])
                return bool(self.env.cr.fetchone())
        except pg_errors.SerializationFailure:
            return False  # another worker changed the factor since our snapshot
