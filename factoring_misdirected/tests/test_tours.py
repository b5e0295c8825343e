# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Browser tour (headless Chromium through HttpCase): a Factoring User books a payment for the factor."""

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.factoring_base.tests.test_tours import assert_browser_available

from .common import MisdirectedCommon


@tagged("post_install", "-at_install")
class TestMisdirectedTour(MisdirectedCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        assert_browser_available()
        super().setUpClass()
        cls.factoring_user = cls._create_factoring_user("factoring_tour_misdirected", "Paula Payments")

    def test_user_books_payment_for_factor(self):
        today = fields.Date.context_today(self.factoring_user)
        invoice = self._create_invoice(amount=1000.0, invoice_date=today)  # 1,190.00
        self._transfer(invoice, date=today)
        st_line = self._bank_transaction(1190.0, f"Zahlung RE {invoice.name}", date=today)

        self.start_tour(
            "/odoo/action-factoring_misdirected.action_factoring_bank_transactions",
            "factoring_misdirected_payment",
            login=self.factoring_user.login,
            timeout=180,
        )

        payment = self.env["factoring.misdirected.payment"].search([("statement_line_id", "=", st_line.id)])
        self.assertRecordValues(payment, [{
            "state": "forwarding", "factor_id": self.factor.id, "partner_id": self.customer.id, "amount": 1190.0,
            "create_uid": self.factoring_user.id,
        }])
        self.assertTrue(st_line.is_reconciled)
        forward_line = payment.move_id.line_ids.filtered(lambda aml: aml.account_id == self.forward_account)
        self.assertEqual((forward_line.credit, forward_line.partner_id), (1190.0, self.factor_partner))
        forwarding = payment.forward_payment_ids
        self.assertRecordValues(forwarding, [{
            "state": "draft", "payment_type": "outbound", "partner_id": self.factor_partner.id,
            "partner_bank_id": self.factor_bank.id, "amount": 1190.0,
        }])
        self.assertIn(invoice.name, forwarding.memo)
