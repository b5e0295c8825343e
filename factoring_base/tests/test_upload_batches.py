# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Uploading transfer batches to the factor through Odoo, against real servers on 127.0.0.1.

OpenSSH sshd (password and key login, pinned host key), pyftpdlib (plain FTP and explicit FTPS) and a folder: the
batch's file is always checked on the server side (the bytes in the directory the server writes to). The servers
are started once for the test class (servers.py next to this file) and stopped at its end.
"""

import os
import random
import shutil
import tempfile
import time
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.factoring_base.tests.test_batch import BatchCommon

from . import servers

TIMEOUT = 5.0


def listing(directory):
    return sorted(os.listdir(directory))


def clear(directory):
    for name in os.listdir(directory):
        os.remove(os.path.join(directory, name))


@tagged("post_install", "-at_install")
class TestUploadBatches(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sshd = servers.SshServer()
        cls.addClassCleanup(cls.sshd.cleanup)
        cls.sshd.start()
        cls.ftpd = servers.FtpServer()
        cls.addClassCleanup(cls.ftpd.cleanup)
        cls.ftpd.start()
        cls.ftpsd = servers.FtpServer(tls=True)
        cls.addClassCleanup(cls.ftpsd.cleanup)
        cls.ftpsd.start()
        cls.folder = tempfile.mkdtemp(prefix="factoring-folder-")
        cls.addClassCleanup(shutil.rmtree, cls.folder, True)
        cls.key_dir = tempfile.mkdtemp(prefix="factoring-keys-")
        cls.addClassCleanup(shutil.rmtree, cls.key_dir, True)
        cls.private_key, public_key = servers.generate_ssh_key(cls.key_dir, "ed25519")
        cls.sshd.add_authorized_key(public_key)
        cls.env = cls.env(context=dict(cls.env.context, factoring_transport_timeout=TIMEOUT))
        cls.factor = cls.factor.with_env(cls.env)
        cls.user = cls._create_factoring_user("factoring_upload_user", "Factoring Upload User")
        cls.manager = cls._create_factoring_user("factoring_upload_manager", "Factoring Upload Manager", manager=True)

    def setUp(self):
        super().setUp()
        for server in (self.sshd, self.ftpd, self.ftpsd):
            server.start()  # a test may have stopped or killed it
        clear(self.folder)
        clear(self.sshd.upload_dir)
        for ftpd in (self.ftpd, self.ftpsd):
            shutil.rmtree(self.ftp_inbox(ftpd), ignore_errors=True)
            os.mkdir(self.ftp_inbox(ftpd))

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @staticmethod
    def ftp_inbox(ftpd):
        return os.path.join(ftpd.home_dir, "inbox")

    def _use_folder(self):
        self.factor.write({"transport": "folder", "folder_path": self.folder})
        return self.folder

    def _use_sftp(self, key=False, pin=True):
        self.factor.write(
            {
                "transport": "sftp",
                "sftp_host": self.sshd.host,
                "sftp_port": self.sshd.port,
                "sftp_user": self.sshd.username,
                "sftp_password": False if key else self.sshd.password,
                "sftp_private_key": self.private_key if key else False,
                "sftp_remote_dir": self.sshd.upload_dir,
            }
        )
        if pin:
            self._pin_host_key()
        return self.sshd.upload_dir

    def _pin_host_key(self):
        action = self.factor.with_user(self.manager).action_fetch_host_key()
        wizard = self.env["factoring.host.key"].browse(action["res_id"])
        self.assertEqual(wizard.fingerprint, self.sshd.host_key_fingerprint, "the key the server really presents")
        self.assertEqual(wizard.key_base64, self.sshd.host_key_base64)
        wizard.with_user(self.manager).action_confirm()
        self.assertEqual(self.factor.sftp_host_key_fingerprint, self.sshd.host_key_fingerprint)

    def _use_ftp(self, ftpd):
        self.factor.write(
            {
                "transport": "ftp",
                "ftp_host": ftpd.host,
                "ftp_port": ftpd.port,
                "ftp_user": ftpd.username,
                "ftp_password": ftpd.password,
                "ftp_tls": ftpd.tls,
                "ftp_passive": True,
                "ftp_remote_dir": "/inbox",
                "ftp_ca_certificate": ftpd.certificate_pem or False,
            }
        )
        return self.ftp_inbox(ftpd)

    def _confirmed_batch(self, amount=1000.0):
        invoice = self._create_invoice(amount=amount)
        batch = self._transfer(moves=invoice, confirm=True)
        self.assertEqual(batch.state, "confirmed")
        return batch

    def _assert_sent(self, batch, directory, remote_dir=None):
        self.assertEqual(batch.state, "sent")
        self.assertFalse(batch.upload_error)
        expected = {att.name: att.raw for att in batch.file_ids}
        self.assertEqual(listing(directory), sorted(expected), "only the final names, no temporary file left")
        for name, raw in expected.items():
            self.assertEqual(Path(directory, name).read_bytes(), raw)
        message = batch.message_ids[:1].body
        for name, raw in expected.items():
            self.assertIn(os.path.join(remote_dir or directory, name), message)
            self.assertIn(f"{len(raw)} bytes", message)
        self.assertIn("UTC", message)

    # ------------------------------------------------------------------
    # Successful uploads
    # ------------------------------------------------------------------
    def test_send_to_folder_never_twice(self):
        directory = self._use_folder()
        batch = self._confirmed_batch()
        action = batch.with_user(self.user).action_send()
        self.assertEqual(action["params"]["type"], "success")
        self._assert_sent(batch, directory)
        self.assertEqual(batch.sent_by_id, self.user)
        # A sent batch is never uploaded again: the button refuses, the internal call does nothing.
        with self.assertRaisesRegex(UserError, "Only confirmed batches can be sent"):
            batch.action_send()
        Path(directory, batch.file_ids.name).unlink()
        self.assertTrue(batch._upload())
        self.assertEqual(listing(directory), [])

    def test_send_sftp_with_password(self):
        directory = self._use_sftp()
        batch = self._confirmed_batch()
        batch.action_send()
        self._assert_sent(batch, directory)

    def test_send_sftp_with_key(self):
        directory = self._use_sftp(key=True)
        batch = self._confirmed_batch()
        batch.action_send()
        self._assert_sent(batch, directory)

    def test_send_ftp_and_ftps(self):
        for ftpd in (self.ftpd, self.ftpsd):
            with self.subTest(tls=ftpd.tls):
                directory = self._use_ftp(ftpd)
                batch = self._confirmed_batch()
                batch.action_send()
                self._assert_sent(batch, directory, "/inbox")

    def test_temporary_name_then_rename(self):
        directory = self._use_sftp()
        batch = self._confirmed_batch()
        name = batch.file_ids.name
        seen = []

        def look(sent, total):
            seen.append(listing(directory))

        self.assertTrue(batch._lock_for_upload() and batch._upload(progress=look))
        self.assertTrue(seen)
        self.assertEqual(seen[-1], [f".{name}.part"], "written under the temporary name, the final name absent")
        self._assert_sent(batch, directory)

    def test_remote_file_with_same_name_and_size_counts_as_done(self):
        directory = self._use_folder()
        batch = self._confirmed_batch()
        Path(directory, batch.file_ids.name).write_bytes(batch.file_ids.raw)
        batch.action_send()
        self.assertEqual(batch.state, "sent")
        self.assertIn("already on the server", batch.message_ids[:1].body)

    def test_different_remote_file_is_an_error_not_an_overwrite(self):
        directory = self._use_folder()
        batch = self._confirmed_batch()
        Path(directory, batch.file_ids.name).write_bytes(b"another file")
        action = batch.action_send()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertEqual(batch.state, "confirmed")
        self.assertIn("already exists", batch.upload_error)
        self.assertEqual(Path(directory, batch.file_ids.name).read_bytes(), b"another file")

    # ------------------------------------------------------------------
    # Failures and retries
    # ------------------------------------------------------------------
    def test_retry_after_server_down(self):
        directory = self._use_ftp(self.ftpd)
        self.factor.auto_upload = True
        batch = self._confirmed_batch()
        self.ftpd.stop()
        before = fields.Datetime.now()
        self.env["factoring.batch"]._cron_upload()
        self.assertEqual(batch.state, "confirmed")
        self.assertEqual(len(batch.file_ids), 1, "the batch keeps its file")
        self.assertIn("connection refused", batch.upload_error)
        self.assertEqual(batch.upload_attempts, 1)
        self.assertFalse(batch.upload_needs_attention, "a server that is down is retried automatically")
        self.assertGreaterEqual(batch.upload_next_try, before + timedelta(minutes=5))
        self.assertLessEqual(batch.upload_next_try, fields.Datetime.now() + timedelta(minutes=5))
        failed = self.env["factoring.batch"].search([("id", "=", batch.id), ("state", "=", "confirmed"),
                                                     ("upload_error", "!=", False)])
        self.assertEqual(failed, batch, "the 'Upload failed' filter finds it")
        # Not due yet: the next run leaves it alone.
        self.env["factoring.batch"]._cron_upload()
        self.assertEqual(batch.upload_attempts, 1)
        # Due and still down: the delay doubles.
        batch.sudo().upload_next_try = fields.Datetime.now() - timedelta(seconds=1)  # time passes
        self.env["factoring.batch"]._cron_upload()
        self.assertEqual(batch.upload_attempts, 2)
        self.assertGreaterEqual(batch.upload_next_try, batch.upload_last_try + timedelta(minutes=10))
        # The server is back: the next due run sends it.
        self.ftpd.start()
        batch.sudo().upload_next_try = fields.Datetime.now() - timedelta(seconds=1)  # time passes
        self.assertEqual(self.env["factoring.batch"]._cron_upload(), batch)
        self._assert_sent(batch, directory, "/inbox")
        self.assertFalse(batch.upload_next_try)

    def test_refused_host_key(self):
        directory = self._use_sftp(pin=False)
        other_host_key = servers.SshServer()  # another server's key: what a man in the middle would present
        try:
            self.factor.sudo().sftp_host_key_fingerprint = other_host_key.host_key_fingerprint
        finally:
            other_host_key.cleanup()
        batch = self._confirmed_batch()
        action = batch.action_send()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertEqual(batch.state, "confirmed")
        self.assertIn("host key", batch.upload_error)
        self.assertIn(self.sshd.host_key_fingerprint, batch.upload_error)
        self.assertEqual(batch.upload_attempts, 1)
        self.assertEqual(listing(directory), [])
        # Never auto-accepted: the pin is unchanged until a manager confirms the new key.
        self.assertEqual(self.factor.sftp_host_key_fingerprint, other_host_key.host_key_fingerprint)

    def test_wrong_password(self):
        directory = self._use_sftp()
        self.factor.sftp_password = "not-the-password"
        batch = self._confirmed_batch()
        batch.action_send()
        self.assertEqual(batch.state, "confirmed")
        self.assertIn("login refused", batch.upload_error)
        self.assertNotIn("not-the-password", batch.upload_error)
        self.assertNotIn("not-the-password", batch.message_ids[:1].body)
        self.assertEqual(listing(directory), [])

    def _assert_waits_for_a_person(self, batch, error, attempts=1):
        self.assertEqual(batch.state, "confirmed")
        self.assertIn(error, batch.upload_error)
        self.assertEqual(batch.upload_attempts, attempts)
        self.assertTrue(batch.upload_needs_attention)
        self.assertFalse(batch.upload_next_try)
        self.assertIn("Upload failed (attempt", batch.message_ids[:1].body)  # posted when the error changes
        waiting = self.env["factoring.batch"].search([("id", "=", batch.id), ("state", "=", "confirmed"),
                                                     ("upload_needs_attention", "=", True)])
        self.assertEqual(waiting, batch, "the 'Upload needs attention' filter finds it")
        # The scheduled action leaves it alone, however often it runs.
        self.assertFalse(self.env["factoring.batch"]._cron_upload())
        self.assertEqual(batch.upload_attempts, attempts)

    def test_refused_login_waits_for_the_manager(self):
        directory = self._use_sftp()
        self.factor.write({"sftp_password": "not-the-password", "auto_upload": True})
        batch = self._confirmed_batch()
        refused_logins = self.sshd.log_text().count("Failed password")
        self.assertFalse(self.env["factoring.batch"]._cron_upload())
        deadline = time.monotonic() + 5
        while self.sshd.log_text().count("Failed password") == refused_logins:
            self.assertLess(time.monotonic(), deadline, "the server logs the refused login")
            time.sleep(0.01)
        self._assert_waits_for_a_person(batch, "login refused")
        time.sleep(0.2)
        self.assertEqual(self.sshd.log_text().count("Failed password"), refused_logins + 1, "no further login")
        self.assertEqual(listing(directory), [])
        # A manager corrects the password: the next run sends the batch.
        self.factor.with_user(self.manager).sftp_password = self.sshd.password
        self.assertFalse(batch.upload_needs_attention)
        self.assertEqual(self.env["factoring.batch"]._cron_upload(), batch)
        self._assert_sent(batch, directory)
        self.assertFalse(batch.upload_needs_attention)

    def test_host_key_mismatch_waits_until_a_new_key_is_pinned(self):
        directory = self._use_sftp(pin=False)
        other_host_key = servers.SshServer()
        try:
            self.factor.sudo().sftp_host_key_fingerprint = other_host_key.host_key_fingerprint
        finally:
            other_host_key.cleanup()
        self.factor.auto_upload = True
        batch = self._confirmed_batch()
        self.assertFalse(self.env["factoring.batch"]._cron_upload())
        self._assert_waits_for_a_person(batch, "host key mismatch")
        # Send to Factor by hand tries again (and is refused again).
        self.assertEqual(batch.action_send()["params"]["type"], "danger")
        self._assert_waits_for_a_person(batch, "host key mismatch", attempts=2)
        # A manager fetches and pins the server's key: the next run sends the batch.
        self._pin_host_key()
        self.assertEqual(self.env["factoring.batch"]._cron_upload(), batch)
        self._assert_sent(batch, directory)

    def test_name_conflict_and_missing_directory_wait_for_a_person(self):
        directory = self._use_ftp(self.ftpd)
        self.factor.write({"auto_upload": True, "ftp_remote_dir": "/no/such/dir"})
        batch = self._confirmed_batch()
        self.assertFalse(self.env["factoring.batch"]._cron_upload())
        self._assert_waits_for_a_person(batch, "remote directory '/no/such/dir' is not accessible")
        # The manager corrects the directory; on the server another file has the batch's name meanwhile.
        Path(directory, batch.file_ids.name).write_bytes(b"another file")
        self.factor.ftp_remote_dir = "/inbox"
        self.assertFalse(self.env["factoring.batch"]._cron_upload())
        self._assert_waits_for_a_person(batch, "already exists", attempts=2)
        self.assertEqual(Path(directory, batch.file_ids.name).read_bytes(), b"another file", "never overwritten")
        # Someone removes the other file on the server and presses Send to Factor.
        Path(directory, batch.file_ids.name).unlink()
        self.assertEqual(batch.action_send()["params"]["type"], "success")
        self._assert_sent(batch, directory, "/inbox")
        self.assertFalse(batch.upload_needs_attention)

    def test_connection_cut_mid_transfer_then_one_complete_file(self):
        directory = self._use_sftp()
        batch = self._confirmed_batch()
        big = random.Random(5).randbytes(8 * 1024 * 1024)
        batch._attach_files([{"name": "annex.bin", "content": big}])
        killed = []

        def kill_once_data_arrived(sent, total):
            part = Path(directory, ".annex.bin.part")
            if total == len(big) and not killed:
                deadline = time.monotonic() + 5
                while not (part.exists() and part.stat().st_size > 0):
                    self.assertLess(time.monotonic(), deadline)
                    time.sleep(0.005)
                self.sshd.kill()
                killed.append(sent)

        self.assertFalse(batch._lock_for_upload() and batch._upload(progress=kill_once_data_arrived))
        self.assertTrue(killed)
        self.assertEqual(batch.state, "confirmed")
        self.assertIn("connection dropped", batch.upload_error)
        self.assertEqual(batch.upload_attempts, 1)
        self.assertFalse(batch.upload_needs_attention)
        self.assertTrue(batch.upload_next_try)
        self.sshd.start()
        self.factor.auto_upload = True
        batch.sudo().upload_next_try = fields.Datetime.now() - timedelta(seconds=1)  # time passes
        self.env["factoring.batch"]._cron_upload()
        self._assert_sent(batch, directory)
        self.assertEqual(Path(directory, "annex.bin").read_bytes(), big)

    # ------------------------------------------------------------------
    # Settings, test connection, secrets
    # ------------------------------------------------------------------
    def test_test_connection_reports_success_or_the_reason(self):
        self._use_sftp()
        action = self.factor.with_user(self.manager).action_test_connection()
        self.assertEqual(action["params"]["type"], "success")
        self.factor.sftp_password = "wrong"
        action = self.factor.with_user(self.manager).action_test_connection()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("login refused", action["params"]["message"])
        with self.assertRaises(AccessError):
            self.factor.with_user(self.user).action_test_connection()

    def test_secrets_are_for_managers_only(self):
        self._use_sftp(key=True)
        self.factor.sftp_password = "secret-password"
        factor = self.factor.with_user(self.user)
        self.assertEqual(factor.name, self.factor.name)
        for fname in ("sftp_password", "sftp_private_key", "sftp_passphrase", "ftp_password"):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                factor.read([fname])
            self.assertNotIn(fname, factor.fields_get())
            self.assertIn(fname, self.factor.with_user(self.manager).fields_get())
            self.assertFalse(self.factor._fields[fname].exportable)
            self.assertFalse(self.factor._fields[fname].copy)
        self.assertEqual(self.factor.with_user(self.manager).sftp_password, "secret-password")
        # The Transport tab exists for managers only.
        user_arch = self.env["factoring.factor"].with_user(self.user).get_views([(False, "form")])
        manager_arch = self.env["factoring.factor"].with_user(self.manager).get_views([(False, "form")])
        self.assertNotIn("sftp_password", user_arch["views"]["form"]["arch"])
        self.assertNotIn("action_test_connection", user_arch["views"]["form"]["arch"])
        self.assertIn("sftp_password", manager_arch["views"]["form"]["arch"])
        self.assertIn("action_fetch_host_key", manager_arch["views"]["form"]["arch"])
        # A user may still send: the settings are read by the system, never shown.
        batch = self._confirmed_batch()
        batch.with_user(self.user).action_send()
        self.assertEqual(batch.state, "sent")
        bodies = " ".join(self.factor.message_ids.mapped("body") + batch.message_ids.mapped("body"))
        self.assertNotIn("secret-password", bodies)
        self.assertNotIn(self.private_key.splitlines()[1], bodies)

    def test_cron_transfers_and_uploads(self):
        directory = self._use_folder()
        self.factor.write({"auto_transfer": True, "auto_upload": True})
        invoice = self._create_invoice(amount=500.0)
        cron = self.env.ref("factoring_base.ir_cron_factoring_transfer_upload")
        self.assertTrue(cron.active)
        cron.ir_actions_server_id.run()  # what the scheduler runs
        batch = self.env["factoring.batch"].search([("factor_id", "=", self.factor.id)])
        self.assertEqual(len(batch), 1)
        self.assertEqual(batch.line_ids.move_id, invoice)
        self._assert_sent(batch, directory)
        # Nothing due: the next run creates nothing and uploads nothing.
        self.env["factoring.factor"]._cron_transfer_and_upload()
        self.assertEqual(self.env["factoring.batch"].search_count([("factor_id", "=", self.factor.id)]), 1)

    # ------------------------------------------------------------------
    # Two workers at once
    # ------------------------------------------------------------------
    def test_cron_under_two_concurrent_workers(self):
        """Two cron workers on two real transactions: one batch, one upload.

        The demo factor is configured and committed; worker A runs the cron and holds its locks (not committed),
        worker B runs the cron meanwhile. Both roll back; the demo factor's settings are restored.
        """
        def cursor():
            cr = sql_db.db_connect(self.env.cr.dbname).cursor()
            cr.execute("SET lock_timeout = '5s'")
            return closing(cr)

        def environment(cr):
            return api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "factoring_transport_timeout": TIMEOUT})

        settings = {"transport": "folder", "folder_path": self.folder, "auto_transfer": True, "auto_upload": True}
        with cursor() as cr_setup:
            factor = environment(cr_setup).ref("factoring_base.demo_factor_dfb", raise_if_not_found=False)
            if not factor:
                self.fail("the test database must hold the demo data (setup/test builds it with demo)")
            original = factor.read(list(settings))[0]
            original.pop("id")
            factor.write(settings)
            cr_setup.commit()
        try:
            with cursor() as cr_a, cursor() as cr_b:
                env_a, env_b = environment(cr_a), environment(cr_b)
                Batch_a, Batch_b = env_a["factoring.batch"], env_b["factoring.batch"]
                before = Batch_b.search_count([("factor_id", "=", factor.id)])
                env_a["factoring.factor"]._cron_transfer_and_upload()
                batches_a = Batch_a.search([("factor_id", "=", factor.id)], order="id desc", limit=1)
                self.assertEqual(batches_a.state, "sent", "worker A transferred and uploaded")
                files = listing(self.folder)
                self.assertEqual(files, sorted(batches_a.file_ids.mapped("name")))
                # Worker B runs while A still holds the factor and the batch: it skips them, silently. Without the
                # factor's lock B would try and fail on the documents A holds, and say so on the factor.
                messages = env_b["mail.message"].search_count([("model", "=", "factoring.factor")])
                env_b["factoring.factor"]._cron_transfer_and_upload()
                self.assertEqual(Batch_b.search_count([("factor_id", "=", factor.id)]), before, "B made no batch")
                self.assertEqual(env_b["mail.message"].search_count([("model", "=", "factoring.factor")]), messages,
                                 "B skipped the factor A holds: no failure to report")
                self.assertEqual(listing(self.folder), files, "B uploaded nothing")
                cr_b.rollback()
                cr_a.rollback()
        finally:
            with cursor() as cr_setup:
                environment(cr_setup)["factoring.factor"].browse(factor.id).write(original)
                cr_setup.commit()

    def test_upload_under_two_concurrent_workers(self):
        """A confirmed batch (committed) and two cron workers: the file is uploaded once.

        B skips the batch A is uploading (SKIP LOCKED); a worker whose snapshot predates A's commit skips it too
        instead of uploading it again. The batch holds no documents, so nothing in the accounting is touched; it
        is deleted again at the end and the demo factor's settings are restored.
        """
        def cursor():
            cr = sql_db.db_connect(self.env.cr.dbname).cursor()
            cr.execute("SET lock_timeout = '5s'")
            return closing(cr)

        def environment(cr):
            return api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "factoring_transport_timeout": TIMEOUT})

        settings = {"transport": "folder", "folder_path": self.folder, "auto_transfer": False, "auto_upload": True}
        with cursor() as cr_setup:
            env = environment(cr_setup)
            factor = env.ref("factoring_base.demo_factor_dfb", raise_if_not_found=False)
            if not factor:
                self.fail("the test database must hold the demo data (setup/test builds it with demo)")
            original = factor.read(list(settings))[0]
            original.pop("id")
            factor.write(settings)
            batch = env["factoring.batch"].create({"factor_id": factor.id, "name": "TEST-UPLOAD-LOCK"})
            batch._attach_files([{"name": "TEST-UPLOAD-LOCK.csv", "content": b"one;file\r\n"}])
            batch.state = "confirmed"
            cr_setup.commit()
        try:
            with cursor() as cr_a, cursor() as cr_b, cursor() as cr_c:
                env_a, env_b, env_c = environment(cr_a), environment(cr_b), environment(cr_c)
                # C's snapshot: before A commits
                self.assertEqual(env_c["factoring.batch"].browse(batch.id).state, "confirmed")
                self.assertEqual(env_a["factoring.batch"]._cron_upload(), batch.with_env(env_a))
                self.assertEqual(listing(self.folder), ["TEST-UPLOAD-LOCK.csv"])
                os.remove(os.path.join(self.folder, "TEST-UPLOAD-LOCK.csv"))  # a second upload would show
                # B runs while A holds the batch: skipped.
                self.assertFalse(env_b["factoring.batch"]._cron_upload())
                self.assertEqual(env_b["factoring.batch"].browse(batch.id).upload_attempts, 0)
                cr_b.rollback()
                cr_a.commit()
                # C still sees the batch confirmed (its snapshot), but A sent it meanwhile: skipped.
                self.assertFalse(env_c["factoring.batch"]._cron_upload())
                cr_c.rollback()
                self.assertEqual(listing(self.folder), [], "uploaded exactly once")
                self.assertEqual(env_b["factoring.batch"].browse(batch.id).state, "sent")
                cr_b.rollback()
        finally:
            with cursor() as cr_setup:
                env = environment(cr_setup)
                env["factoring.factor"].browse(factor.id).write(original)
                # A batch that had a file is never deleted through Odoo (nor its file): the test's own batch, which
                # holds no document and no entry, is removed in SQL, its file's bytes left to the filestore's GC.
                stale = env["factoring.batch"].browse(batch.id)
                files = stale.file_ids
                for store_fname in set(files.mapped("store_fname")) - {False}:
                    files._file_delete(store_fname)
                env.cr.execute("DELETE FROM factoring_batch WHERE id = %s", [batch.id])
                env.cr.execute("DELETE FROM ir_attachment WHERE id IN %s", [tuple(files.ids)])
                env.invalidate_all()
                cr_setup.commit()
