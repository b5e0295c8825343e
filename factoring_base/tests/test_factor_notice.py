# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The notice of assignment: email and letter in the customer's language, the date of the notice on the customer,
and what the transfer does with debtors not notified yet."""

import io

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import pdf

from .test_batch import BatchCommon
from .test_tours import german_tour_user


def text_of(html):
    """The words of an HTML body, tags removed, whitespace collapsed."""
    from lxml import html as lxml_html

    return " ".join(lxml_html.fromstring(html).text_content().split())


@tagged("post_install", "-at_install")
class TestFactorNotice(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        german_tour_user(cls.env, cls.company, "factoring_notice_user", "Nora Notiz")  # loads our German terms
        cls.env = cls.env(context=dict(cls.env.context, force_report_rendering=True))
        cls.factor = cls.factor.with_env(cls.env)
        cls.customer = cls.customer.with_env(cls.env)
        cls.customer.write({"street": "Industriestraße 12", "zip": "70565", "city": "Stuttgart",
                            "email": "buchhaltung@mueller.example", "lang": "de_DE"})  # fmt: skip
        cls.english_customer = cls.customer.copy({
            "name": "Smith Engineering Ltd", "email": "accounts@smith.example", "lang": "en_US",
            "factor_id": cls.factor.id, "factor_debtor_ref": "100102",
        })  # fmt: skip
        cls.user = cls._create_factoring_user("factoring_notice_sender", "Notice Sender")

    def _pdf_text(self, content):
        text = " ".join(" ".join(page.extract_text() for page in pdf.PdfFileReader(io.BytesIO(content)).pages).split())
        return text.replace(" .", ".").replace(" ,", ",")

    def test_email_in_german_and_english_with_letter(self):
        customers = self.customer | self.english_customer
        # The test classes switch mail tracking off (and the records made in the class set-up are not tracked until
        # the pre-commit hooks ran); a user has it.
        self.env.cr.flush()
        tracking = {"tracking_disable": False, "mail_notrack": False}
        action = customers.with_user(self.user).with_context(**tracking).action_send_factor_notice()
        self.assertEqual(action["params"]["type"], "success")
        today = fields.Date.context_today(self.customer)
        for partner in customers:
            self.assertEqual(partner.factor_notice_date, today)
            self.assertEqual(partner.factor_notice_factor_id, self.factor)
        german = self.customer.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        english = self.english_customer.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertEqual(german.author_id, self.user.partner_id)
        self.assertEqual(german.partner_ids, self.customer, "emailed to the customer")
        self.assertEqual(german.subject, "Abtretungsanzeige: Abtretung unserer Forderungen an Test Factoring Bank AG")
        body = text_of(german.body)
        self.assertIn("Sehr geehrte Damen und Herren,", body)
        self.assertIn("wir haben mit der Factoringgesellschaft Test Factoring Bank AG einen Factoringvertrag "
                      "geschlossen", body)
        self.assertIn("Zahlungen mit schuldbefreiender Wirkung können daher nur noch an die Test Factoring Bank AG "
                      "auf folgendes Konto geleistet werden:", body)
        self.assertIn("IBAN:DE89370400440532013000", body.replace(" ", ""))
        self.assertIn("Eine Zahlung an uns oder auf ein anderes Konto befreit Sie nicht von Ihrer Schuld.", body)
        self.assertEqual(english.subject, "Notice of assignment of our receivables to Test Factoring Bank AG")
        body = text_of(english.body)
        self.assertIn("Payments with discharging effect can therefore only be made to Test Factoring Bank AG, to "
                      "the following account:", body)
        self.assertIn("A payment to us or to any other account does not discharge your debt.", body)
        self.assertIn("BIC: FACTDEFFXXX", body)
        # The letter is attached to each message, in the customer's language.
        letter = self._pdf_text(german.attachment_ids.raw)
        self.assertIn("Abtretungsanzeige Sehr geehrte Damen und Herren,", letter)
        self.assertIn("Zahlungen mit schuldbefreiender Wirkung können daher nur noch an die Factoringgesellschaft auf "
                      "folgendes Konto geleistet werden: Factoringgesellschaft Test Factoring Bank AG", letter)
        self.assertIn("Eine Zahlung an uns oder auf ein anderes Konto befreit Sie nicht von Ihrer Schuld.", letter)
        self.assertIn("IBAN DE89 3704 0044 0532 0130 00", letter)
        letter = self._pdf_text(english.attachment_ids.raw)
        self.assertIn("Notice of Assignment Dear Sir or Madam,", letter)
        self.assertIn("Payments with discharging effect can therefore only be made to the factoring company", letter)
        # Tracked: the chatter keeps the date of every notice.
        self.env.flush_all()
        self.env.cr.flush()  # runs the pre-commit hooks: the tracking messages
        tracked = self.customer.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "factor_notice_date"
        )
        self.assertEqual(tracked.new_value_datetime.date(), today)

    def test_email_to_the_invoicing_contact(self):
        """The notice goes to the customer's invoicing contact when it has one (with an email address)."""
        contacts = self.env["res.partner"].create([
            {"name": "Eva Einkauf", "parent_id": self.customer.id, "type": "contact",
             "email": "einkauf@mueller.example"},
            {"name": "Berta Buchhaltung", "parent_id": self.customer.id, "type": "invoice", "email": False},
        ])  # fmt: skip
        invoicing = contacts[1]
        self.assertEqual(
            self.customer._get_factor_notice_recipient(), self.customer, "its invoicing contact has no email"
        )
        invoicing.email = "rechnungen@mueller.example"
        self.assertEqual(self.customer._get_factor_notice_recipient(), invoicing)
        # Sent from a contact of the customer: the notice is the customer's, emailed to its invoicing contact.
        action = contacts[0].with_user(self.user).action_send_factor_notice()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("Berta Buchhaltung", action["params"]["message"])
        message = self.customer.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertEqual(message.partner_ids, invoicing, "emailed to the invoicing contact, not the company")
        self.assertEqual(message.notification_ids.res_partner_id, invoicing)
        self.assertEqual(self.customer.factor_notice_date, fields.Date.context_today(self.customer))
        # Without any email address (company and invoicing contact), the letter is printed.
        self.english_customer.email = False
        self.env["res.partner"].create(
            {"name": "Accounts", "parent_id": self.english_customer.id, "type": "invoice", "email": False}
        )
        action = self.english_customer.with_user(self.user).action_send_factor_notice()
        self.assertEqual(action["type"], "ir.actions.report")

    def test_letter_rendered(self):
        report = self.env["ir.actions.report"]
        content, report_type = report._render_qweb_pdf("factoring_base.action_report_factor_notice",
                                                       self.english_customer.ids)
        self.assertEqual(report_type, "pdf")
        text = self._pdf_text(content)
        self.assertIn("Smith Engineering Ltd", text)
        self.assertIn("Notice of Assignment Dear Sir or Madam, we have entered into a factoring agreement with the "
                      "factoring company named below and have assigned to it all our present and future receivables",
                      text)
        self.assertIn("Payments with discharging effect can therefore only be made to the factoring company, to the "
                      "following account: Factoring company Test Factoring Bank AG Account holder Test Factoring Bank "
                      "AG IBAN DE89 3704 0044 0532 0130 00 BIC FACTDEFFXXX", text)
        self.assertIn("A payment to us or to any other account does not discharge your debt.", text)
        self.assertIn("This payment instruction can only be revoked by the factoring company.", text)

    def test_customer_without_email_gets_the_letter_to_print(self):
        self.english_customer.email = False
        action = self.english_customer.with_user(self.user).action_send_factor_notice()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "factoring_base.report_factor_notice")
        self.assertEqual(self.english_customer.factor_notice_date, fields.Date.context_today(self.customer))
        message = self.english_customer.message_ids[:1]
        self.assertIn("has no email address, print the letter", message.body)
        self.assertFalse(message.partner_ids, "nothing emailed")
        self.assertIn("Notice of Assignment", self._pdf_text(message.attachment_ids.raw))

    def test_refused_without_factor_or_account(self):
        with self.assertRaisesRegex(UserError, "not assigned to a factor.*Not Factored KG"):
            (self.customer | self.unassigned_customer).action_send_factor_notice()
        self.assertFalse(self.customer.factor_notice_date, "nothing half done")
        self.factor.bank_account_id = False
        with self.assertRaisesRegex(UserError, "enter it on factor"):
            self.customer.action_send_factor_notice()

    def _notify(self, partner, factor=None):
        partner.write({"factor_notice_date": "2026-10-01", "factor_notice_factor_id": (factor or self.factor).id})

    def test_wizard_transfers_unnotified_by_default(self):
        invoice = self._create_invoice(amount=100.0)
        wizard = self._wizard(cutoff_date="2026-11-30")
        self.assertIn(invoice, wizard.selected_line_ids.move_id)
        self.assertFalse(wizard.selected_line_ids.filtered(lambda line: line.move_id == invoice).note)

    def test_wizard_warns(self):
        self.factor.unnotified_debtors = "warn"
        unnotified = self._create_invoice(amount=100.0)
        notified = self._create_invoice(partner=self.english_customer, amount=200.0)
        self._notify(self.english_customer)
        wizard = self._wizard(cutoff_date="2026-11-30")
        notes = {line.move_id: line.note for line in wizard.selected_line_ids}
        self.assertEqual(notes[unnotified], "Customer not notified of the assignment yet")
        self.assertFalse(notes[notified])
        batch = self._transfer(moves=unnotified | notified, confirm=True)
        self.assertEqual(batch.line_ids.move_id, unnotified | notified)
        self.assertIn(f"Customers not notified of the assignment yet: {self.customer.display_name}.",
                      " ".join(batch.message_ids.mapped("body")))
        self.assertNotIn(self.english_customer.display_name, " ".join(batch.message_ids.mapped("body")))

    def test_wizard_leaves_out_and_confirmation_refuses(self):
        self.factor.unnotified_debtors = "exclude"
        unnotified = self._create_invoice(amount=100.0)
        notified = self._create_invoice(partner=self.english_customer, amount=200.0)
        self._notify(self.english_customer)
        # A notice naming another factor does not count.
        other = self.env["factoring.factor"].create(self._factor_vals(code="OTH", name="Other", bank_account_id=False))
        self._notify(self.customer, factor=other)
        wizard = self._wizard(cutoff_date="2026-11-30")
        reasons = {line.move_id: line.reason for line in wizard.excluded_line_ids}
        self.assertEqual(reasons[unnotified],
                         f"Customer {self.customer.display_name} has not been sent the notice of assignment")
        self.assertEqual(wizard.selected_line_ids.move_id, notified)
        batch = self.env["factoring.batch"].create({
            "factor_id": self.factor.id, "line_ids": [(0, 0, {"move_id": unnotified.id})],
        })  # fmt: skip
        with self.assertRaisesRegex(UserError, f"{unnotified.display_name}: Customer .* has not been sent the notice"):
            batch.action_confirm()
        # Notified now: it goes.
        self._notify(self.customer)
        batch.action_confirm()
        self.assertEqual(batch.state, "confirmed")
