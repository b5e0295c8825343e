# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A large batch is confirmed by the scheduled action, not in the request (``factoring.background.mixin``)."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .progress import watch_progress
from .test_batch import BatchCommon

JOB_LOGGER = "odoo.addons.factoring_base.models.factoring_background"


@tagged("post_install", "-at_install")
class TestBatchInBackground(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.factoring_background_threshold = 2
        cls.user = cls._create_factoring_user("bg_user", "Background User")
        cls.cron = cls.env.ref("factoring_base.ir_cron_factoring_batch_jobs")

    def _run_jobs(self):
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def _queued_batch(self, count=2):
        invoices = self.env["account.move"]
        for amount in range(count):
            invoices |= self._create_invoice(amount=100.0 + amount)
        batch = self._transfer().with_user(self.user)
        self.assertEqual(batch.line_ids.move_id, invoices)
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])
        batch.action_confirm()
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]), triggers + 1,
            "Confirm triggers the scheduled action",
        )
        return batch, invoices

    def test_small_batch_is_confirmed_in_the_request(self):
        self._create_invoice(amount=100.0)
        batch = self._transfer().with_user(self.user)
        batch.action_confirm()
        self.assertEqual(batch.state, "confirmed")
        self.assertFalse(batch.job_state)

    def test_threshold_zero_keeps_everything_in_the_request(self):
        self.company.factoring_background_threshold = 0
        self._create_invoice(amount=100.0)
        self._create_invoice(amount=200.0)
        batch = self._transfer().with_user(self.user)
        batch.action_confirm()
        self.assertEqual(batch.state, "confirmed")

    def test_large_batch_is_confirmed_by_the_scheduled_action(self):
        batch, invoices = self._queued_batch()
        # The request did nothing but queue it: no file, no number, no entry, documents untouched.
        self.assertEqual((batch.state, batch.job_state), ("draft", "queued"))
        self.assertEqual(batch.job_user_id, self.user)
        self.assertFalse(batch.file_ids or batch.move_id or batch.file_sequence)
        self.assertEqual(set(invoices.mapped("factoring_state")), {"to_transfer"})
        # Nothing can be started twice or changed meanwhile.
        for action in (batch.action_confirm, batch.action_cancel, batch.draft2confirmed, batch.unlink):
            with self.assertRaisesRegex(UserError, "already being processed in the background"):
                action()
        with self.assertRaisesRegex(UserError, "already being processed in the background"):
            batch.line_ids[:1].unlink()
        with self.assertRaisesRegex(UserError, "set by the system only"):
            batch.write({"job_state": False})

        self._run_jobs()
        self.assertEqual(batch.state, "confirmed")
        self.assertFalse(batch.job_state)
        self.assertEqual(batch.confirmed_by_id, self.user, "confirmed as the user who asked")
        self.assertEqual(len(batch.file_ids), 1)
        self.assertEqual(batch.file_sequence, 1)
        self.assertEqual(batch.move_id.state, "posted")
        receivable_lines = batch.move_id.line_ids.filtered(lambda aml: aml.account_id != self.clearing_account)
        self.assertTrue(all(receivable_lines.mapped("reconciled")))
        self.assertEqual(set(invoices.mapped("factoring_state")), {"transferred"})
        message = batch.message_ids.filtered(lambda msg: "in the background" in msg.body)
        self.assertIn("confirmed in the background: 2 documents", message.body)
        self.assertIn(self.user.partner_id, message.partner_ids, "the user who asked is told")
        progress = self.env["factoring.job.progress"].search(
            [("res_model", "=", batch._name), ("res_id", "=", batch.id)]
        )
        self.assertEqual((progress.step, progress.done, progress.total, progress.attempt), ("Finishing", 5, 5, 1))
        last_run = self.env["ir.cron.progress"].search([("cron_id", "=", self.cron.id)], order="id desc", limit=1)
        self.assertEqual((last_run.done, last_run.remaining), (1, 0))

    @mute_logger(JOB_LOGGER)
    def test_failure_is_listed_on_the_batch_and_nothing_is_kept(self):
        batch, invoices = self._queued_batch(count=3)
        self.customer.factor_blocked = True  # blocked after the batch was drafted
        self._run_jobs()
        self.assertEqual((batch.state, batch.job_state), ("draft", "failed"))
        for invoice in invoices:
            self.assertIn(invoice.name, batch.job_error, "every offending document is named")
        self.assertIn(f"Batch {batch.name} cannot be confirmed", batch.job_error)
        self.assertFalse(batch.file_ids or batch.move_id or batch.file_sequence)
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", batch._name), ("res_id", "=", batch.id)]))
        self.assertEqual(set(invoices.mapped("factoring_state")), {"to_transfer"})
        message = batch.message_ids.filtered(lambda msg: "in the background" in msg.body)
        self.assertIn("Failed in the background", message.body)
        self.assertIn(invoices[0].name, message.body)
        self.assertIn(self.user.partner_id, message.partner_ids)

        # Corrected and confirmed again: the errors go, the batch is confirmed.
        self.customer.factor_blocked = False
        batch.action_confirm()
        self.assertEqual(batch.job_state, "queued")
        self.assertFalse(batch.job_error)
        self._run_jobs()
        self.assertEqual((batch.state, batch.job_state), ("confirmed", False))

    @mute_logger(JOB_LOGGER)
    def test_failed_batch_made_small_is_confirmed_in_the_request(self):
        batch, invoices = self._queued_batch(count=2)
        self.customer.factor_blocked = True
        self._run_jobs()
        self.assertEqual(batch.job_state, "failed")
        self.customer.factor_blocked = False
        batch.line_ids[:1].unlink()
        batch.action_confirm()
        self.assertEqual((batch.state, batch.job_state, batch.job_error), ("confirmed", False, False))

    @mute_logger(JOB_LOGGER)
    def test_job_stopped_three_times_is_failed_not_started_forever(self):
        batch, invoices = self._queued_batch()
        # Three runs began and never ended (the server's limits killed them): the fourth does not start again.
        self.env["factoring.job.progress"].sudo().create(
            {"res_model": batch._name, "res_id": batch.id, "step": "Finishing", "done": 5, "total": 5, "attempt": 3}
        )
        self._run_jobs()
        self.assertEqual((batch.state, batch.job_state), ("draft", "failed"))
        self.assertIn("stopped 3 times before its end", batch.job_error)
        self.assertFalse(batch.file_ids or batch.move_id)
        # Confirm again starts afresh.
        batch.action_confirm()
        self._run_jobs()
        self.assertEqual((batch.state, batch.job_state), ("confirmed", False))

    def test_progress_is_reported_per_document(self):
        """Within a step that loops over the documents, the form sees how many are done (a short transaction of its
        own per chunk of documents: here every document, 5 % of 3 being less than one)."""
        batch, invoices = self._queued_batch(count=3)
        with (
            watch_progress(self.env, "factoring.batch.line", "_prepare_rebooking_line_vals", batch) as seen,
            watch_progress(self.env, "account.move", "action_post", batch) as seen_posting,
        ):
            self._run_jobs()
        self.assertEqual(batch.state, "confirmed")
        step = "Preparing the rebooking entry"
        self.assertEqual(seen, [(step, 0, 3), (step, 1, 3), (step, 2, 3)])
        # After the loop, Odoo posts the entry: the form shows the step again, not "3 of 3" of the loop.
        self.assertEqual(seen_posting, [("Posting and reconciling the rebooking entry", 0, 0)])

    def test_progress_percent_and_label_within_a_step(self):
        batch, _invoices = self._queued_batch()
        progress = self.env["factoring.job.progress"].sudo().create(
            {"res_model": batch._name, "res_id": batch.id, "step": "Writing the factor's file", "done": 2, "total": 5,
             "items_done": 300, "items_total": 1200}
        )
        batch.invalidate_recordset(["job_step", "job_progress"])
        self.assertEqual(batch.job_step, "Writing the factor's file: 300 of 1200")
        self.assertAlmostEqual(batch.job_progress, 100.0 * (1 + 0.25) / 5)
        progress.write({"items_done": 0, "items_total": 0})
        batch.invalidate_recordset(["job_step", "job_progress"])
        self.assertEqual((batch.job_step, batch.job_progress), ("Writing the factor's file", 40.0))

    @mute_logger(JOB_LOGGER)
    def test_finished_progress_is_removed_after_a_while(self):
        """Autovacuum removes the progress of jobs that ended days ago; the record keeps its outcome (state, errors)
        and the progress of a queued record stays (it counts the stopped runs)."""
        Progress = self.env["factoring.job.progress"].sudo()
        failed, _invoices = self._queued_batch()
        self.customer.factor_blocked = True
        self._run_jobs()
        self.assertEqual(failed.job_state, "failed")
        self.customer.factor_blocked = False
        queued, _invoices = self._queued_batch()
        old = fields.Datetime.now() - timedelta(days=8)
        recent = fields.Datetime.now() - timedelta(days=1)
        failed_row = Progress.search([("res_model", "=", failed._name), ("res_id", "=", failed.id)])
        failed_row.started = old
        queued_row = Progress.create(
            {"res_model": queued._name, "res_id": queued.id, "step": "Started", "started": old, "attempt": 1}
        )
        other = self.env["factoring.batch"].create({"factor_id": self.factor.id})
        recent_row = Progress.create(
            {"res_model": other._name, "res_id": other.id, "step": "Finishing", "started": recent, "attempt": 1}
        )
        Progress._gc_finished()
        self.assertFalse(failed_row.exists(), "the failed job's progress of 8 days ago is removed")
        self.assertEqual((failed.job_state, failed.state), ("failed", "draft"))
        self.assertIn("cannot be confirmed", failed.job_error, "the error stays shown on the batch")
        self.assertTrue(queued_row.exists(), "a queued record's progress stays")
        self.assertTrue(recent_row.exists(), "a recent progress stays")
        cron = self.env.ref("base.autovacuum_job")
        self.assertTrue(cron.active, "Odoo's autovacuum runs the clean-up daily")
