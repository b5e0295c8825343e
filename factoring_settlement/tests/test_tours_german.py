# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Browser tour in German: the words an accountant reads and the Add Open Items list."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.factoring_base.tests.test_tours import assert_browser_available

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestSettlementGermanTour(SettlementCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        assert_browser_available()
        super().setUpClass()
        # A database updated from an older version keeps its old translations of changed labels (Odoo does not
        # overwrite existing translations on update): load ours as a fresh installation has them.
        modules = cls.env["ir.module.module"].search([("name", "like", "factoring_"), ("state", "=", "installed")])
        modules._update_translations("de_DE", overwrite=True)
        cls.german_user = new_test_user(
            cls.env,
            login="factoring_tour_buchhalter",
            name="Bernd Buchhalter",
            groups="base.group_user,factoring_base.group_factoring_user",
            lang="de_DE",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

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
