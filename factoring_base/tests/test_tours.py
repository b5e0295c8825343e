# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Browser tours (headless Chromium through HttpCase): what a Factoring Manager and a Factoring User see and do.

The JavaScript steps live in static/tests/tours/; each step waits for what the user must see (states, totals,
messages), and the tests below check the records the clicks produced.
"""

import csv
import io
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests import common as tests_common

from .common import FactoringCommon


def assert_browser_available():
    """Fail (Odoo would only skip) when the tours cannot run: setup/test installs both."""
    if tests_common.websocket is None:
        raise AssertionError("The Python package websocket-client is missing: run setup/test to install it.")
    try:
        tests_common._find_executable()
    except Exception as err:
        raise AssertionError(f"No Chromium found ({err}): run setup/test, it installs Debian's chromium.") from err



def german_tour_user(env, company, login, name):
    """A Factoring User working in German, with our German translations loaded as a fresh installation has them (a
    database updated from an older version keeps its old translations of changed labels: Odoo does not overwrite
    existing translations on update)."""
    modules = env["ir.module.module"].search([("name", "like", "factoring_"), ("state", "=", "installed")])
    modules._update_translations("de_DE", overwrite=True)
    return new_test_user(
        env,
        login=login,
        name=name,
        groups="base.group_user,factoring_base.group_factoring_user",
        lang="de_DE",
        company_id=company.id,
        company_ids=[Command.set(company.ids)],
    )


@tagged("post_install", "-at_install")
class TestFactoringTours(FactoringCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        assert_browser_available()
        super().setUpClass()
        company_vals = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.manager = new_test_user(
            cls.env,
            login="factoring_tour_manager",
            name="Fiona Factoring-Manager",
            groups="base.group_user,base.group_partner_manager,factoring_base.group_factoring_manager",
            **company_vals,
        )
        cls.factoring_user = new_test_user(
            cls.env,
            login="factoring_tour_user",
            name="Uwe Factoring-User",
            groups="base.group_user,factoring_base.group_factoring_user",
            **company_vals,
        )

    def test_manager_configures_factor_and_assigns_customer(self):
        factor_partner = self.env["res.partner"].create({"name": "Tour Factor AG", "is_company": True})
        bank = self.env["res.partner.bank"].create(
            {"partner_id": factor_partner.id, "acc_number": "DE75512108001245126199"}
        )
        clearing = self.env["account.account"].create(
            {"code": "1429", "name": "Tour factor clearing", "account_type": "asset_receivable", "reconcile": True}
        )
        fees = self.env["account.account"].create(
            {"code": "4979", "name": "Tour factoring fees", "account_type": "expense"}
        )
        journal = self.env["account.journal"].create(
            {"name": "Tour Transfers", "code": "TTRF", "type": "general", "company_id": self.company.id}
        )
        customer = self.env["res.partner"].create(
            {"name": "Hansen Werkzeugbau KG", "is_company": True, "customer_rank": 1}
        )

        self.start_tour(
            "/odoo/action-factoring_base.action_factoring_factor",
            "factoring_manager_configure_factor",
            login=self.manager.login,
            timeout=180,
        )

        factor = self.env["factoring.factor"].search([("code", "=", "TOUR")])
        self.assertRecordValues(
            factor,
            [
                {
                    "name": "Tour Factoring Bank",
                    "company_id": self.company.id,
                    "partner_id": factor_partner.id,
                    "bank_account_id": bank.id,
                    "factoring_type": "recourse",
                    "fee_percent": 0.75,
                    "client_number": "99001",
                    "rebook_receivables": True,
                    "clearing_account_id": clearing.id,
                    "fee_account_id": fees.id,
                    "journal_id": journal.id,
                    "export_format": "csv",
                    "transport": "manual",
                }
            ],
        )
        self.assertEqual(factor.create_uid, self.manager)
        self.assertEqual(factor.sequence_id.prefix, "TOUR/%(range_year)s/")
        customer = customer.with_company(self.company)
        self.assertEqual(customer.factor_id, factor)
        self.assertEqual(customer.factor_debtor_ref, "D-7001")
        self.assertEqual(customer.factor_credit_limit, 25000.0)
        self.assertEqual(factor.customer_count, 1)

    def test_user_posts_invoice_and_transfers_batch(self):
        today = fields.Date.context_today(self.factoring_user)
        invoice = self._create_invoice(amount=1000.0, post=False, invoice_date=today)  # 1,190.00 with VAT
        later = self._create_invoice(amount=300.0, invoice_date=today + timedelta(days=30))
        self.assertEqual((invoice.state, invoice.factor_id), ("draft", self.factor))

        self.start_tour("/odoo", "factoring_user_transfer_batch", login=self.factoring_user.login, timeout=180)

        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_bank_id, self.factor_bank)
        batch = self.env["factoring.batch"].search([("factor_id", "=", self.factor.id)])
        self.assertEqual(len(batch), 1)
        self.assertRecordValues(
            batch,
            [
                {
                    "state": "confirmed",
                    "confirmed_by_id": self.factoring_user.id,
                    "create_uid": self.factoring_user.id,
                    "invoice_count": 1,
                    "refund_count": 0,
                    "amount_invoices": 1190.0,
                    "amount_net": 1190.0,
                }
            ],
        )
        self.assertEqual(batch.line_ids.move_id, invoice)
        self.assertEqual(invoice.factoring_state, "transferred")
        self.assertEqual(later.factoring_state, "to_transfer")
        # The rebooking entry moved the receivable to the factor's clearing account.
        self.assertEqual(batch.move_id.state, "posted")
        clearing = batch.move_id.line_ids.filtered(lambda aml: aml.account_id == self.clearing_account)
        self.assertAlmostEqual(clearing.debit, 1190.0)
        self.assertAlmostEqual(invoice.amount_residual, 0.0)
        # The file the user downloaded is the batch's attachment.
        self.assertEqual(len(batch.file_ids), 1)
        self.assertTrue(batch.file_ids.name.endswith(".csv"))
        self.assertEqual((batch.file_ids.res_model, batch.file_ids.res_id), ("factoring.batch", batch.id))
        rows = list(csv.DictReader(io.StringIO(batch.file_ids.raw.decode()), delimiter=";"))
        self.assertEqual(len(rows), 1)
        self.assertEqual(
            (rows[0]["number"], rows[0]["client_number"], rows[0]["debtor_name"], rows[0]["amount_total"]),
            (invoice.name, "4711", "Müller Maschinenbau GmbH", "1190.00"),
        )

    def test_transfer_from_menu_offers_the_factors(self):
        invoice = self._create_invoice(amount=500.0)  # 595.00 with VAT, posted
        self.start_tour("/odoo", "factoring_transfer_from_menu", login=self.factoring_user.login, timeout=120)
        batch = self.env["factoring.batch"].search([("factor_id", "=", self.factor.id)])
        self.assertRecordValues(batch, [{"state": "draft", "amount_net": 595.0, "create_uid": self.factoring_user.id}])
        self.assertEqual(batch.line_ids.move_id, invoice)

    def test_manager_sees_the_factor_reconciliation(self):
        invoice = self._create_invoice(amount=1000.0)  # 1,190.00 with VAT, posted
        wizard = self.env["factoring.transfer"].create({"factor_id": self.factor.id, "confirm": True})
        batch = self.env["factoring.batch"].browse(wizard.action_create_batches()["res_id"])
        self.assertEqual((batch.state, batch.line_ids.move_id), ("confirmed", invoice))
        bank_account = self.company_data["default_journal_bank"].default_account_id
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": self.company_data["default_journal_misc"].id,
                "date": batch.date,
                "ref": "Manual correction",
                "line_ids": [
                    Command.create({"account_id": self.clearing_account.id, "balance": 50.0,
                                    "partner_id": self.factor_partner.id}),
                    Command.create({"account_id": bank_account.id, "balance": -50.0}),
                ],
            }
        )
        entry.action_post()
        self.start_tour(
            "/odoo/action-factoring_base.action_factoring_factor",
            "factoring_reconciliation_from_factor",
            login=self.manager.login,
            timeout=120,
        )
        # The tour saw the figures; closing the dialog stored nothing, the books are unchanged.
        self.assertFalse(self.env["factoring.reconciliation"].search([("create_uid", "=", self.manager.id)]))
        self.assertAlmostEqual(self.factor._get_reconciliation_data(batch.date)["difference"], 50.0)
