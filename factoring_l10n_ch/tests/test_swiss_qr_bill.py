# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Swiss QR bill (l10n_ch) of a factored invoice: the factor is the creditor, its IBAN the account.

A cross-addon scenario: factoring_base with Odoo's Swiss localization, as a Swiss client of A.B.S. uses it.
"""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.factoring_base.tests.common import read_qr_code

FACTOR_IBAN = "CH9300762011623852957"
COMPANY_IBAN = "CH4431999123000889012"


@tagged("post_install", "-at_install")
class TestSwissQrBill(AccountTestInvoicingCommon):
    @classmethod
    @AccountTestInvoicingCommon.setup_country("ch")
    def setUpClass(cls):
        super().setUpClass()
        if "l10n_ch_is_qr_valid" not in cls.env["account.move"]._fields:
            raise AssertionError("l10n_ch must be installed in the test database (setup/test installs it)")
        cls.company = cls.company_data["company"]
        cls.company.write({"street": "Bahnhofstrasse 1", "zip": "8001", "city": "Zürich"})
        ch = cls.env.ref("base.ch")
        cls.factor_partner = cls.env["res.partner"].create(
            {
                "name": "Test Factoring AG",
                "is_company": True,
                "street": "Haldenstrasse 5",
                "zip": "6340",
                "city": "Baar",
                "country_id": ch.id,
            }
        )
        cls.factor_bank = cls.env["res.partner.bank"].create(
            {"partner_id": cls.factor_partner.id, "acc_number": FACTOR_IBAN, "allow_out_payment": True}
        )
        cls.env["res.partner.bank"].create({"partner_id": cls.company.partner_id.id, "acc_number": COMPANY_IBAN})
        cls.clearing_account = cls.env["account.account"].create(
            {
                "code": "114901",
                "name": "Receivables from factoring",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        cls.factor = cls.env["factoring.factor"].create(
            {
                "code": "TFA",
                "name": "Test Factoring",
                "partner_id": cls.factor_partner.id,
                "bank_account_id": cls.factor_bank.id,
                "currency_id": cls.env.ref("base.CHF").id,
                "factoring_type": "recourse",
                "clearing_account_id": cls.clearing_account.id,
                "journal_id": cls.company_data["default_journal_misc"].id,
                "rebook_receivables": True,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Berner Holzbau AG",
                "is_company": True,
                "street": "Marktgasse 10",
                "zip": "3011",
                "city": "Bern",
                "country_id": ch.id,
                "lang": "en_US",
                "factor_id": cls.factor.id,
                "factor_debtor_ref": "200101",
            }
        )
        cls.unassigned_customer = cls.customer.copy({"name": "Unabhängig GmbH", "factor_id": False})

    def _invoice(self, partner):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": "2026-11-02",
                "currency_id": self.env.ref("base.CHF").id,
                "invoice_line_ids": [Command.create({"name": "Holz", "quantity": 1, "price_unit": 1000.0})],
            }
        )
        invoice.action_post()
        return invoice

    def test_qr_bill_names_factor_as_creditor(self):
        invoice = self._invoice(self.customer)
        self.assertEqual(invoice.partner_bank_id, self.factor_bank)
        self.assertTrue(invoice.l10n_ch_is_qr_valid)
        vals = invoice.partner_bank_id._get_qr_vals(
            "ch_qr", invoice.amount_residual, invoice.currency_id, invoice.partner_id, invoice.name, None
        )
        # Swiss Payment Standards: IBAN, then the creditor (structured address), then amount and currency.
        self.assertEqual(vals[3], FACTOR_IBAN)
        self.assertEqual(vals[5], "Test Factoring AG")
        self.assertEqual(vals[10], "CH")
        self.assertEqual(vals[6:8], ["Haldenstrasse 5", "6340 Baar"])
        self.assertEqual(vals[18], f"{invoice.amount_residual:.2f}")
        self.assertEqual(vals[19], "CHF")
        self.assertEqual(vals[21], "Berner Holzbau AG")
        self.assertNotIn(COMPANY_IBAN, vals)

        html = self.env["ir.actions.report"]._render_qweb_html("l10n_ch.l10n_ch_qr_report", invoice.ids)[0].decode()
        receipt = html[html.index("swissqr_receipt"):]
        self.assertIn("CH93 0076 2011 6238 5295 7", receipt)
        self.assertIn("Test Factoring AG", receipt)
        self.assertNotIn("CH44 3199 9123 0008 8901 2", html)

    def test_unassigned_invoice_keeps_company_account(self):
        invoice = self._invoice(self.unassigned_customer)
        self.assertEqual(invoice.partner_bank_id.sanitized_acc_number, COMPANY_IBAN)
        vals = invoice.partner_bank_id._get_qr_vals(
            "ch_qr", invoice.amount_residual, invoice.currency_id, invoice.partner_id, invoice.name, None
        )
        self.assertEqual(vals[3], COMPANY_IBAN)
        self.assertEqual(vals[5], self.company.name)

    def _read_qr_bill(self, invoice):
        """The text of the QR code on the invoice's QR-bill, decoded from the printed image (Swiss QR lines)."""
        return read_qr_code(
            self.env["report.l10n_ch.qr_report_main"]._get_report_values(invoice.ids)["qr_code_urls"][invoice.id]
        )

    def test_qr_bill_after_transfer_asks_for_what_is_owed_to_the_factor(self):
        invoice = self._invoice(self.customer)
        due = f"{invoice.amount_total:.2f}"
        lines = self._read_qr_bill(invoice)
        self.assertEqual((lines[3], lines[18]), (FACTOR_IBAN, due))

        wizard = self.env["factoring.transfer"].create({"factor_id": self.factor.id})
        self.assertEqual(wizard.line_ids.move_id, invoice, wizard.excluded_line_ids.mapped("reason"))
        batch = self.env["factoring.batch"].browse(wizard.action_create_batches()["res_id"])
        batch.action_confirm()
        self.assertTrue(batch.move_id)
        self.assertTrue(invoice.currency_id.is_zero(invoice.amount_residual), "Odoo sees it paid by the transfer")

        # The copy printed after the transfer: the QR code and the printed amount ask for what is owed the factor.
        lines = self._read_qr_bill(invoice)
        self.assertEqual((lines[3], lines[5], lines[18], lines[19]), (FACTOR_IBAN, "Test Factoring AG", due, "CHF"))
        html = self.env["ir.actions.report"]._render_qweb_html("l10n_ch.l10n_ch_qr_report", invoice.ids)[0].decode()
        printed = f"{invoice.amount_total:,.2f}".replace(",", "\xa0")
        self.assertIn(printed, html[html.index("swissqr_receipt"):])
        self.assertNotIn(">0.00<", html)

    def test_unassigned_invoice_qr_bill_is_odoos(self):
        invoice = self._invoice(self.unassigned_customer)
        lines = self._read_qr_bill(invoice)
        self.assertEqual((lines[3], lines[18]), (COMPANY_IBAN, f"{invoice.amount_residual:.2f}"))
