# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Browser tour in German: the words an accountant reads and the Add Open Items list."""

from odoo.tests import HttpCase, tagged

from odoo.addons.factoring_base.tests.test_tours import assert_browser_available, german_tour_user

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestSettlementGermanTour(SettlementCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        assert_browser_available()
        super().setUpClass()
        cls.german_user = german_tour_user(cls.env, cls.company, "factoring_tour_buchhalter", "Bernd Buchhalter")

    def test_german_words_and_open_item_list(self):
        self.assertTrue(self.env["res.lang"]._lang_get("de_DE").active, "setup/test loads German")
        muller = self._create_invoice(amount=1000.0)  # 1.190,00
        schmidt = self._create_invoice(partner=self.second_customer, amount=2000.0)  # 2.380,00
        self._transfer(muller + schmidt)
        settlement = self._settlement(amount_to_settle=1190.0, ref="ABR-DE-1")
        self.start_tour(
            f"/odoo/action-factoring_settlement.action_factoring_settlement/{settlement.id}",
            "factoring_settlement_german_words",
            login=self.german_user.login,
            timeout=180,
        )
        self.assertEqual(settlement.line_ids.move_line_id, self._item(muller))
        self.assertEqual(settlement.line_ids.partner_id, self.customer)
        self.assertEqual(settlement.state, "draft")
