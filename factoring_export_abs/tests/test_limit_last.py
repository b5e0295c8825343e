# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The debtor limit counts only the documents that every other transfer rule, also this addon's, lets go."""

from odoo.tests import tagged

from odoo.addons.factoring_base.tests.test_batch import BatchCommon


@tagged("post_install", "-at_install")
class TestLimitAfterFormatRules(BatchCommon):
    def test_limit_ignores_document_a_format_rule_leaves_out(self):
        """Limit 1,500.00, nothing open at the factor. The earlier invoice (1,190.00) was exported already and never
        goes again; the later one (1,190.00) fits the limit on its own and goes."""
        self.factor.limit_policy = "exclude"
        self.customer.factor_credit_limit = 1500.0
        exported = self._create_invoice(amount=1000.0, invoice_date="2026-11-01")
        exported.factor_export_date = "2026-11-01"
        later = self._create_invoice(amount=1000.0, invoice_date="2026-11-02")
        wizard = self._wizard(cutoff_date="2026-11-30")
        self.assertEqual(wizard.selected_line_ids.move_id, later)
        reasons = {line.move_id: line.reason for line in wizard.excluded_line_ids}
        self.assertIn("Already exported to the factor", reasons[exported])
        self.assertNotIn(later, reasons)
        debtor = wizard.debtor_line_ids.filtered(lambda line: line.partner_id == self.customer)
        self.assertEqual((debtor.transfer_amount, debtor.beyond_limit), (1190.0, False))
