# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two users transfer the same factor at the same moment: two real database transactions.

The test database holds the committed demo data (factor DFB and its posted invoices). Each transaction runs on
its own connection; nothing is committed except what a scenario cleans up again.
"""

from contextlib import closing

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestConcurrentTransfer(TransactionCase):
    def _cursor(self):
        cr = sql_db.db_connect(self.env.cr.dbname).cursor()
        cr.execute("SET lock_timeout = '5s'")
        return closing(cr)

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})

    def _demo_factor(self, env):
        factor = env.ref("factoring_base.demo_factor_dfb", raise_if_not_found=False)
        if not factor:
            self.fail("the test database must hold the demo data (setup/test builds it with demo)")
        return factor

    def test_two_transfers_never_share_a_document(self):
        with self._cursor() as cr_a, self._cursor() as cr_b:
            env_a, env_b = self._env(cr_a), self._env(cr_b)
            factor_a = self._demo_factor(env_a)
            wizard_a = env_a["factoring.transfer"].create({"factor_id": factor_a.id})
            wizard_b = env_b["factoring.transfer"].create({"factor_id": factor_a.id})
            self.assertTrue(wizard_a.selected_count)
            self.assertEqual(wizard_a.selected_count, wizard_b.selected_count, "both users see the same documents")
            batch_a = wizard_a._create_batches()
            # B holds no lock and A has not committed: B must not take any of A's documents.
            with self.assertRaisesRegex(UserError, "Another user is transferring"):
                wizard_b._create_batches()
            cr_b.rollback()
            self.assertEqual(len(batch_a.line_ids), wizard_a.selected_count)
            cr_a.rollback()

    @mute_logger("odoo.sql_db")
    def test_database_refuses_a_second_batch_after_commit(self):
        with self._cursor() as cr_a, self._cursor() as cr_b:
            env_a, env_b = self._env(cr_a), self._env(cr_b)
            factor = self._demo_factor(env_a)
            moves = env_a["account.move"].search(
                [("factor_id", "=", factor.id), ("factoring_state", "=", "to_transfer")], limit=2
            )
            self.assertEqual(len(moves), 2)
            wizard_b = env_b["factoring.transfer"].create({"factor_id": factor.id})  # B looks before A commits
            self.assertIn(moves[0], wizard_b.selected_line_ids.move_id)
            batch_a = env_a["factoring.batch"].create(
                {"factor_id": factor.id, "line_ids": [(0, 0, {"move_id": move.id}) for move in moves]}
            )
            cr_a.commit()
            try:
                # B's stale view still offers the documents; the unique index refuses them.
                refused = None
                try:
                    wizard_b._create_batches()
                except (UserError, pg_errors.UniqueViolation, pg_errors.SerializationFailure) as err:
                    refused = err
                self.assertIsNotNone(refused, "a second batch with the same documents must be refused")
                cr_b.rollback()
                count = env_b["factoring.batch.line"].search_count([("move_id", "in", moves.ids)])
                self.assertEqual(count, 2, "each document is in exactly one batch")
            finally:
                cr_b.rollback()
                batch_a.unlink()
                cr_a.commit()

    def test_two_confirmations_never_share_a_file_number(self):
        """A confirms a batch (not committed); B confirms another batch of the same factor the same day: B is told
        that another user is confirming, at once; after A's end B gets its own number."""
        with self._cursor() as cr_a, self._cursor() as cr_b:
            env_a, env_b = self._env(cr_a), self._env(cr_b)
            factor = self._demo_factor(env_a)
            moves = env_a["account.move"].search(
                [("factor_id", "=", factor.id), ("factoring_state", "=", "to_transfer")], limit=2
            )
            self.assertEqual(len(moves), 2)
            batch_a = env_a["factoring.batch"].create(
                {"factor_id": factor.id, "line_ids": [(0, 0, {"move_id": moves[0].id})]}
            )
            batch_b = env_b["factoring.batch"].create(
                {"factor_id": factor.id, "line_ids": [(0, 0, {"move_id": moves[1].id})]}
            )
            batch_a.action_confirm()
            number_a = batch_a.file_sequence
            self.assertTrue(number_a)
            with self.assertRaisesRegex(UserError, "Another user is confirming a batch of factor"):
                batch_b.action_confirm()
            cr_b.rollback()
            cr_a.rollback()
            # A is gone: B confirms and takes the number A had (nothing was committed with it).
            batch_b = env_b["factoring.batch"].create(
                {"factor_id": factor.id, "line_ids": [(0, 0, {"move_id": moves[1].id})]}
            )
            batch_b.action_confirm()
            self.assertEqual(batch_b.state, "confirmed")
            self.assertEqual(batch_b.file_sequence, number_a)
            cr_b.rollback()

    def test_scheduled_transfer_skips_a_factor_another_worker_holds(self):
        """Worker A holds the factor's lock (its transaction is open); worker B's automatic transfer of that factor
        must do nothing: no batch, no failure reported. Once A is gone, B transfers."""
        with self._cursor() as cr_a, self._cursor() as cr_b:
            env_a, env_b = self._env(cr_a), self._env(cr_b)
            factor_a = self._demo_factor(env_a)
            factor_b = factor_a.with_env(env_b)
            self.assertTrue(factor_a._lock_for_auto_transfer())
            before = env_b["factoring.batch"].search_count([("factor_id", "=", factor_b.id)])
            messages = len(factor_b.message_ids)
            self.assertFalse(factor_b._auto_transfer())
            self.assertEqual(env_b["factoring.batch"].search_count([("factor_id", "=", factor_b.id)]), before)
            factor_b.invalidate_recordset()
            self.assertEqual(len(factor_b.message_ids), messages, "skipped, not failed")
            cr_b.rollback()
            cr_a.rollback()
            batches = factor_b._auto_transfer()
            self.assertTrue(batches)
            self.assertEqual(batches.mapped("state"), ["confirmed"] * len(batches))
            cr_b.rollback()
