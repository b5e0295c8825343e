# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Large records run their work in a scheduled action instead of the web request (Odoo's ``ir.cron``).

A request that would take too long (a batch of 20,000 documents) marks the record *queued* and triggers the model's
scheduled action (``ir.cron._trigger``); the action takes the queued records one by one, each in one transaction of
its own: the very method the request would have run (``_job_execute``), as the user who asked, then commit
(``ir.cron._commit_progress``). A failure rolls everything back and lists the error on the record. A worker killed in
the middle leaves nothing behind (PostgreSQL drops the open transaction): the record is still queued, and Odoo's cron
runs the job again (the trigger is only deleted when the run commits).

While the job runs, the record's row is locked: a second worker skips it (``SKIP LOCKED``). Its progress (the step,
and within a step that loops over documents how many are done) is written by a second, short transaction of its own
into ``factoring.job.progress``, which the form reads while it polls: at every step, and within a loop once per chunk
of documents (``_job_items``: at most ``PROGRESS_CHUNK`` documents apart, never a query per document). Finished
progress rows are removed after ``PROGRESS_KEEP_DAYS`` days (autovacuum); the outcome stays on the record itself
(its state, the errors, the message in the chatter).
"""

import logging
from datetime import timedelta

from psycopg2 import errors as pg_errors
from psycopg2.extensions import TransactionRollbackError

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.mail import plaintext2html

_logger = logging.getLogger(__name__)

_STEP_CACHE = "factoring_job_step"  # the current step of each running job, in its transaction's cursor cache

JOB_STATES = [("queued", "In Progress"), ("failed", "Failed")]

# Errors of concurrency (another transaction holds or changed a row the job needs): the job is tried again later.
RETRY_ERRORS = (TransactionRollbackError, pg_errors.LockNotAvailable)
RETRY_DELAY = timedelta(minutes=1)
# A job whose run was stopped (killed) this many times is not started again: the server's limits stop it.
MAX_ATTEMPTS = 3
# Within a loop over documents, the progress is written once per chunk: every 5 % of the documents, at most every
# PROGRESS_CHUNK documents (a short transaction of its own each time, not a query per document).
PROGRESS_CHUNK = 100
# Progress rows of records no longer queued are removed after this many days (``_gc_finished``).
PROGRESS_KEEP_DAYS = 7
JOB_FIELDS = {"job_state", "job_user_id", "job_requested", "job_error", "job_payload"}


class FactoringJobProgress(models.Model):
    _name = "factoring.job.progress"
    _description = "Progress of a Factoring Background Job"
    _log_access = False

    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", required=True, readonly=True)
    step = fields.Char(readonly=True)
    done = fields.Integer(readonly=True)
    total = fields.Integer(string="Steps", readonly=True)
    items_done = fields.Integer(string="Documents Done", readonly=True)
    items_total = fields.Integer(string="Documents of the Step", readonly=True)
    started = fields.Datetime(readonly=True)
    attempt = fields.Integer(readonly=True)

    _record_once = models.UniqueIndex("(res_model, res_id)", "One progress per record.")

    @api.autovacuum
    def _gc_finished(self):
        """Remove the progress of jobs that ended (the record is no longer queued) more than ``PROGRESS_KEEP_DAYS``
        days after they started. The outcome stays on the record: its state, its errors (``job_error``) and the
        message posted when the job ended. The progress of a queued record is kept (it counts the stopped runs)."""
        limit = fields.Datetime.now() - timedelta(days=PROGRESS_KEEP_DAYS)
        old = self.search(["|", ("started", "<", limit), ("started", "=", False)])
        queued = set()
        for res_model, rows in old.grouped("res_model").items():
            if res_model not in self.env:
                continue
            records = self.env[res_model].browse(rows.mapped("res_id")).exists()
            queued.update((res_model, rec_id) for rec_id in records.filtered(lambda r: r.job_state == "queued").ids)
        finished = old.filtered(lambda row: (row.res_model, row.res_id) not in queued)
        finished.unlink()
        return len(finished)

    def _step_label(self):
        if not self.items_total:
            return self.step
        return self.env._(
            "%(step)s: %(done)s of %(total)s", step=self.step, done=self.items_done, total=self.items_total
        )

    def _percent(self):
        if not self.total:
            return 0.0
        part = self.items_done / self.items_total if self.items_total else 1.0
        return 100.0 * (max(self.done - 1, 0) + part) / self.total


class FactoringBackgroundMixin(models.AbstractModel):
    _name = "factoring.background.mixin"
    _description = "Factoring Work in the Background"

    job_state = fields.Selection(
        JOB_STATES,
        string="Background Job",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="In Progress: the work runs in the background (scheduled action); Failed: see the errors.",
    )
    job_user_id = fields.Many2one("res.users", string="Requested by", readonly=True, copy=False)
    job_requested = fields.Datetime(string="Requested on", readonly=True, copy=False)
    job_error = fields.Text(string="Background Job Errors", readonly=True, copy=False)
    job_payload = fields.Json(
        readonly=True, copy=False, help="What the job does when a model runs several kinds of jobs (e.g. an import)."
    )
    job_title = fields.Char(compute="_compute_job_progress", string="Background Job Title")
    job_step = fields.Char(compute="_compute_job_progress", string="Step")
    job_progress = fields.Float(compute="_compute_job_progress", string="Progress")
    job_attempt = fields.Integer(compute="_compute_job_progress", string="Attempt")

    # Set by each model: the scheduled action that runs its jobs, and what the job does.
    _job_cron_xmlid = None

    def _compute_job_progress(self):
        progress = self.env["factoring.job.progress"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        ).grouped("res_id")
        for record in self:
            row = progress.get(record.id) if record.job_state == "queued" else None
            record.job_title = record._job_title() if record.job_state == "queued" else False
            record.job_step = row._step_label() if row else False
            record.job_progress = row._percent() if row else 0.0
            record.job_attempt = row.attempt if row else 0

    def write(self, vals):
        # EXTENDS base: the job's fields are the system's record of a request (set with sudo), never typed
        if JOB_FIELDS & vals.keys() and not self.env.su:
            raise UserError(self.env._("The background job's fields are set by the system only."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # What each model defines
    # ------------------------------------------------------------------
    def _job_size(self):
        """How many documents or items the job handles (compared with the company's threshold)."""
        raise NotImplementedError

    def _job_execute(self):
        """The work itself: the same method the request runs for a small record."""
        raise NotImplementedError

    def _job_title(self):
        """What the form says while the job is queued or running."""
        return self.env._("Being processed in the background.")

    def _job_done_message(self):
        return self.env._("Done in the background.")

    def _job_prepare(self):
        """Called in the job's transaction before ``_job_execute``; False: try again later (a resource is busy)."""
        return True

    # ------------------------------------------------------------------
    # The request
    # ------------------------------------------------------------------
    def _job_wanted(self):
        """Whether the record's work goes to the background: its size reaches the company's threshold (0: never)."""
        self.ensure_one()
        threshold = self.company_id.factoring_background_threshold
        return bool(threshold) and self._job_size() >= threshold

    def _job_check_idle(self):
        """Refuse to start or change a record whose work runs in the background."""
        busy = self.filtered(lambda record: record.job_state == "queued")
        if busy:
            raise UserError(
                self.env._(
                    "%(records)s: already being processed in the background; wait until it is done.",
                    records=", ".join(busy.mapped("display_name")),
                )
            )

    def _job_enqueue(self, payload=None):
        """Queue the records' work (``payload``: what the job does, for models with several kinds of jobs) and wake
        the scheduled action up."""
        self._job_check_idle()
        # sudo: the job's fields are the system's record of the request, users never write them
        self.sudo().write(
            {
                "job_state": "queued",
                "job_user_id": self.env.uid,
                "job_requested": fields.Datetime.now(),
                "job_error": False,
                "job_payload": payload or False,
            }
        )
        self.env["factoring.job.progress"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        ).unlink()
        self.env.ref(self._job_cron_xmlid).sudo()._trigger()
        return True

    # ------------------------------------------------------------------
    # The scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_run_jobs(self):
        """Run the queued jobs of this model one by one, each committed on its own."""
        ir_cron = self.env["ir.cron"]
        records = self.sudo().search([("job_state", "=", "queued")], order="job_requested, id")
        ir_cron._commit_progress(remaining=len(records))
        retry = False
        for record in records:
            retry |= record._job_run() == "retry"
            if not ir_cron._commit_progress(1):
                break  # out of time: the records still queued make the action run again at once
        if retry:
            self.env.ref(self._job_cron_xmlid).sudo()._trigger(fields.Datetime.now() + RETRY_DELAY)

    def _job_lock(self):
        """Lock the record's row if it is still queued and no other worker holds it."""
        self.ensure_one()
        self.flush_recordset(["job_state"])
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    f'SELECT id FROM "{self._table}" WHERE id = %s AND job_state = %s FOR NO KEY UPDATE SKIP LOCKED',
                    [self.id, "queued"],
                )
                return bool(self.env.cr.fetchone())
        except TransactionRollbackError:
            return False  # another worker finished it since our snapshot

    def _job_run(self):
        """Run one queued record's job in the current transaction; returns 'done', 'failed', 'retry' or 'skipped'.

        The caller commits. On failure everything the job did is rolled back and the error is recorded.
        """
        self.ensure_one()
        if not self._job_lock():
            return "skipped"
        self.invalidate_recordset()
        user = self.job_user_id or self.env.ref("base.user_root")
        record = self.with_user(user).with_company(self.company_id).with_context(
            lang=user.lang, tz=user.tz, factoring_job=True
        )
        if not record._job_prepare():
            return "retry"
        attempt = record._job_report_start()
        try:
            if attempt > MAX_ATTEMPTS:
                raise UserError(
                    record.env._(
                        "The background run was stopped %(count)s times before its end, nothing of it was kept. The "
                        "server probably stops it (time or memory limit of its scheduled actions): ask your "
                        "administrator to raise the limits, then confirm again.",
                        count=attempt - 1,
                    )
                )
            with self.env.cr.savepoint():
                record._job_execute()
                done_message = record._job_done_message()
                self.sudo().write({"job_state": False, "job_error": False, "job_payload": False})
                self._job_notify(user, done_message)
        except RETRY_ERRORS as err:
            _logger.info("Background job of %s %s: busy (%s), tried again later", self._name, self.id, err)
            self._job_progress_write(attempt=attempt - 1)  # not a stopped run: it does not count
            return "retry"
        except Exception as err:  # noqa: BLE001 - every failure is listed on the record
            error = err.args[0] if isinstance(err, UserError) else f"{type(err).__name__}: {err}"
            _logger.info("Background job of %s %s failed (attempt %s): %s", self._name, self.id, attempt, error)
            self.sudo().write({"job_state": "failed", "job_error": error})
            self._job_notify(user, record.env._("Failed in the background:\n%(error)s", error=error), failed=True)
            return "failed"
        return "done"

    def _job_notify(self, user, body, failed=False):
        """Post ``body`` on the record and tell the user who asked (inbox notification)."""
        self.sudo().with_context(lang=user.lang).message_post(
            body=plaintext2html(body),
            partner_ids=user.partner_id.ids,
            message_type="notification",
            subtype_xmlid="mail.mt_comment" if failed else "mail.mt_note",
        )

    # ------------------------------------------------------------------
    # Progress, written by a short transaction of its own so that the form sees it while the job's is open
    # ------------------------------------------------------------------
    def _job_report_start(self):
        self.ensure_one()
        return self._job_progress_write(step=self.env._("Started"), done=0, total=0, started=fields.Datetime.now())

    def _job_report(self, step, done=0, total=0):
        """Report the job's current ``step`` (``done`` of ``total``); nothing outside a background job."""
        if self.env.context.get("factoring_job") and len(self) == 1:
            self.env.cr.cache.setdefault(_STEP_CACHE, {})[self._name, self.id] = (step, done, total)
            self._job_progress_write(step=step, done=done, total=total, items_done=0, items_total=0)

    def _job_items(self, items, step=None):
        """Yield ``items`` (the documents a step loops over), reporting how many are done once per chunk (every 5 %,
        at most every ``PROGRESS_CHUNK`` items) under the current step (or ``step``, a label of its own within the
        current step's number), and the current step again at the end. Outside a background job, the items only."""
        if not (self.env.context.get("factoring_job") and len(self) == 1):
            yield from items
            return
        items = list(items)
        total = len(items)
        steps = self.env.cr.cache.get(_STEP_CACHE, {})
        current, done_steps, total_steps = steps.get((self._name, self.id), ("", 0, 0))
        label = step or current
        chunk = max(1, min(PROGRESS_CHUNK, total // 20))
        for count, item in enumerate(items):
            if count % chunk == 0:
                self._job_progress_write(
                    step=label, done=done_steps, total=total_steps, items_done=count, items_total=total
                )
            yield item
        if total:
            # the loop is done; what follows (Odoo posting or reconciling them all at once) is the step's own work
            self._job_progress_write(step=current, done=done_steps, total=total_steps, items_done=0, items_total=0)

    def _job_progress_write(self, **vals):
        """Write the progress row in a transaction of its own; returns the attempt number."""
        with self.env.registry.cursor() as cr:
            Progress = self.env(cr=cr, su=True)["factoring.job.progress"]
            row = Progress.search([("res_model", "=", self._name), ("res_id", "=", self.id)])
            if "started" in vals:
                vals["attempt"] = row.attempt + 1
            if row:
                row.write(vals)
            else:
                row = Progress.create({"res_model": self._name, "res_id": self.id, **vals})
            return row.attempt
