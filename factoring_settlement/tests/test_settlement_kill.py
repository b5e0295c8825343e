# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The worker posting a settlement or importing a statement in the background is killed (SIGKILL, a real Odoo
process) in the middle: nothing of it is kept, and the next run of the scheduled action completes it.

The machinery is the batch's kill test's (``factoring_base.tests.scratch``): the data is committed into the scratch
copy of the test database, dropped when the test run ends.
"""

import base64

from odoo.tests import TransactionCase, tagged

from odoo.addons.factoring_base.tests.scratch import KillMixin

CRON = "factoring_settlement.ir_cron_factoring_settlement_jobs"


@tagged("post_install", "-at_install")
class TestSettlementKill(KillMixin, TransactionCase):
    def _scratch_settlement(self, env):
        """A scratch factor's confirmed batch of three invoices and a draft settlement (committed); return the
        settlement, the invoices and the open items at the factor."""
        factor_id, _customer_id, invoice_ids, batch_id = self._make_scratch(env, enqueue=False)
        factor = env["factoring.factor"].browse(factor_id)
        env = env(context=dict(env.context, allowed_company_ids=factor.company_id.ids))
        batch = env["factoring.batch"].browse(batch_id)
        batch.draft2confirmed()  # in this transaction, whatever threshold another test left in the scratch database
        bank = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", factor.company_id.id)],
                                             limit=1)
        settlement = env["factoring.settlement"].create(
            {"factor_id": factor.id, "journal_id": bank.id, "date": "2026-11-20", "date_document": "2026-11-19",
             "ref": "KILL"}
        )
        items = batch.move_id.line_ids.filtered(lambda aml: aml.account_id == factor.clearing_account_id)
        env.cr.commit()
        return settlement, env["account.move"].browse(invoice_ids), items

    def _assert_untouched(self, env, settlement, invoices, items):
        settlement, invoices, items = settlement.with_env(env), invoices.with_env(env), items.with_env(env)
        self._assert_still_queued(env, settlement, CRON)
        self.assertEqual(settlement.state, "draft")
        self.assertFalse(settlement.move_id, "no settlement entry half made")
        self.assertFalse(any(items.mapped("reconciled")), "no item half reconciled")
        self.assertAlmostEqual(sum(items.mapped("amount_residual")), sum(invoices.mapped("amount_total")))
        self.assertEqual(set(invoices.mapped("factoring_state")), {"transferred"})

    def test_killed_post_leaves_nothing_and_the_next_run_posts(self):
        with self._env() as env:
            settlement, invoices, items = self._scratch_settlement(env)
            settlement._add_move_lines(items)
            settlement.amount_to_settle = settlement.amount_settled
            settlement._job_enqueue()  # what Post does for a settlement above the company's threshold
            env.cr.commit()

        def while_paused(env):
            # Everything is written in the worker's open transaction: entry posted, items reconciled.
            progress = env["factoring.job.progress"].search(
                [("res_model", "=", settlement._name), ("res_id", "=", settlement.id)]
            )
            self.assertEqual((progress.step, progress.done, progress.total), ("Finishing", 4, 4))

        self._kill_in_the_middle(CRON, "factoring.settlement", "_reconcile_move", settlement, while_paused)
        with self._env() as env:
            self._assert_untouched(env, settlement, invoices, items)
            self.assertEqual(len(settlement.with_env(env).line_ids), 3)

        self._run_scheduled_action(CRON)
        with self._env() as env:
            settlement, invoices, items = settlement.with_env(env), invoices.with_env(env), items.with_env(env)
            self.assertEqual((settlement.state, settlement.job_state), ("posted", False))
            self.assertEqual(settlement.move_id.state, "posted")
            self.assertTrue(all(items.mapped("reconciled")))
            self.assertEqual(set(invoices.mapped("factoring_state")), {"settled"})

    def test_killed_import_leaves_nothing_and_the_next_run_imports(self):
        with self._env() as env:
            settlement, invoices, items = self._scratch_settlement(env)
            env["factoring.statement.mapping"].create(
                {"factor_id": settlement.factor_id.id, "name": "Kill test statement", "header_row": 1,
                 "column_document": "Belegnummer", "column_amount": "Betrag", "column_fee": False,
                 "column_retention": False, "column_deduction": False, "column_reason": False,
                 "csv_delimiter": ";", "decimal_separator": ","}
            )
            settlement.company_id.factoring_background_threshold = 3  # the scratch database's company
            rows = ["Belegnummer;Betrag"] + [f"{inv.name};{inv.amount_total:.2f}".replace(".", ",") for inv in invoices]
            wizard = env["factoring.settlement.import"].create(
                {"settlement_id": settlement.id, "file": base64.b64encode("\n".join(rows).encode()),
                 "filename": "kill.csv"}
            )
            self.assertEqual(wizard.action_import()["tag"], "display_notification", "queued")
            env.cr.commit()

        def while_paused(env):
            # The items are added in the worker's open transaction.
            progress = env["factoring.job.progress"].search(
                [("res_model", "=", settlement._name), ("res_id", "=", settlement.id)]
            )
            self.assertEqual((progress.done, progress.total), (3, 4))

        self._kill_in_the_middle(CRON, "factoring.settlement.import", "_apply", settlement, while_paused)
        with self._env() as env:
            self._assert_untouched(env, settlement, invoices, items)
            self.assertFalse(settlement.with_env(env).line_ids, "no item of the statement half added")

        self._run_scheduled_action(CRON)
        with self._env() as env:
            settlement = settlement.with_env(env)
            self.assertFalse(settlement.job_state, settlement.job_error)
            self.assertEqual(settlement.line_ids.document_id, invoices.with_env(env))
            self.assertEqual(sorted(settlement.line_ids.mapped("amount_settled")),
                             sorted(invoices.with_env(env).mapped("amount_total")))
            self.assertTrue(any("imported in the background" in body for body in settlement.message_ids.mapped("body")))
