# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.factoring_base.tests.common import FactoringCommon

COMPANY_IBAN = "DE02 1203 0000 0000 2020 51"
FACTOR_IBAN = "DE89 3704 0044 0532 0130 00"


@tagged("post_install", "-at_install")
class TestDin5008Footer(FactoringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.external_report_layout_id = cls.env.ref("l10n_din5008.external_layout_din5008")

    def _footer(self, invoice):
        html = self.env["ir.actions.report"]._render_qweb_html("account.report_invoice", invoice.ids)[0]
        html = html.decode()
        self.assertIn("company_details", html, "the DIN 5008 layout must be used")
        return html[html.index('class="company_details"'):]

    def test_factored_invoice_footer_names_factor_account(self):
        invoice = self._create_invoice()
        footer = self._footer(invoice)
        self.assertIn(FACTOR_IBAN, footer)
        self.assertIn("Payment only to: <span>Test Factoring Bank AG</span>", footer)
        self.assertIn("BIC: <span>FACTDEFFXXX</span>", footer)
        self.assertNotIn(COMPANY_IBAN, footer)

    def test_factored_credit_note_footer_names_factor_account(self):
        # On a credit note Odoo's payment account is the customer's own: the footer still names the factor's.
        self.env["res.partner.bank"].create({"partner_id": self.customer.id, "acc_number": "DE75512108001245126199"})
        invoice = self._create_invoice()
        refund = invoice._reverse_moves(cancel=False)
        refund.action_post()
        footer = self._footer(refund)
        self.assertIn(FACTOR_IBAN, footer)
        self.assertNotIn(COMPANY_IBAN, footer)
        self.assertNotIn("DE75 5121 0800 1245 1261 99", footer)

    def test_unassigned_invoice_keeps_company_account(self):
        invoice = self._create_invoice(partner=self.unassigned_customer)
        footer = self._footer(invoice)
        self.assertIn(COMPANY_IBAN, footer)
        self.assertNotIn(FACTOR_IBAN, footer)
        self.assertNotIn("Payment only to", footer)
