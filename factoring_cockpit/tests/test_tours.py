# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Browser tour (headless Chromium through HttpCase): a Factoring User reads the factor cockpit."""

from odoo.tests import HttpCase, tagged

from odoo.addons.factoring_base.tests.test_tours import assert_browser_available
from odoo.addons.factoring_misdirected.tests.common import MisdirectedCommon


@tagged("post_install", "-at_install")
class TestCockpitTour(MisdirectedCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        assert_browser_available()
        super().setUpClass()
        cls.factoring_user = cls._create_factoring_user("factoring_tour_cockpit", "Carla Cockpit")

    def test_user_reads_cockpit(self):
        invoice = self._create_invoice(amount=1000.0, invoice_payment_term_id=False, invoice_date_due="2026-11-15")
        self._transfer(invoice)
        self._book(self._bank_transaction(1190.0, invoice.name))
        # Other factors of the database (demo data) stay on their cards; ours is checked by its name.
        self.start_tour(
            "/odoo/action-factoring_base.action_factoring_overview",
            "factoring_cockpit",
            login=self.factoring_user.login,
            timeout=180,
        )
