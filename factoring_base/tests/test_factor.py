# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

from psycopg2 import IntegrityError
from PyPDF2 import PdfReader

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..models.account_move_report import REPORT_MEMO_KEY
from .common import FactoringCommon


@tagged("post_install", "-at_install")
class TestFactor(FactoringCommon):
    def test_sequence_created_per_factor(self):
        seq = self.factor.sequence_id
        self.assertTrue(seq)
        self.assertEqual(seq.company_id, self.company)
        self.assertTrue(seq.next_by_id().startswith("TFB/"))
        other = self.env["factoring.factor"].create(self._factor_vals(code="ABS", name="Other"))
        self.assertNotEqual(other.sequence_id, seq)

    def test_code_format(self):
        for code in ("TOO-LONG", "with space", "ÄBC", "12345678901"):
            with self.subTest(code=code), self.assertRaisesRegex(ValidationError, "1 to 10 letters or digits"):
                self.factor.code = code
        self.factor.code = "A1B2C3D4E5"
        self.assertEqual(self.factor.code, "A1B2C3D4E5")

    @mute_logger("odoo.sql_db")
    def test_code_unique_per_company(self):
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["factoring.factor"].create(self._factor_vals())
        # The same code in another company is fine.
        other_company = self.setup_other_company()["company"]
        other = self.env["factoring.factor"].with_company(other_company).create(
            {"code": "TFB", "name": "Same code, other company", "partner_id": self.factor_partner.id,
             "company_id": other_company.id, "currency_id": other_company.currency_id.id}
        )
        self.assertEqual(other.code, self.factor.code)

    def test_reserve_only_non_recourse(self):
        with self.assertRaisesRegex(ValidationError, "non-recourse"):
            self.factor.write({"factoring_type": "recourse", "reserve_percent": 10.0})
        self.factor.write({"factoring_type": "non_recourse", "reserve_percent": 10.0})
        self.assertEqual(self.factor.reserve_percent, 10.0)

    @mute_logger("odoo.sql_db")
    def test_percent_ranges(self):
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.factor.write({"factoring_type": "non_recourse", "reserve_percent": 120.0})
            self.factor.flush_recordset()
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.factor.fee_percent = -1
            self.factor.flush_recordset()

    def test_bank_account_must_belong_to_factor(self):
        with self.assertRaisesRegex(ValidationError, "not to the factor"):
            self.factor.bank_account_id = self.company_bank

    def test_account_types_and_journal(self):
        with self.assertRaisesRegex(ValidationError, "Factor Clearing Account"):
            self.factor.clearing_account_id = self.fee_account
        with self.assertRaisesRegex(ValidationError, "miscellaneous journal"):
            self.factor.journal_id = self.company_data["default_journal_sale"]
        with self.assertRaisesRegex(ValidationError, "Fee Account"):
            self.factor.fee_account_id = self.clearing_account
        not_reconcilable = self.env["account.account"].create(
            {"code": "1423", "name": "No reconcile", "account_type": "asset_current", "reconcile": False}
        )
        with self.assertRaisesRegex(ValidationError, "must allow reconciliation"):
            self.factor.clearing_account_id = not_reconcilable

    def test_rebooking_needs_account_and_journal(self):
        with self.assertRaisesRegex(ValidationError, "rebooking receivables needs"):
            self.factor.write({"clearing_account_id": False})
        self.factor.write({"rebook_receivables": False, "clearing_account_id": False, "journal_id": False})
        self.assertFalse(self.factor.rebook_receivables)

    def test_filename_pattern(self):
        self.factor.filename_pattern = "SAR{client_number}_{date}.{seq}"
        self.assertEqual(
            self.factor._prepare_filename("TFB/2026/0001", 2, "txt", "2026-11-22"), "SAR4711_20261122.002"
        )
        with self.assertRaisesRegex(ValidationError, "unknown"):
            self.factor.filename_pattern = "{unknown}.txt"
        with self.assertRaisesRegex(ValidationError, "invalid"):
            self.factor.filename_pattern = "../{code}.txt"

    def test_counters(self):
        self._create_invoice(amount=100.0)
        self._create_invoice(amount=200.0)
        self._create_invoice(amount=50.0, post=False)
        self._create_invoice(partner=self.unassigned_customer, amount=300.0)
        self.factor.invalidate_recordset(["customer_count", "to_transfer_count", "open_amount"])
        self.assertEqual(self.factor.customer_count, 1)
        self.assertEqual(self.factor.to_transfer_count, 2)
        self.assertAlmostEqual(self.factor.open_amount, 357.0)  # 300 + 19 % VAT

    def test_translated_error(self):
        with self.assertRaisesRegex(ValidationError, "Reserve|Sicherheitseinbehalt|nur bei echtem"):
            self.factor.with_context(lang="de_DE").write({"factoring_type": "recourse", "reserve_percent": 5.0})


@tagged("post_install", "-at_install")
class TestAssignment(FactoringCommon):
    def test_assignment_is_per_company(self):
        other_company = self.setup_other_company()["company"]
        self.assertEqual(self.customer.with_company(self.company).factor_id, self.factor)
        self.assertFalse(self.customer.with_company(other_company).factor_id)
        # A factor of company 1 cannot be assigned in company 2.
        with self.assertRaisesRegex(ValidationError, "cannot be assigned"):
            self.customer.with_company(other_company).factor_id = self.factor
        # Invoices in company 2 are not factored.
        invoice = self.env["account.move"].with_company(other_company).create(
            {"move_type": "out_invoice", "partner_id": self.customer.id, "company_id": other_company.id}
        )
        self.assertFalse(invoice.factor_id)

    def test_contacts_share_the_company_assignment(self):
        contact = self.env["res.partner"].create({"name": "Jane Buyer", "parent_id": self.customer.id})
        self.assertEqual(contact.factor_id, self.factor)
        invoice = self._create_invoice(partner=contact, post=False)
        self.assertEqual(invoice.factor_id, self.factor)

    def test_factored_customers_filter_and_group(self):
        partners = self.env["res.partner"].search([("factor_id", "=", self.factor.id)])
        self.assertEqual(partners, self.customer)
        groups = self.env["res.partner"]._read_group(
            [("id", "in", (self.customer | self.unassigned_customer).ids)], ["factor_id"], ["__count"]
        )
        self.assertEqual(dict(groups), {self.factor: 1, self.env["factoring.factor"]: 1})


@tagged("post_install", "-at_install")
class TestInvoice(FactoringCommon):
    def test_factor_and_bank_on_posting(self):
        invoice = self._create_invoice(post=False)
        self.assertEqual(invoice.factor_id, self.factor)
        self.assertEqual(invoice.factoring_state, "none")
        self.assertEqual(invoice.partner_bank_id, self.factor_bank)
        # Even if someone picks the company's account in draft, posting names the factor's account.
        invoice.partner_bank_id = self.company_bank
        invoice.action_post()
        self.assertEqual(invoice.partner_bank_id, self.factor_bank)
        self.assertEqual(invoice.factoring_state, "to_transfer")
        self.assertFalse(invoice.display_link_qr_code)

    def test_unassigned_customer_keeps_company_bank(self):
        invoice = self._create_invoice(partner=self.unassigned_customer)
        self.assertFalse(invoice.factor_id)
        self.assertEqual(invoice.factoring_state, "none")
        self.assertEqual(invoice.partner_bank_id.partner_id, self.company.partner_id)

    def test_vendor_bills_are_never_factored(self):
        bill = self._create_invoice(move_type="in_invoice", post=False)
        self.assertFalse(bill.factor_id)

    def test_factor_frozen_after_posting(self):
        invoice = self._create_invoice()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            invoice.factor_id = False
        # Re-assigning the customer does not touch posted documents, only new ones.
        other = self.env["factoring.factor"].create(self._factor_vals(code="OTHER", name="Other factor"))
        self.customer.factor_id = other
        self.assertEqual(invoice.factor_id, self.factor)
        self.assertEqual(self._create_invoice(post=False).factor_id, other)
        # In draft the factor can be changed or removed by hand.
        invoice.button_draft()
        invoice.factor_id = False
        self.assertFalse(invoice.factor_id)

    def test_credit_note_inherits_invoice_factor(self):
        invoice = self._create_invoice()
        self.customer.factor_id = False  # the customer left the factor since
        reversal = self.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"reason": "Return", "journal_id": invoice.journal_id.id})
        refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.factor_id, self.factor)
        refund.action_post()
        # Odoo matches the credit note with its open invoice: nothing is left to transfer of either.
        self.assertEqual(refund.payment_state, "paid")
        self.assertEqual(refund.factoring_state, "netted")
        self.assertEqual(invoice.factoring_state, "netted")

    def test_form_offers_only_factor_accounts(self):
        with Form(self.env["account.move"].with_context(default_move_type="out_invoice")) as form:
            form.partner_id = self.customer
            form.invoice_date = "2026-11-02"
            with form.invoice_line_ids.new() as line:
                line.name = "Part"
                line.price_unit = 10.0
            self.assertEqual(form.factor_id, self.factor)
            self.assertEqual(form.partner_bank_id, self.factor_bank)
            self.assertEqual(form.bank_partner_id, self.factor_partner)
        invoice = form.save()
        self.assertEqual(invoice.partner_bank_id, self.factor_bank)

    def test_epc_qr_code_names_the_factor(self):
        self.company.qr_code = True
        invoice = self._create_invoice()
        self.assertTrue(invoice._generate_qr_code(silent_errors=False))
        self.assertEqual(invoice.qr_code_method, "sct_qr")
        vals = invoice.partner_bank_id._get_qr_vals(
            "sct_qr", invoice.amount_residual, invoice.currency_id, invoice.partner_id, invoice.name, None
        )
        self.assertEqual(vals[5], "Test Factoring Bank AG")
        self.assertEqual(vals[6], "DE89370400440532013000")


@tagged("post_install", "-at_install")
class TestInvoiceReport(FactoringCommon):
    def _render(self, invoice):
        html = self.env["ir.actions.report"]._render_qweb_html("account.report_invoice", invoice.ids)[0]
        return html.decode() if isinstance(html, bytes) else html

    def test_notice_and_factor_iban_in_report(self):
        invoice = self._create_invoice()
        html = self._render(invoice)
        self.assertIn("This receivable has been assigned to Test Factoring Bank AG.", html)
        self.assertIn('<span class="fw-bold" name="factor_iban">DE89 3704 0044 0532 0130 00</span>', html)
        self.assertIn('<span name="factor_name">Test Factoring Bank AG</span>', html)
        self.assertIn("FACTDEFFXXX", html)
        # The payment account named with the payment reference is the factor's, not the company's.
        communication = html[html.index('name="payment_communication"'):html.index('id="factoring_notice"')]
        self.assertIn("DE89 3704 0044 0532 0130 00", communication)
        self.assertNotIn("DE02 1203 0000 0000 2020 51", communication)

    def test_notice_in_customer_language(self):
        self.factor.with_context(lang="de_DE").notice = "Diese Forderung wurde an die Test Factoring Bank abgetreten."
        self.customer.lang = "de_DE"
        invoice = self._create_invoice()
        html = self._render(invoice)
        self.assertIn("Diese Forderung wurde an die Test Factoring Bank abgetreten.", html)
        self.assertNotIn("This receivable has been assigned", html)

    def test_credit_note_names_factor_account_not_customer_account(self):
        # Odoo's payment account of a credit note is the customer's own bank account.
        self.env["res.partner.bank"].create({"partner_id": self.customer.id, "acc_number": "DE75512108001245126199"})
        refund = self._create_invoice(move_type="out_refund")
        self.assertEqual(refund.factor_bank_id, self.factor_bank)
        notice = self._render(refund)
        notice = notice[notice.index('id="factoring_notice"'):]
        self.assertIn('<span class="fw-bold" name="factor_iban">DE89 3704 0044 0532 0130 00</span>', notice)
        self.assertNotIn("DE75 5121 0800 1245 1261 99", notice)

    def test_unassigned_invoice_has_no_notice(self):
        invoice = self._create_invoice(partner=self.unassigned_customer)
        html = self._render(invoice)
        self.assertNotIn("factoring_notice", html)
        self.assertNotIn("DE89 3704 0044 0532 0130 00", html)

    def test_pdf_contains_notice(self):
        invoice = self._create_invoice()
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _type = report._render_qweb_pdf("account.report_invoice", invoice.ids)
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf must be installed (setup/test installs it)")
        text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
        self.assertIn("This receivable has been assigned to Test Factoring Bank AG.", text)
        self.assertIn("IBAN: DE89 3704 0044 0532 0130 00 BIC: FACTDEFFXXX", text)


@tagged("post_install", "-at_install")
class TestSecurity(FactoringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls._create_factoring_user("factoring_user", "Factoring User")
        cls.manager = cls._create_factoring_user("factoring_manager", "Factoring Manager", manager=True)

    def test_user_reads_manager_configures(self):
        factor = self.factor.with_user(self.user)
        self.assertEqual(factor.name, "Test Factoring Bank")
        with self.assertRaises(AccessError):
            factor.name = "Renamed"
        with self.assertRaises(AccessError):
            self.env["factoring.factor"].with_user(self.user).create(self._factor_vals(code="NEW"))
        self.factor.with_user(self.manager).name = "Renamed"
        self.assertEqual(self.factor.name, "Renamed")
        self.assertTrue(self.user.has_group("account.group_account_invoice"))
        self.assertFalse(self.user.has_group("factoring_base.group_factoring_manager"))

    def test_user_posts_factored_invoice(self):
        invoice = self._create_invoice(post=False)
        invoice.with_user(self.user).action_post()
        self.assertEqual(invoice.partner_bank_id, self.factor_bank)

    def test_other_company_factors_invisible(self):
        other_company = self.setup_other_company()["company"]
        other_factor = self.env["factoring.factor"].create(
            {"code": "FOREIGN", "name": "Other company's factor", "partner_id": self.factor_partner.id,
             "company_id": other_company.id, "currency_id": other_company.currency_id.id}
        )
        visible = self.env["factoring.factor"].with_user(self.manager).search([])
        self.assertIn(self.factor, visible)
        self.assertNotIn(other_factor, visible)
        with self.assertRaises(AccessError):
            other_factor.with_user(self.manager).read(["name"])


@tagged("post_install", "-at_install")
class TestTransferredInvoiceReport(FactoringCommon):
    """The customer's copy of a transferred document: the transfer is not a payment."""

    def _render(self, invoice):
        html = self.env["ir.actions.report"]._render_qweb_html("account.account_invoices", invoice.ids)[0]
        return html.decode() if isinstance(html, bytes) else html

    def test_copy_printed_after_the_transfer_asks_for_payment_to_the_factor(self):
        self.company.qr_code = True
        invoice = self._create_invoice()  # 1,190.00
        before = self._render(invoice)
        self.assertIn('id="qrcode"', before, "the factor's payment QR code is printed with the notice")
        self.assertIn('id="factoring_notice"', before)
        wizard = self.env["factoring.transfer"].create({"factor_id": self.factor.id})
        batch = self.env["factoring.batch"].browse(wizard.action_create_batches()["res_id"])
        batch.action_confirm()
        self.assertTrue(batch.move_id)
        self.assertTrue(self.env.company.currency_id.is_zero(invoice.amount_residual), "Odoo sees it paid")

        self.assertEqual(invoice._get_factoring_report_payments(), [])
        self.assertEqual(invoice._get_factoring_amount_due(), 1190.0)
        after = self._render(invoice)
        self.assertNotIn("Paid on", after)
        self.assertIn('id="qrcode"', after)
        self.assertIn('id="factoring_notice"', after)
        # The QR code asks for the amount the customer owes the factor, to the factor's IBAN.
        # (The PNG differs on every call, so the amount is asserted where the QR code takes it from.)
        self.assertTrue(invoice._generate_qr_code(silent_errors=False))
        self.assertEqual(invoice.partner_bank_id, self.factor_bank)

        # A payment made before the transfer still shows, and the amount due is what was transferred.
        other = self._create_invoice(amount=500.0)  # 595.00
        payment = self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=other.ids
        ).create({"amount": 95.0, "payment_difference_handling": "open"})._create_payments()
        self.assertTrue(payment)
        wizard = self.env["factoring.transfer"].create({"factor_id": self.factor.id})
        self.env["factoring.batch"].browse(wizard.action_create_batches()["res_id"]).action_confirm()
        self.assertEqual(len(other._get_factoring_report_payments()), 1)
        self.assertEqual(other._get_factoring_amount_due(), 500.0)
        printed = self._render(other)
        self.assertIn("Paid on", printed)
        self.assertIn("500.00", printed[printed.index("Amount Due"):])

    def test_printed_values_read_once_per_rendering(self):
        """The template and the QR code ask for the printed payments and amount due several times: within one
        rendering they are read once per document; the rendering's memo goes with it."""
        invoice = self._create_invoice()
        wizard = self.env["factoring.transfer"].create({"factor_id": self.factor.id})
        self.env["factoring.batch"].browse(wizard.action_create_batches()["res_id"]).action_confirm()
        memos = self.env.cr.cache.setdefault(REPORT_MEMO_KEY, {})
        memos["test"] = {}
        printing = invoice.with_context(**{REPORT_MEMO_KEY: "test"})
        values = printing._get_factoring_report_values()
        self.assertEqual(values, {"payments": [], "amount_due": 1190.0})
        self.assertIs(printing._get_factoring_report_values(), values)
        self.assertEqual(memos.pop("test"), {invoice.id: values})
        # Outside a rendering nothing is kept: a later call reads the document again
        self.assertIsNot(invoice._get_factoring_report_values(), invoice._get_factoring_report_values())
        self.assertIn("1,190.00", self._render(invoice))
        self.assertFalse(memos, "the rendering's memo is dropped at its end")
