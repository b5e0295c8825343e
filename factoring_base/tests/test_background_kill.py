# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The worker confirming a batch in the background is killed (SIGKILL, a real Odoo process) in the middle: nothing
of the confirmation is kept, and the next run of the scheduled action confirms the batch.

The worker is a separate process and sees only committed data: this test commits its own (a factor of its own with
its own clearing account, one customer, three invoices) into the scratch copy of the test database (``scratch``),
dropped when the test run ends: the test database keeps nothing of it.
"""

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .scratch import KillMixin

CRON = "factoring_base.ir_cron_factoring_batch_jobs"


@tagged("post_install", "-at_install")
class TestBackgroundKill(KillMixin, TransactionCase):
    def test_killed_worker_leaves_nothing_and_the_next_run_confirms(self):
        with self._env() as env:
            _factor_id, customer_id, invoice_ids, batch_id = self._make_scratch(env)
            batch = env["factoring.batch"].browse(batch_id)

        def while_paused(env):
            # The confirmation is fully written in the worker's open transaction; the form sees its progress.
            progress = env["factoring.job.progress"].search(
                [("res_model", "=", "factoring.batch"), ("res_id", "=", batch_id)]
            )
            self.assertEqual((progress.step, progress.done, progress.total), ("Finishing", 5, 5))
            self.assertEqual(env["factoring.batch"].browse(batch_id).job_progress, 100.0)

        self._kill_in_the_middle(CRON, "factoring.batch", "_stamp_partners", batch, while_paused)

        with self._env() as env:
            batch = env["factoring.batch"].browse(batch_id)
            invoices = env["account.move"].browse(invoice_ids)
            self._assert_still_queued(env, batch, CRON)
            self.assertEqual(batch.state, "draft")
            self.assertFalse(batch.file_ids or batch.move_id or batch.file_sequence or batch.confirmed_date)
            self.assertFalse(
                env["ir.attachment"].search_count([("res_model", "=", batch._name), ("res_id", "=", batch_id)]),
                "no file half made",
            )
            self.assertFalse(
                env["account.move.line"].search_count([("factoring_source_move_id", "in", invoice_ids)]),
                "no rebooking entry half made",
            )
            self.assertEqual(set(invoices.mapped("factoring_state")), {"to_transfer"})
            self.assertEqual(invoices.mapped("amount_residual"), invoices.mapped("amount_total"))
            self.assertFalse(env["res.partner"].browse(customer_id).factor_last_transfer_date)

        self._run_scheduled_action(CRON)
        with self._env() as env:
            batch = env["factoring.batch"].browse(batch_id)
            invoices = env["account.move"].browse(invoice_ids)
            self.assertEqual((batch.state, batch.job_state), ("confirmed", False))
            self.assertEqual(len(batch.file_ids), 1)
            self.assertEqual(batch.file_sequence, 1)
            self.assertEqual(batch.move_id.state, "posted")
            self.assertEqual(len(batch.move_id.line_ids), 6)
            self.assertEqual(set(invoices.mapped("factoring_state")), {"transferred"})
            self.assertEqual(set(invoices.mapped("amount_residual")), {0.0})
            progress = env["factoring.job.progress"].search(
                [("res_model", "=", "factoring.batch"), ("res_id", "=", batch_id)]
            )
            self.assertEqual(progress.attempt, 2, "the second attempt confirmed it")

    def test_job_waits_while_another_confirmation_holds_the_factor(self):
        """Another transaction confirms a batch of the same factor (it holds the factor's row for its daily file
        number): the job leaves its batch queued and is tried again, instead of failing with "Another user is
        confirming". Nothing is committed."""
        with self._env() as env_a, self._env() as env_b:
            factor = env_a.ref("factoring_base.demo_factor_dfb", raise_if_not_found=False)
            if not factor:
                self.skipTest("the test database must hold the demo data (setup/test builds it with demo)")
            moves = env_a["account.move"].search(
                [("factor_id", "=", factor.id), ("factoring_state", "=", "to_transfer")], limit=2
            )
            batch = env_a["factoring.batch"].create(
                {"factor_id": factor.id, "line_ids": [Command.create({"move_id": move.id}) for move in moves]}
            )
            batch._job_enqueue()
            env_b.cr.execute("SELECT id FROM factoring_factor WHERE id = %s FOR NO KEY UPDATE", [factor.id])
            self.assertEqual(batch._job_run(), "retry")
            self.assertEqual((batch.state, batch.job_state, batch.job_error), ("draft", "queued", False))
            env_b.cr.rollback()
            self.assertEqual(batch._job_run(), "done")
            self.assertEqual((batch.state, batch.job_state), ("confirmed", False))
            env_a.cr.rollback()
