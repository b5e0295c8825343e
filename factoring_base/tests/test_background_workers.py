# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo as in production: ``odoo-bin --workers=2 --max-cron-threads=2`` (two HTTP workers, two cron workers). Two
users confirm two large batches at the same moment over HTTP; both are confirmed by the cron workers, and the
factor reconciliation of each factor is consistent (no difference).

Like ``test_background_kill``, the server sees committed data only: this test commits its own (two factors with
their own clearing accounts, customers, invoices, two users, the company's threshold) into the scratch copy of the
test database (``scratch``), which the server runs on and which is dropped when the test run ends.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import requests

import odoo
from odoo import Command, fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import config

from .scratch import ScratchMixin, odoo_env

TIMEOUT = 150


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@tagged("post_install", "-at_install")
class TestBackgroundWorkers(ScratchMixin, TransactionCase):
    def _scratch_user(self, env, login, password):
        company = env.ref("factoring_base.demo_factor_dfb").company_id
        return env["res.users"].create(
            {"name": login, "login": login, "password": password, "company_id": company.id,
             "company_ids": [Command.set(company.ids)],
             "group_ids": [Command.set([env.ref("base.group_user").id,
                                        env.ref("factoring_base.group_factoring_user").id])]}
        )

    def _start_server(self, http_port):
        log = tempfile.NamedTemporaryFile("w+", prefix="factoring-workers-", suffix=".log", delete=False)  # noqa: SIM115
        args = [sys.executable, os.path.join(os.path.dirname(list(odoo.__path__)[0]), "odoo-bin"),
                "-c", config["config"], "-d", self.scratch_db, "--db-filter", f"^{self.scratch_db}$",
                "--workers=2", "--max-cron-threads=2", f"--http-port={http_port}", f"--gevent-port={free_port()}",
                "--http-interface=127.0.0.1", "--log-level=warn", "--limit-time-real=300"]
        process = subprocess.Popen(  # noqa: S603 - Odoo itself
            args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            env=odoo_env(),
        )
        return process, log

    def _stop_server(self, process):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def _rpc(self, session, url, path, params):
        response = session.post(f"{url}{path}", json={"jsonrpc": "2.0", "method": "call", "params": params},
                                timeout=60)
        result = response.json()
        if result.get("error"):
            raise AssertionError(result["error"])
        return result["result"]

    def test_two_users_two_batches_two_cron_workers(self):
        password = secrets.token_urlsafe(12)
        scratch = []
        with self._env() as env:
            for index in range(2):
                factor_id, customer_id, invoice_ids, batch_id = self._make_scratch(env, enqueue=False)
                user = self._scratch_user(env, f"volume-{secrets.token_hex(4)}-{index}", password)
                scratch.append({"factor": factor_id, "customer": customer_id, "invoices": invoice_ids,
                                "batch": batch_id, "user": user.id, "login": user.login})
            env.ref("factoring_base.demo_factor_dfb").company_id.factoring_background_threshold = 1
            env.cr.commit()
        self._run_two_confirmations(scratch, password)
        with self._env() as env:
            self._check_confirmed(env, scratch)

    def _run_two_confirmations(self, scratch, password):
        """Start the server, let both users press Confirm at the same moment, wait for both batches."""
        http_port = free_port()
        process, log = self._start_server(http_port)
        try:
            url = f"http://127.0.0.1:{http_port}"
            deadline = time.monotonic() + TIMEOUT
            while True:
                try:
                    requests.get(f"{url}/web/login", timeout=5)
                    break
                except requests.ConnectionError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        self.fail(f"the server did not start:\n{log.read()[-3000:]}")
                    time.sleep(0.5)

            def confirm(item):
                session = requests.Session()
                self._rpc(session, url, "/web/session/authenticate",
                          {"db": self.scratch_db, "login": item["login"], "password": password})
                return self._rpc(session, url, "/web/dataset/call_kw/factoring.batch/action_confirm",
                                 {"model": "factoring.batch", "method": "action_confirm", "args": [[item["batch"]]],
                                  "kwargs": {}})

            with ThreadPoolExecutor(2) as pool:  # both users at the same moment
                list(pool.map(confirm, scratch))

            while True:
                with self._env() as env:
                    batches = env["factoring.batch"].browse([item["batch"] for item in scratch])
                    if all(batch.state == "confirmed" for batch in batches):
                        break
                    failed = batches.filtered(lambda batch: batch.job_state == "failed")
                    self.assertFalse(failed, failed.mapped("job_error"))
                if time.monotonic() > deadline:
                    log.seek(0)
                    self.fail(f"the cron workers did not confirm both batches:\n{log.read()[-3000:]}")
                time.sleep(1)
        finally:
            self._stop_server(process)
            log.close()
            os.unlink(log.name)

    def _check_confirmed(self, env, scratch):
        for item in scratch:
            batch = env["factoring.batch"].browse(item["batch"])
            invoices = env["account.move"].browse(item["invoices"])
            self.assertEqual((batch.state, batch.job_state), ("confirmed", False))
            self.assertEqual(batch.confirmed_by_id.login, item["login"], "confirmed as the user who asked")
            self.assertTrue(
                batch.message_ids.filtered(lambda msg: "confirmed in the background" in msg.body),
                "confirmed by a cron worker, not in the HTTP request",
            )
            self.assertEqual(batch.file_sequence, 1)
            self.assertEqual(len(batch.move_id.line_ids), 2 * len(invoices))
            self.assertEqual(set(invoices.mapped("factoring_state")), {"transferred"})
            factor = env["factoring.factor"].browse(item["factor"])
            data = factor._get_reconciliation_data(fields.Date.context_today(factor))
            self.assertEqual(data["difference"], 0.0, data["differences"])
            self.assertAlmostEqual(data["ledger_balance"], sum(invoices.mapped("amount_total")))
