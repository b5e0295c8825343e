# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Browser tour in German: the transfer as an accountant reads it (left-out reasons, Abbrechen, Verwerfen)."""

from odoo.tests import HttpCase, tagged

from .common import FactoringCommon
from .test_tours import assert_browser_available, german_tour_user


@tagged("post_install", "-at_install")
class TestGermanTransferTour(FactoringCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        assert_browser_available()
        super().setUpClass()
        cls.german_user = german_tour_user(cls.env, cls.company, "factoring_tour_buchhalterin", "Berta Buchhalterin")

    def test_german_transfer_words(self):
        # Only the tour's factor on the overview.
        self.env["factoring.factor"].search([("id", "!=", self.factor.id)]).active = False
        invoice = self._create_invoice(amount=1000.0, ref="PO-4711")
        no_address = self.env["res.partner"].create(
            {"name": "Ohne Adresse GmbH", "is_company": True, "vat": "DE123456788", "factor_id": self.factor.id}
        )
        left_out = self._create_invoice(partner=no_address, amount=500.0)
        self.start_tour(
            "/odoo/action-factoring_base.action_factoring_overview",
            "factoring_german_transfer_words",
            login=self.german_user.login,
            timeout=180,
        )
        batch = self.env["factoring.batch"].search([("factor_id", "=", self.factor.id)])
        self.assertEqual(batch.line_ids.move_id, invoice)
        self.assertEqual(batch.state, "draft")
        self.assertEqual(left_out.factoring_state, "to_transfer")
