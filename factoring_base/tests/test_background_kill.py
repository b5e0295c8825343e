# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The worker confirming a batch in the background is killed (SIGKILL, a real Odoo process) in the middle: nothing
of the confirmation is kept, and the next run of the scheduled action confirms the batch.

The worker is a separate process and sees only committed data: this test commits its own (a factor of its own with
its own clearing account, one customer, three invoices) on a real cursor of the test database. Entries are never
deleted: at the end the batch is cancelled (its rebooking reversed) and the factor and customer are archived, so the
demo data the other tests use is unchanged.
"""

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import closing, contextmanager
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import config

WORKER = Path(__file__).with_name("job_worker.py")
TIMEOUT = 90


class ScratchMixin:
    """Committed data of a test that a separate Odoo process works on, and its clean-up."""

    @contextmanager
    def _env(self):
        """A superuser environment on a real cursor of the test database (committed by the caller)."""
        with closing(self.registry.cursor()) as cr:
            cr.execute("SET lock_timeout = '10s'")
            yield api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})

    def _make_scratch(self, env, enqueue=True):
        """Commit a factor of its own (copy of the demo factor DFB with its own code and clearing account), a
        customer and three posted invoices, and a draft batch of them (queued as Confirm queues a large one, unless
        ``enqueue`` is false); return the ids."""
        dfb = env.ref("factoring_base.demo_factor_dfb", raise_if_not_found=False)
        if not dfb:
            self.skipTest("the test database must hold the demo data (setup/test builds it with demo)")
        env = env(context=dict(env.context, allowed_company_ids=dfb.company_id.ids))
        code = "K" + secrets.token_hex(4).upper()
        clearing = env["account.account"].create(
            {"code": f"19{secrets.randbelow(10**6):06d}", "name": f"Factor {code}",
             "account_type": "asset_receivable", "reconcile": True}
        )
        factor = dfb.with_env(env).copy(
            {"code": code, "name": f"Kill test {code}", "clearing_account_id": clearing.id, "rebook_receivables": True,
             "export_format": "csv", "transport": "manual", "auto_transfer": False, "auto_upload": False,
             # the demo DFB books fees and retention at transfer: without them the clearing account holds the invoices
             "book_fees_at_transfer": False}
        )
        customer = env["res.partner"].create(
            {"name": f"Kill test customer {code}", "is_company": True, "street": "Hauptstraße 1", "zip": "10115",
             "city": "Berlin", "country_id": env.ref("base.de").id, "vat": "DE123456788",
             "factor_id": factor.id, "factor_debtor_ref": "900001", "lang": "en_US"}
        )
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", factor.company_id.id)], limit=1
        )
        invoices = env["account.move"].create(
            [
                {"move_type": "out_invoice", "partner_id": customer.id, "journal_id": journal.id,
                 "invoice_date": "2026-11-02", "currency_id": factor.currency_id.id,
                 "invoice_line_ids": [Command.create({"name": "Part", "price_unit": 100.0 + i, "tax_ids": []})]}
                for i in range(3)
            ]
        )
        invoices.action_post()
        batch = env["factoring.batch"].create(
            {"factor_id": factor.id, "line_ids": [Command.create({"move_id": move.id}) for move in invoices]}
        )
        if enqueue:
            batch._job_enqueue()  # what Confirm does for a batch above the company's threshold
        env.cr.commit()
        return factor.id, customer.id, invoices.ids, batch.id

    def _cleanup(self, factor_id, customer_id, batch_id):
        with self._env() as env:
            batch = env["factoring.batch"].browse(batch_id)
            if batch.job_state:
                batch.write({"job_state": False})
            batch.action_cancel()
            env["res.partner"].browse(customer_id).active = False
            env["factoring.factor"].browse(factor_id).active = False
            env.cr.commit()



@tagged("post_install", "-at_install")
class TestBackgroundKill(ScratchMixin, TransactionCase):
    def _start_worker(self, pause_file=None):
        log = tempfile.NamedTemporaryFile("w+", prefix="factoring-job-worker-", suffix=".log", delete=False)  # noqa: SIM115
        args = [sys.executable, str(WORKER), config["config"], self.env.cr.dbname]
        if pause_file:
            args.append(str(pause_file))
        pythonpath = os.pathsep.join(filter(None, [os.path.dirname(list(odoo.__path__)[0]),
                                                   os.environ.get("PYTHONPATH")]))
        process = subprocess.Popen(  # noqa: S603 - our own worker script
            args, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": pythonpath}
        )
        return process, log

    def _worker_output(self, log):
        log.seek(0)
        return log.read()[-3000:]

    def _wait_until_free(self, batch_id):
        """Wait until PostgreSQL has ended the killed worker's transaction (the batch's row is no longer locked)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with self._env() as env:
                env.cr.execute("SELECT id FROM factoring_batch WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED", [batch_id])
                if env.cr.fetchone():
                    return
            time.sleep(0.2)
        self.fail("the killed worker's transaction still holds the batch")

    def test_killed_worker_leaves_nothing_and_the_next_run_confirms(self):
        with self._env() as env:
            factor_id, customer_id, invoice_ids, batch_id = self._make_scratch(env)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                pause_file = Path(tmp) / "paused"
                process, log = self._start_worker(pause_file)
                try:
                    deadline = time.monotonic() + TIMEOUT
                    while not pause_file.exists():
                        if process.poll() is not None or time.monotonic() > deadline:
                            self.fail(f"the worker did not reach the pause:\n{self._worker_output(log)}")
                        time.sleep(0.2)
                    # The confirmation is fully written in the worker's open transaction; the form sees its progress.
                    with self._env() as env:
                        progress = env["factoring.job.progress"].search(
                            [("res_model", "=", "factoring.batch"), ("res_id", "=", batch_id)]
                        )
                        self.assertEqual((progress.step, progress.done, progress.total), ("Finishing", 5, 5))
                        self.assertEqual(env["factoring.batch"].browse(batch_id).job_progress, 100.0)
                    os.kill(process.pid, signal.SIGKILL)
                    process.wait(timeout=30)
                finally:
                    if process.poll() is None:
                        process.kill()
                        process.wait()
                    log.close()
                    os.unlink(log.name)
            self._wait_until_free(batch_id)

            with self._env() as env:
                batch = env["factoring.batch"].browse(batch_id)
                invoices = env["account.move"].browse(invoice_ids)
                self.assertEqual((batch.state, batch.job_state), ("draft", "queued"), "still queued for the next run")
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
                cron = env.ref("factoring_base.ir_cron_factoring_batch_jobs")
                self.assertTrue(
                    env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
                    "the killed run's trigger stays: the scheduler runs the job again",
                )

            # The next run of the scheduled action (here in this process, on real cursors) confirms the batch.
            with self._env() as env:
                env.ref("factoring_base.ir_cron_factoring_batch_jobs").method_direct_trigger()
                env.cr.commit()
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
        finally:
            self._cleanup(factor_id, customer_id, batch_id)

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
