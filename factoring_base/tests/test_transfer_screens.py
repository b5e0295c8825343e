# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The transfer wizard shows, before any batch exists, every document the confirmation would refuse."""

from lxml import etree

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_batch import BatchCommon


@tagged("post_install", "-at_install")
class TestTransferScreens(BatchCommon):
    def test_debtor_problems_are_left_out_reasons(self):
        bare = self.env["res.partner"].create(
            {"name": "Bare One GmbH", "is_company": True, "factor_id": self.factor.id}
        )
        bare_doc = self._create_invoice(partner=bare, amount=10.0)
        ok = self._create_invoice(amount=30.0)
        wizard = self._wizard()
        reasons = {line.move_id: line.reason for line in wizard.excluded_line_ids}
        self.assertEqual(
            reasons[bare_doc],
            "Debtor Bare One GmbH lacks: debtor number, VAT or company ID, Street, Zip, City, Country",
        )
        self.assertEqual(wizard.selected_line_ids.move_id, ok)
        self.assertEqual(wizard.selected_line_ids.move_name, ok.name)
        # The same rule refuses a batch holding it (made by an API call), with the same words.
        batch = self.env["factoring.batch"].create(
            {"factor_id": self.factor.id, "line_ids": [Command.create({"move_id": bare_doc.id})]}
        )
        with self.assertRaises(UserError) as caught:
            batch.action_confirm()
        self.assertIn(f"{bare_doc.display_name}: {reasons[bare_doc]}.", str(caught.exception))
        # Completed, the document goes.
        bare.write({"street": "Weg 1", "zip": "10115", "city": "Berlin", "country_id": self.env.ref("base.de").id,
                    "vat": "DE123456788"})
        batch.unlink()
        self.assertIn(bare_doc, self._wizard().selected_line_ids.move_id)

    def test_debtor_number_needed_by_the_format_and_fallback_noted(self):
        """A format that needs a debtor number: a debtor without any is left out; one taken from the customer's
        internal reference is said so on the document."""
        self.patch(type(self.factor), "_needs_debtor_number", lambda factor: True)
        address = {"street": "Weg 1", "zip": "10115", "city": "Berlin", "country_id": self.env.ref("base.de").id}
        no_number = self.env["res.partner"].create(
            {"name": "No Number GmbH", "is_company": True, "vat": "DE123456788", "factor_id": self.factor.id, **address}
        )
        internal = self.env["res.partner"].create(
            {"name": "Internal Ref GmbH", "is_company": True, "vat": "DE123456788", "ref": "K-4711",
             "factor_id": self.factor.id, **address}
        )
        no_number_doc = self._create_invoice(partner=no_number, amount=10.0)
        internal_doc = self._create_invoice(partner=internal, amount=20.0)
        numbered_doc = self._create_invoice(amount=30.0)
        wizard = self._wizard()
        reasons = {line.move_id: line.reason for line in wizard.excluded_line_ids}
        self.assertEqual(
            reasons[no_number_doc],
            "Debtor No Number GmbH has no debtor number: enter the debtor number at the factor on the customer",
        )
        notes = {line.move_id: line.note for line in wizard.selected_line_ids}
        self.assertEqual(notes[internal_doc], "Debtor number taken from the customer's reference (K-4711)")
        self.assertFalse(notes[numbered_doc])

    def test_open_at_factor_without_rebooking(self):
        """Without rebooking the clearing account stays empty: open at the factor is what is open of the documents
        transferred (a credit note counts against it), until the factor settles them."""
        self.factor.rebook_receivables = False
        invoice = self._create_invoice(amount=1000.0)  # 1,190.00
        refund = self._create_invoice(amount=100.0, move_type="out_refund")  # 119.00
        self._create_invoice(amount=500.0)  # not transferred
        batch = self._transfer(moves=invoice | refund, confirm=True)
        self.assertEqual(batch.state, "confirmed")
        self.assertFalse(batch.move_id, "no rebooking entry")
        self.factor.invalidate_recordset(["factor_open_amount", "factor_open_amount_currency"])
        self.assertAlmostEqual(self.factor.factor_open_amount_currency, 1071.0)
        self.assertAlmostEqual(self.factor.factor_open_amount, 1071.0)
        self.assertEqual(invoice.factoring_state, "transferred")

    def test_open_at_factor_in_the_factors_currency(self):
        chf = self.setup_other_currency("CHF", rates=[("2026-01-01", 0.5)])
        self.factor.currency_id = chf
        self._create_invoice(amount=1000.0, currency=chf)  # 1,190.00 CHF = 2,380.00 EUR at 0.5
        self._transfer(confirm=True)
        self.factor.invalidate_recordset(["factor_open_amount", "factor_open_amount_currency"])
        self.assertAlmostEqual(self.factor.factor_open_amount_currency, 1190.0)
        self.assertAlmostEqual(self.factor.factor_open_amount, 2380.0)
        # The factor's form shows the figure of the overview card: in the factor's currency, not the company's.
        field = self.factor._fields["factor_open_amount_currency"]
        self.assertEqual(field.get_currency_field(self.factor), "currency_id")
        self.assertEqual(self.factor.currency_id, chf)
        kanban = self.env.ref("factoring_base.factoring_factor_view_kanban").id
        for view_id, view_type in ((False, "form"), (kanban, "kanban")):
            arch = self.env["factoring.factor"].get_views([(view_id, view_type)])["views"][view_type]["arch"]
            shown = {node.get("name") for node in etree.fromstring(arch).iter("field")}
            self.assertIn("factor_open_amount_currency", shown, view_type)
            self.assertFalse({"factor_open_amount", "open_amount"} & shown, view_type)
        form = etree.fromstring(self.env["factoring.factor"].get_views([(False, "form")])["views"]["form"]["arch"])
        (button,) = form.xpath("//div[@name='button_box']//field[@name='factor_open_amount_currency']/ancestor::button")
        self.assertEqual(button.xpath(".//span[hasclass('o_stat_text')]")[0].text, "Open at Factor")
