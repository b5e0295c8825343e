# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A large settlement is posted by the scheduled action, not in the request (``factoring.background.mixin``)."""

import base64
import io

import openpyxl

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.factoring_base.tests.progress import watch_progress

from .common import SettlementCommon

JOB_LOGGER = "odoo.addons.factoring_base.models.factoring_background"


@tagged("post_install", "-at_install")
class TestSettlementInBackground(SettlementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="settlement_bg_user",
            groups="factoring_base.group_factoring_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.cron = cls.env.ref("factoring_settlement.ir_cron_factoring_settlement_jobs")

    def _run_jobs(self):
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def _queued_settlement(self, amount=3570.0):
        inv1 = self._create_invoice(amount=1000.0)  # 1190.00
        inv2 = self._create_invoice(partner=self.second_customer, amount=2000.0)  # 2380.00
        self._transfer(inv1 + inv2)
        self.company.factoring_background_threshold = 2
        settlement = self._settlement(self._item(inv1 + inv2), amount_to_settle=amount).with_user(self.user)
        settlement.action_post()
        return settlement, inv1 + inv2

    def test_large_settlement_is_posted_by_the_scheduled_action(self):
        settlement, invoices = self._queued_settlement()
        self.assertEqual((settlement.state, settlement.job_state), ("draft", "queued"))
        self.assertFalse(settlement.move_id)
        for action in (settlement.action_post, settlement.action_cancel, settlement.draft2posted, settlement.unlink):
            with self.assertRaisesRegex(UserError, "already being processed in the background"):
                action()
        with self.assertRaisesRegex(UserError, "already being processed in the background"):
            settlement.amount_to_settle = 1.0
        with self.assertRaisesRegex(UserError, "already being processed in the background"):
            settlement.line_ids[:1].unlink()

        self._run_jobs()
        self.assertEqual((settlement.state, settlement.job_state), ("posted", False))
        self.assertEqual(settlement.move_id.state, "posted")
        self.assertEqual(settlement.move_id.create_uid, self.user, "posted as the user who asked")
        self.assertEqual(set(invoices.mapped("factoring_state")), {"settled"})
        self.assertTrue(all(self._item(invoices).mapped("reconciled")))
        message = settlement.message_ids.filtered(lambda msg: "in the background" in msg.body)
        self.assertIn("posted in the background: 2 items", message.body)
        self.assertIn(self.user.partner_id, message.partner_ids)

    def test_progress_is_reported_per_item(self):
        settlement, _invoices = self._queued_settlement()
        with watch_progress(self.env, "factoring.settlement", "_prepare_item_group_vals", settlement) as seen:
            self._run_jobs()
        self.assertEqual(settlement.state, "posted")
        self.assertEqual(seen, [("Building the settlement entry", 0, 2), ("Building the settlement entry", 1, 2)])

    @mute_logger(JOB_LOGGER)
    def test_failure_is_listed_and_nothing_is_posted(self):
        # The difference must be zero: the job refuses with the figures, as Post does.
        settlement, invoices = self._queued_settlement(amount=3000.0)
        self._run_jobs()
        self.assertEqual((settlement.state, settlement.job_state), ("draft", "failed"))
        self.assertIn(f"Settlement {settlement.name} cannot be posted", settlement.job_error)
        self.assertIn("Open must be zero", settlement.job_error)
        self.assertFalse(settlement.move_id)
        self.assertEqual(set(invoices.mapped("factoring_state")), {"transferred"})
        self.assertFalse(any(self._item(invoices).mapped("reconciled")))
        # Corrected and posted again: the errors go.
        settlement.amount_to_settle = 3570.0
        settlement.action_post()
        self._run_jobs()
        self.assertEqual((settlement.state, settlement.job_state, settlement.job_error), ("posted", False, False))

    def test_small_settlement_is_posted_in_the_request(self):
        inv1 = self._create_invoice(amount=1000.0)
        self._transfer(inv1)
        self.company.factoring_background_threshold = 2
        settlement = self._settlement(self._item(inv1), amount_to_settle=1190.0)
        settlement.action_post()
        self.assertEqual((settlement.state, settlement.job_state), ("posted", False))

    def _mapping(self):
        return self.env["factoring.statement.mapping"].create(
            {"factor_id": self.factor.id, "name": "TFB statement", "header_row": 1, "column_document": "Belegnummer",
             "column_amount": "Betrag", "column_fee": "Gebühr", "column_retention": False, "column_deduction": False,
             "column_reason": False, "csv_delimiter": ";", "decimal_separator": ","}
        )

    def _import_file(self, settlement, rows):
        content = "\n".join(";".join(row) for row in [["Belegnummer", "Betrag", "Gebühr"], *rows]).encode()
        wizard = self.env["factoring.settlement.import"].with_user(self.user).create(
            {"settlement_id": settlement.id, "file": base64.b64encode(content), "filename": "abrechnung.csv"}
        )
        return wizard.action_import()

    def test_large_statement_is_imported_by_the_scheduled_action(self):
        inv1 = self._create_invoice(amount=1000.0)  # 1190.00
        inv2 = self._create_invoice(partner=self.second_customer, amount=2000.0)  # 2380.00
        self._transfer(inv1 + inv2)
        self._mapping()
        self.company.factoring_background_threshold = 3
        settlement = self._settlement().with_user(self.user)
        rows = [[inv1.name, "1.190,00", "10,71"], [inv2.name, "1.000,00", ""], ["RE/2026/99999", "5,00", ""]]
        action = self._import_file(settlement, rows)
        self.assertEqual(action["tag"], "display_notification", "the user is told it runs in the background")
        self.assertEqual(settlement.job_state, "queued")
        self.assertFalse(settlement.line_ids, "nothing imported in the request")
        self.assertIn("abrechnung.csv being imported in the background", settlement.job_title)
        statement = self.env["ir.attachment"].search(
            [("res_model", "=", settlement._name), ("res_id", "=", settlement.id)]
        )
        self.assertEqual(statement.name, "abrechnung.csv", "the factor's file is kept on the settlement")
        with self.assertRaisesRegex(UserError, "already being processed in the background"):
            self._import_file(settlement, rows)
        with self.assertRaisesRegex(UserError, "already being processed in the background"):
            settlement.action_post()

        with watch_progress(self.env, "factoring.settlement.import", "_read_statement_row", settlement) as seen:
            self._run_jobs()
        step = "Reading and matching the statement"
        self.assertEqual(seen, [(step, 0, 3), (step, 1, 3), (step, 2, 3)], "the progress per row")
        self.assertFalse(settlement.job_state, settlement.job_error)
        self.assertEqual(settlement.line_ids.document_id, inv1 + inv2)
        self.assertEqual(self._line(settlement, inv1).fee_amount, 10.71)
        self.assertEqual(self._line(settlement, inv2).amount_settled, 1000.0)
        bodies = settlement.message_ids.mapped("body")
        self.assertTrue(any("RE/2026/99999" in body and "Unmatched" in body for body in bodies), "the result")
        self.assertTrue(any("imported in the background" in body for body in bodies))

        # Below the threshold the import runs in the request, as before.
        settlement.line_ids.unlink()
        self._import_file(settlement, rows[:2])
        self.assertEqual(settlement.line_ids.document_id, inv1 + inv2)

    @mute_logger(JOB_LOGGER)
    def test_request_counts_rows_without_reading_the_file(self):
        """The request counts the rows (line ends) and does not decode or parse the file: a large file that cannot
        be read is queued, and the job lists why on the settlement."""
        inv1 = self._create_invoice(amount=1000.0)
        self._transfer(inv1)
        mapping = self._mapping()
        self.company.factoring_background_threshold = 3
        settlement = self._settlement().with_user(self.user)
        content = b"Belegnummer;Betrag;Geb\xc3\xbchr\n" + b"".join(
            f"{inv1.name};1.190,00;\n".encode() for _row in range(2)
        ) + b"RE/2026/1;\xff\xfe;\n"  # not UTF-8
        wizard = self.env["factoring.settlement.import"].with_user(self.user).create(
            {"settlement_id": settlement.id, "file": base64.b64encode(content), "filename": "abrechnung.csv"}
        )
        self.assertEqual(wizard._count_rows(), 4)
        self.assertEqual(wizard.action_import()["tag"], "display_notification")
        self.assertEqual(settlement.job_state, "queued")
        self._run_jobs()
        self.assertEqual(settlement.job_state, "failed")
        self.assertIn("cannot be read with encoding", settlement.job_error)
        self.assertFalse(settlement.line_ids)

        # An XLSX sheet: its stored size, the cells unread.
        workbook = openpyxl.Workbook()
        for row in [["Belegnummer", "Betrag", "Gebühr"], *([inv1.name, 1190.0, None] for _row in range(4))]:
            workbook.active.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        wizard = self.env["factoring.settlement.import"].with_user(self.user).create(
            {"settlement_id": settlement.id, "mapping_id": mapping.id, "file": base64.b64encode(buffer.getvalue()),
             "filename": "abrechnung.xlsx"}
        )
        self.assertEqual(wizard._count_rows(), 5)
