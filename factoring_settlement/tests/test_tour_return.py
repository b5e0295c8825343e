# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Browser tour (headless Chromium through HttpCase): a Factoring User imports the factor's return file."""

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.factoring_base.tests.test_tours import assert_browser_available

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestReturnTour(SettlementCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        assert_browser_available()
        super().setUpClass()
        cls.factoring_user = cls._create_factoring_user("factoring_tour_returner", "Rita Return")

    def test_user_imports_return_file(self):
        today = fields.Date.context_today(self.factoring_user)
        rejected = self._create_invoice(amount=1000.0, invoice_date=today, payment_reference="TOUR-RET-1")
        accepted = self._create_invoice(amount=500.0, invoice_date=today, payment_reference="TOUR-RET-2")
        batch = self._transfer(rejected + accepted, date=today)
        self.env["factoring.statement.mapping"].create(
            {
                "factor_id": self.factor.id,
                "name": "TFB Rückmeldung",
                "kind": "return",
                "column_document": "Beleg",
                "column_answer": "Status",
                "column_answer_reason": "Grund",
                "column_answer_date": False,
                "column_debtor": False,
                "column_limit": False,
            }
        )

        self.start_tour("/odoo", "factoring_return_import",
                        login=self.factoring_user.login, timeout=180)

        record = self.env["factoring.return"].search([("factor_id", "=", self.factor.id)])
        self.assertRecordValues(record, [{"create_uid": self.factoring_user.id, "accepted_count": 1,
                                          "rejected_count": 1}])
        self.assertEqual(record.attachment_id.name, "rueckmeldung.csv")
        self.assertRecordValues(rejected, [{"factoring_state": "rejected", "factor_answer": "rejected",
                                            "factor_answer_reason": "Bonität"}])
        self.assertRecordValues(accepted, [{"factoring_state": "transferred", "factor_answer": "accepted"}])
        self.assertEqual(record.move_id.state, "posted")
        clearing = (batch.move_id | record.move_id).line_ids.filtered(
            lambda aml: aml.account_id == self.clearing_account and aml.factoring_source_move_id == rejected
        )
        self.assertTrue(all(clearing.mapped("reconciled")))
