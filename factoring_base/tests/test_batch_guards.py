# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What users cannot do to a batch (as over RPC: the ORM as a plain Factoring User), and the scheduled transfer
going on after one factor's failure."""

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_batch import BatchCommon


@tagged("post_install", "-at_install")
class TestBatchGuards(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls._create_factoring_user("guard_clerk", "Guard clerk")

    def _user_transfer(self, amount=1000.0, confirm=False):
        """A plain Factoring User runs the transfer wizard (and confirms); returns the batch as that user."""
        invoice = self._create_invoice(amount=amount)
        wizard = self.env["factoring.transfer"].with_user(self.user).create(
            {"factor_id": self.factor.id, "restrict_move_ids": [(6, 0, invoice.ids)]}
        )
        batch = self.env["factoring.batch"].browse(wizard.action_create_batches()["res_id"]).with_user(self.user)
        if confirm:
            batch.action_confirm()
        return batch

    # ------------------------------------------------------------------
    # Batch lines change only in draft
    # ------------------------------------------------------------------
    def test_lines_of_confirmed_batch_stay(self):
        batch = self._user_transfer(confirm=True)
        self.assertEqual(batch.state, "confirmed", "the wizard and the confirmation work for a Factoring User")
        line = batch.line_ids
        invoice = line.move_id
        with self.assertRaises(UserError):
            line.unlink()
        with self.assertRaisesRegex(UserError, "only while it is a draft"):
            line.write({"amount_residual": 1.0})
        # Not even the system changes them once confirmed.
        with self.assertRaisesRegex(UserError, "only while it is a draft"):
            line.sudo().write({"amount_residual": 1.0})
        with self.assertRaisesRegex(UserError, "only while it is a draft"):
            line.sudo().unlink()
        other = self._create_invoice(amount=50.0)
        with self.assertRaisesRegex(UserError, "only while it is a draft"):
            self.env["factoring.batch.line"].with_user(self.user).create({"batch_id": batch.id, "move_id": other.id})
        self.assertEqual(batch.line_ids, line)
        self.assertEqual(line.amount_residual, 1190.0)
        self.assertEqual(invoice.factoring_state, "transferred", "the document stays with the factor's batch")
        batch.action_mark_sent()
        with self.assertRaisesRegex(UserError, "only while it is a draft"):
            line.unlink()
        batch.with_env(self.env).action_cancel()  # a Factoring Manager
        with self.assertRaisesRegex(UserError, "only while it is a draft"):
            line.sudo().unlink()
        self.assertTrue(line.exists())

    def test_lines_of_draft_batch_may_go(self):
        batch = self._user_transfer()
        extra = self._create_invoice(amount=70.0)
        self.env["factoring.batch.line"].with_user(self.user).create({"batch_id": batch.id, "move_id": extra.id})
        self.assertEqual(len(batch.line_ids), 2)
        batch.line_ids.filtered(lambda line: line.move_id == extra).unlink()
        self.assertEqual(len(batch.line_ids), 1)
        self.assertEqual(extra.factoring_state, "to_transfer")
        with self.assertRaises(AccessError, msg="the figures come from the documents, never typed"):
            batch.line_ids.write({"amount_residual": 1.0})

    def test_line_cannot_move_into_confirmed_batch(self):
        confirmed = self._user_transfer(confirm=True)
        draft = self._user_transfer(amount=300.0)
        with self.assertRaisesRegex(UserError, confirmed.name):
            draft.line_ids.sudo().write({"batch_id": confirmed.id})

    # ------------------------------------------------------------------
    # Batches with files or entries are never deleted, nor their files
    # ------------------------------------------------------------------
    def test_cancelled_batch_and_its_files_stay(self):
        batch = self._user_transfer(confirm=True)
        file = batch.file_ids
        self.assertEqual(len(file), 1)
        batch.action_cancel()
        self.assertEqual(batch.state, "cancelled")
        for who in (batch, batch.sudo()):
            with self.assertRaisesRegex(UserError, "never had a file or an entry"):
                who.unlink()
        with self.assertRaisesRegex(UserError, "kept for audit"):
            file.with_user(self.user).unlink()
        with self.assertRaisesRegex(UserError, "kept for audit"):
            file.sudo().unlink()
        self.assertTrue(batch.exists())
        self.assertEqual(batch.file_ids, file)
        self.assertEqual(file.raw.decode().count("\n"), 2, "header and one document")

    def test_cancelled_batch_without_rebooking_stays(self):
        self.factor.rebook_receivables = False
        batch = self._user_transfer(confirm=True)
        batch.action_cancel()
        self.assertFalse(batch.move_id)
        with self.assertRaisesRegex(UserError, "never had a file or an entry"):
            batch.unlink()

    def test_history_cannot_be_erased_to_delete(self):
        """Over RPC a user could try to clear the file, the entry or the state first: refused."""
        batch = self._user_transfer(confirm=True)
        file = batch.file_ids
        with self.assertRaisesRegex(UserError, "only moves forward"):
            batch.write({"state": "draft"})
        for vals in ({"file_ids": [(3, file.id)]}, {"file_ids": [(5,)]}, {"move_id": False}, {"file_sequence": 0},
                     {"confirmed_date": False}):
            # Each refused write is rolled back, as an RPC call is.
            with self.assertRaisesRegex(UserError, "cannot be changed or removed", msg=str(vals)), \
                    self.env.cr.savepoint():
                batch.sudo().write(vals)
            self.env.invalidate_all()
        batch.action_cancel()
        with self.assertRaisesRegex(UserError, "only moves forward"):
            batch.sudo().write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "cannot be changed or removed"):
            batch.sudo().write({"reversal_move_id": False})
        self.assertEqual(batch.file_ids, file)

    def test_state_and_records_change_only_through_the_actions(self):
        """Over RPC a user could set the state (skipping the file, the entry or its reversal), clear the upload
        status or move a confirmed batch to another factor: refused; the actions still work."""
        draft = self._user_transfer()
        invoice = draft.line_ids.move_id
        for vals in ({"state": "confirmed"}, {"state": "cancelled"}, {"upload_error": "hidden"},
                     {"confirmed_by_id": self.user.id}):
            with self.assertRaisesRegex(UserError, "only through its actions", msg=str(vals)), \
                    self.env.cr.savepoint():
                draft.write(vals)
            self.env.invalidate_all()
        self.assertEqual(draft.state, "draft")
        self.assertFalse(draft.file_ids)
        draft.write({"date": "2026-11-30"})  # a draft's data may still change
        draft.action_confirm()
        self.assertEqual(draft.state, "confirmed")
        self.assertTrue(draft.move_id)
        self.assertEqual(invoice.factoring_state, "transferred")

        other_factor = self.env["factoring.factor"].create(self._factor_vals(code="OTH", name="Other Factor"))
        for vals in ({"factor_id": other_factor.id}, {"date": "2026-12-01"}, {"name": "X-1"}):
            with self.assertRaisesRegex(UserError, "confirmed, sent or cancelled batch cannot be changed",
                                        msg=str(vals)), self.env.cr.savepoint():
                draft.sudo().write(vals)  # not even the system
            self.env.invalidate_all()
        with self.assertRaisesRegex(UserError, "only through its actions"), self.env.cr.savepoint():
            draft.write({"state": "cancelled"})
        self.env.invalidate_all()
        self.assertEqual(draft.factor_id, self.factor)
        self.assertFalse(draft.reversal_move_id)
        draft.action_cancel()  # the action reverses the entry
        self.assertEqual(draft.state, "cancelled")
        self.assertTrue(draft.reversal_move_id)
        self.assertEqual(invoice.factoring_state, "to_transfer")

    def test_untouched_draft_batch_can_be_deleted(self):
        batch = self._user_transfer()
        invoice = batch.line_ids.move_id
        batch.unlink()
        self.assertFalse(batch.exists())
        self.assertEqual(invoice.factoring_state, "to_transfer")
        # A cancelled draft never had a file: it may go too.
        draft = self._user_transfer(amount=20.0)
        draft.action_cancel()
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_other_attachments_still_deletable(self):
        batch = self._user_transfer(confirm=True)
        note = self.env["ir.attachment"].create(
            {"name": "note.txt", "raw": b"note", "res_model": "factoring.batch", "res_id": batch.id}
        )
        note.unlink()
        self.assertFalse(note.exists())

    # ------------------------------------------------------------------
    # File sequence: one number per factor and day
    # ------------------------------------------------------------------
    @mute_logger("odoo.sql_db")
    def test_file_sequence_unique_per_factor_and_day(self):
        first = self._user_transfer(confirm=True)
        second = self._user_transfer(amount=10.0, confirm=True)
        self.assertEqual((first.file_sequence, second.file_sequence), (1, 2))
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env.cr.execute("UPDATE factoring_batch SET file_sequence = 1 WHERE id = %s", [second.id])

    # ------------------------------------------------------------------
    # Scheduled transfer: one factor's failure does not stop the others
    # ------------------------------------------------------------------
    def _auto_transfer_with_broken_factor(self, sequence, broken_sequence):
        """The test factor and a second factor transfer automatically, each with a posted invoice; creating a batch
        of the second factor is refused by the database (a real constraint, rolled back with the test).
        Returns (invoice, broken factor, its invoice)."""
        self.factor.write({"auto_transfer": True, "transport": "manual", "sequence": sequence})
        invoice = self._create_invoice(amount=400.0)
        broken_partner = self.env["res.partner"].create({"name": "Broken Factor AG", "is_company": True})
        broken = self.env["factoring.factor"].create(self._factor_vals(
            code="BRK", name="Broken Factor", partner_id=broken_partner.id, bank_account_id=False,
            auto_transfer=True, transport="manual", sequence=broken_sequence,
        ))
        broken_customer = self.customer.copy({"name": "Broken Customer AG"})  # identified, with address
        broken_customer.factor_id = broken
        broken_invoice = self._create_invoice(partner=broken_customer, amount=100.0)
        self.assertEqual(broken_invoice.factor_id, broken)
        self.env.cr.execute(
            "ALTER TABLE factoring_batch ADD CONSTRAINT factoring_test_broken_factor CHECK (factor_id != %s)",
            [broken.id],
        )
        return invoice, broken, broken_invoice

    @mute_logger("odoo.addons.factoring_base.models.factoring_factor_cron", "odoo.sql_db")
    def test_cron_goes_on_after_a_broken_factor(self):
        """The first factor cannot create its batch (the database refuses it); the second one transfers, and the
        first one's chatter says why it did not."""
        invoice, broken, broken_invoice = self._auto_transfer_with_broken_factor(sequence=20, broken_sequence=1)
        factors = self.env["factoring.factor"].search([("auto_transfer", "=", True), ("transport", "!=", False)])
        self.assertEqual(factors.ids[:2], [broken.id, self.factor.id], "the broken factor runs first")
        self.env["factoring.factor"]._cron_transfer_and_upload()
        batch = self.env["factoring.batch"].search([("factor_id", "=", self.factor.id)])
        self.assertEqual(batch.state, "confirmed")
        self.assertEqual(batch.line_ids.move_id, invoice)
        self.assertEqual(invoice.factoring_state, "transferred")
        self.assertFalse(self.env["factoring.batch"].search([("factor_id", "=", broken.id)]))
        self.assertEqual(broken_invoice.factoring_state, "to_transfer", "rolled back, nothing half done")
        self.assertIn("Automatic transfer failed", broken.message_ids[:1].body)
        self.assertIn("factoring_test_broken_factor", broken.message_ids[:1].body)

    @mute_logger("odoo.addons.factoring_base.models.factoring_factor_cron", "odoo.sql_db")
    def test_scheduled_action_commits_each_factor_on_its_own(self):
        """The real scheduled action (run as the scheduler runs it, ``ir.cron`` job with its progress): each factor's
        work is committed on its own (``_commit_progress``), so the second factor's failure keeps the first one's
        batch, and the run reports every factor as processed."""
        invoice, broken, broken_invoice = self._auto_transfer_with_broken_factor(sequence=1, broken_sequence=20)
        factors = self.env["factoring.factor"].search([("auto_transfer", "=", True), ("transport", "!=", False)])
        self.assertLess(factors.ids.index(self.factor.id), factors.ids.index(broken.id), "the good factor runs first")
        cron = self.env.ref("factoring_base.ir_cron_factoring_transfer_upload")
        # The job runs in its own transaction, as the scheduler runs it; in test mode that transaction wraps the
        # test's (its commits are savepoints), so nothing leaves the test.
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()
        batch = self.env["factoring.batch"].search([("factor_id", "=", self.factor.id)])
        self.assertEqual(batch.state, "confirmed")
        self.assertEqual(invoice.factoring_state, "transferred")
        self.assertEqual(broken_invoice.factoring_state, "to_transfer", "rolled back, nothing half done")
        self.assertIn("Automatic transfer failed", broken.message_ids[:1].body)
        progress = self.env["ir.cron.progress"].search([("cron_id", "=", cron.id)], order="id desc", limit=1)
        self.assertEqual(progress.done, len(factors), "every factor was committed and counted on its own")
