# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestEntryLines(SettlementCommon):
    """The entries of batches and settlements can be checked where they are made (a Factoring User sees no journal
    items on Odoo's entry form), and their entry form offers none of the actions the server refuses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls._create_factoring_user("factoring_lines_user", "Lines User")

    def _form_arch(self, model, user):
        arch = self.env[model].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
        return etree.fromstring(arch)

    def test_batch_and_settlement_show_their_journal_items(self):
        invoice = self._create_invoice(amount=1000.0)
        batch = self._transfer(invoice)
        settlement = self._settlement(self._item(invoice), amount_to_settle=1190.0)
        settlement.action_post()
        fields_read = ["account_id", "partner_id", "name", "debit", "credit"]
        rebooking = batch.with_user(self.user).move_line_ids.read(fields_read + ["factoring_source_move_id"])
        self.assertEqual(len(rebooking), 2)
        self.assertEqual(
            sorted((line["account_id"][0], line["debit"], line["credit"]) for line in rebooking),
            sorted(
                [
                    (self.clearing_account.id, 1190.0, 0.0),
                    (self._receivable(invoice).account_id.id, 0.0, 1190.0),
                ]
            ),
        )
        self.assertEqual({line["factoring_source_move_id"][0] for line in rebooking}, {invoice.id})
        entry = settlement.with_user(self.user).move_line_ids.read(fields_read)
        self.assertEqual(sorted((line["debit"], line["credit"]) for line in entry), [(0.0, 1190.0), (1190.0, 0.0)])
        # Odoo's entry form shows journal items only to account.group_account_readonly, which a Factoring User
        # (Billing rights) lacks: the batch and the settlement show them.
        self.assertFalse(self._form_arch("account.move", self.user).xpath("//page[@name='aml_tab']"))
        for model in ("factoring.batch", "factoring.settlement"):
            arch = self._form_arch(model, self.user)
            page = arch.xpath("//page[@name='journal_items']")
            self.assertTrue(page, model)
            self.assertTrue(page[0].xpath(".//field[@name='move_line_ids']//field[@name='debit']"), model)

    def test_locked_entry_hides_refused_buttons(self):
        invoice = self._create_invoice(amount=1000.0)
        batch = self._transfer(invoice)
        settlement = self._settlement(self._item(invoice), amount_to_settle=1190.0)
        settlement.action_post()
        self.assertTrue(batch.move_id.factoring_locked_entry)
        self.assertTrue(settlement.move_id.factoring_locked_entry)
        self.assertFalse(invoice.factoring_locked_entry)
        self.assertFalse(self.env["account.move"].new({"move_type": "entry"}).factoring_locked_entry)
        arch = self._form_arch("account.move", self.env.user)
        reversal_action = self.env.ref("account.action_view_account_move_reversal")
        for xpath in (
            "//button[@name='button_draft']",
            f"//button[@name='{reversal_action.id}']",
            "//button[@name='button_cancel'][@string='Cancel Entry']",
        ):
            buttons = arch.xpath(xpath)
            self.assertTrue(buttons, xpath)
            self.assertIn("factoring_locked_entry", buttons[0].get("invisible"), xpath)
        # The server still refuses them.
        with self.assertRaises(UserError):
            settlement.move_id.button_draft()
        with self.assertRaises(UserError):
            batch.move_id._reverse_moves()
