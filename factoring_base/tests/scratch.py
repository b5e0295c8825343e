# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tests with a separate Odoo process (a worker killed in the middle, a server with workers): their data lives in a
scratch copy of the test database.

The other process sees committed data only, so these tests commit theirs. Posted entries are never deleted, so that
data is not committed into the test database: the first such test of a run copies the test database
(``pg_dump | pg_restore``: ``CREATE DATABASE ... TEMPLATE`` needs a database nobody is connected to, and the test
run is) with a hard-linked copy of its filestore, and the copy is dropped when the run ends. The tests share it; each
makes a factor of its own there.

``ScratchMixin`` gives a test the copy's environments and the scratch factor; ``KillMixin`` the worker process that
runs a scheduled action once, stops after a given method (everything written, nothing committed) and is killed.
"""

import atexit
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import closing, contextmanager
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.modules.registry import Registry
from odoo.tools import config

WORKER = Path(__file__).with_name("job_worker.py")
WORKER_TIMEOUT = 90
_SCRATCH = {}  # test database -> its scratch copy (one per test run)


def _pg_args():
    args = []
    for option, key in (("-h", "db_host"), ("-p", "db_port"), ("-U", "db_user")):
        if config[key]:
            args += [option, str(config[key])]
    return args


def _pg_env():
    env = dict(os.environ)
    if config["db_password"]:
        env["PGPASSWORD"] = config["db_password"]
    return env


def scratch_database(dbname):
    """The scratch copy of ``dbname`` for this test run: made at the first call, dropped when the run ends."""
    if dbname in _SCRATCH:
        return _SCRATCH[dbname]
    name = f"{dbname}_scratch_{os.getpid()}"
    subprocess.run(["createdb", *_pg_args(), name], check=True, env=_pg_env())  # noqa: S603, S607
    atexit.register(_drop_database, name)
    with subprocess.Popen(  # noqa: S603, S607
        ["pg_dump", *_pg_args(), "-Fc", "-Z0", dbname], stdout=subprocess.PIPE, env=_pg_env()
    ) as dump:
        subprocess.run(  # noqa: S603, S607
            ["pg_restore", *_pg_args(), "--no-owner", "-d", name], stdin=dump.stdout, check=True, env=_pg_env()
        )
    if dump.returncode:
        raise RuntimeError(f"pg_dump {dbname} failed ({dump.returncode})")
    source = config.filestore(dbname)
    if os.path.isdir(source):
        # stored files are never changed in place (Odoo writes a new file per content): links are a safe copy
        shutil.copytree(source, config.filestore(name), copy_function=os.link)
    _SCRATCH[dbname] = name
    return name


def _drop_database(name):
    Registry.delete(name)
    sql_db.close_db(name)
    subprocess.run(["dropdb", *_pg_args(), "--force", "--if-exists", name], check=False, env=_pg_env())  # noqa: S603, S607
    shutil.rmtree(config.filestore(name), ignore_errors=True)


def scratch_registry(dbname):
    """The registry of the scratch copy of ``dbname``, loaded in this process (without running any test)."""
    name = scratch_database(dbname)
    test_enable = config["test_enable"]
    config["test_enable"] = False  # loading a registry with it runs the addons' at_install tests
    try:
        return Registry(name)
    finally:
        config["test_enable"] = test_enable


def odoo_env():
    """The environment variables of an Odoo process started by a test (Odoo's source on the path)."""
    pythonpath = os.pathsep.join(filter(None, [os.path.dirname(list(odoo.__path__)[0]), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": pythonpath}


class ScratchMixin:
    """Committed data that a separate Odoo process works on, in the scratch copy of the test database."""

    @property
    def scratch_db(self):
        return scratch_database(self.env.cr.dbname)

    @contextmanager
    def _env(self):
        """A superuser environment on a real cursor of the scratch database (committed by the caller)."""
        with closing(scratch_registry(self.env.cr.dbname).cursor()) as cr:
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


class KillMixin(ScratchMixin):
    """A worker process (``job_worker.py``) runs a scheduled action on the scratch database, stops after a method
    with everything written and nothing committed, and is killed there (SIGKILL)."""

    def _kill_in_the_middle(self, cron_xmlid, model, method, record, while_paused=None):
        """Run ``cron_xmlid`` in a worker that stops after ``model``'s ``method``; call ``while_paused(env)`` (an
        environment of another transaction) there, kill the worker and wait until PostgreSQL has ended its
        transaction (``record``'s row is free again)."""
        with tempfile.TemporaryDirectory() as tmp:
            pause_file = Path(tmp) / "paused"
            log_path = Path(tmp) / "worker.log"
            with log_path.open("w+") as log:
                process = subprocess.Popen(  # noqa: S603 - our own worker script
                    [sys.executable, str(WORKER), config["config"], self.scratch_db, cron_xmlid, model, method,
                     str(pause_file)],
                    stdout=log, stderr=subprocess.STDOUT, env=odoo_env(),
                )
                try:
                    deadline = time.monotonic() + WORKER_TIMEOUT
                    while not pause_file.exists():
                        if process.poll() is not None or time.monotonic() > deadline:
                            log.seek(0)
                            self.fail(f"the worker did not reach the pause:\n{log.read()[-3000:]}")
                        time.sleep(0.2)
                    if while_paused:
                        with self._env() as env:
                            while_paused(env)
                    os.kill(process.pid, signal.SIGKILL)
                    process.wait(timeout=30)
                finally:
                    if process.poll() is None:
                        process.kill()
                        process.wait()
        self._wait_until_free(record)

    def _wait_until_free(self, record):
        """Wait until PostgreSQL has ended the killed worker's transaction (``record``'s row is no longer locked)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with self._env() as env:
                env.cr.execute(f'SELECT id FROM "{record._table}" WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED',
                               [record.id])
                if env.cr.fetchone():
                    return
            time.sleep(0.2)
        self.fail("the killed worker's transaction still holds the record")

    def _run_scheduled_action(self, cron_xmlid):
        """The next run of the scheduled action (in this process, on real cursors of the scratch database)."""
        with self._env() as env:
            env.ref(cron_xmlid).method_direct_trigger()
            env.cr.commit()

    def _assert_still_queued(self, env, record, cron_xmlid):
        """After the kill: ``record`` is still queued and the scheduler runs its job again."""
        record = record.with_env(env)
        self.assertEqual(record.job_state, "queued", "still queued for the next run")
        cron = env.ref(cron_xmlid)
        self.assertTrue(
            env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            "the killed run's trigger stays: the scheduler runs the job again",
        )
