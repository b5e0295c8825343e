# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import transport as transport_tools

_logger = logging.getLogger(__name__)

# Retry delay after the n-th failed upload: 5 minutes doubled after each further failure, at most 6 hours.
UPLOAD_RETRY_BASE = timedelta(minutes=5)
UPLOAD_RETRY_MAX = timedelta(hours=6)


class FactoringBatch(models.Model):
    """Sending a confirmed batch's files to the factor (see tools/transport/), by hand or by the scheduled action."""

    _inherit = "factoring.batch"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Upload
    # ------------------------------------------------------------------
    def action_send(self):
        """Upload the batch's files now; a failure is stored on the batch and shown, never raised (it commits)."""
        failed = self.env["factoring.batch"]
        for batch in self:
            if batch.state != "confirmed":
                raise UserError(self.env._("Only confirmed batches can be sent: %(batch)s", batch=batch.name))
            if batch.factor_id.transport == "manual":
                raise UserError(self.env._("Factor %(factor)s has no transport: download the file and mark the "
                                           "batch as sent.", factor=batch.factor_id.display_name))
            if not batch._lock_for_upload():
                raise UserError(self.env._("Batch %(batch)s is being uploaded right now by another process.",
                                           batch=batch.name))
            if not batch._upload():
                failed |= batch
        Factor = self.env["factoring.factor"]
        if failed:
            return Factor._notification(
                self.env._("Upload failed"), "\n".join(f"{b.name}: {b.upload_error}" for b in failed), "danger"
            )
        return Factor._notification(
            self.env._("Upload successful"),
            self.env._("Sent to the factor: %(batches)s", batches=", ".join(self.mapped("name"))),
            "success",
        )

    def _lock_for_upload(self):
        """Lock the batch row (SKIP LOCKED); False when another transaction holds it or already changed it."""
        self.ensure_one()
        self.flush_recordset()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM factoring_batch WHERE id = %s AND state = 'confirmed' FOR UPDATE SKIP LOCKED",
                    [self.id],
                )
                locked = bool(self.env.cr.fetchone())
        except pg_errors.SerializationFailure:
            return False  # another worker changed the batch after our snapshot: it dealt with it
        self.invalidate_recordset(["state"])
        return locked and self.state == "confirmed"

    def _upload(self, progress=None):
        """Upload every file of the (locked, confirmed) batch; True when sent.

        On failure the batch stays confirmed with its files, the error, the attempt count and the next try are
        written in the current transaction, which the caller commits. A sent batch is never uploaded again; a file
        already on the server with the same name and size counts as delivered (see tools/transport/).
        """
        self.ensure_one()
        if self.state != "confirmed":
            return self.state == "sent"
        now = fields.Datetime.now()
        results = []
        try:
            if not self.file_ids:
                raise UserError(self.env._("Batch %(batch)s has no file to upload.", batch=self.name))
            settings = self.factor_id._get_transport_settings()
            for attachment in self.file_ids.sorted("id"):
                results.append(transport_tools.upload(settings, attachment.name, attachment.raw, progress=progress))
        except (transport_tools.TransportError, UserError, ValueError) as exc:
            error = exc.args[0] if isinstance(exc, UserError) else str(exc)
            # Only a transient error (server down, connection dropped, disk full) is retried by the scheduled action.
            self._record_upload_failure(error, now, retry=getattr(exc, "retryable", False))
            return False
        lines = [
            self.env._("%(path)s: %(size)s bytes%(note)s", path=result.remote_path, size=result.size,
                       note=self.env._(" (already on the server)") if result.already_present else "")
            for result in results
        ]
        self._own().write({"upload_error": False, "upload_next_try": False, "upload_needs_attention": False,
                    "upload_last_try": now})
        self.confirmed2sent(
            message=self.env._("Uploaded to the factor at %(time)s UTC: %(files)s",
                               time=fields.Datetime.to_string(now), files="; ".join(lines))
        )
        return True

    def _record_upload_failure(self, error, now, retry=True):
        """Store the failure; schedule a retry with a growing delay, or (``retry=False``) wait for a person."""
        self.ensure_one()
        attempts = self.upload_attempts + 1
        delay = min(UPLOAD_RETRY_BASE * (2 ** (attempts - 1)), UPLOAD_RETRY_MAX)
        changed = error != self.upload_error
        self._own().write({
            "upload_error": error,
            "upload_attempts": attempts,
            "upload_last_try": now,
            "upload_next_try": now + delay if retry else False,
            "upload_needs_attention": not retry,
        })
        _logger.warning("Upload of batch %s failed (attempt %s%s): %s", self.name, attempts,
                        "" if retry else ", not retried automatically", error)
        if changed:
            self.message_post(body=self.env._("Upload failed (attempt %(attempts)s): %(error)s",
                                              attempts=attempts, error=error))

    @api.model
    def _get_due_upload_ids(self):
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT b.id FROM factoring_batch b JOIN factoring_factor f ON f.id = b.factor_id
             WHERE b.state = 'confirmed' AND f.active AND f.auto_upload AND f.transport != 'manual'
               AND (b.upload_next_try IS NULL OR b.upload_next_try <= %s) AND b.upload_needs_attention IS NOT TRUE
             ORDER BY b.upload_next_try NULLS FIRST, b.id
            """,
            [fields.Datetime.now()],
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _release_upload_attention(self, factors):
        """The transport settings of ``factors`` changed: their batches waiting for a person are due again."""
        waiting = self.sudo().search([("factor_id", "in", factors.ids), ("state", "=", "confirmed"),
                                      ("upload_needs_attention", "=", True)])
        waiting.write({"upload_needs_attention": False, "upload_next_try": False})

    @api.model
    def _cron_upload(self, progress=None):
        """Upload the due batches of auto-upload factors, each one locked (SKIP LOCKED) and committed on its own."""
        sent = self.browse()
        for batch in self.browse(self._get_due_upload_ids()):
            try:
                with self.env.cr.savepoint():
                    if batch._lock_for_upload() and batch._upload(progress=progress):
                        sent |= batch
            except Exception:  # noqa: BLE001 - an unexpected error on one batch must not block the others
                _logger.exception("Upload of batch %s failed unexpectedly", batch.name)
            if self.env["factoring.factor"]._cron_commit(processed=1) <= 0:
                break  # the cron's time is up: the next run goes on
        return sent
