# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestSettlementScreens(SettlementCommon):
    def test_add_open_items_lists_matching_items_with_their_debtor(self):
        """The picker lists every matching item at once, with the debtor of the document (not the factor the
        clearing-account line carries) and the full document number; the ticked ones are added."""
        inv1 = self._create_invoice(amount=1000.0)  # 1190.00
        inv2 = self._create_invoice(partner=self.second_customer, amount=2000.0)  # 2380.00
        self._transfer(inv1 + inv2)
        settlement = self._settlement(amount_to_settle=1190.0)
        form = Form(self.env["factoring.settlement.candidate"].with_context(default_settlement_id=settlement.id))
        self.assertEqual(len(form.line_ids), 2)
        rows = {form.line_ids.edit(index).document_name: index for index in range(2)}
        self.assertEqual(set(rows), {inv1.name, inv2.name})
        with form.line_ids.edit(rows[inv2.name]) as row:
            self.assertEqual(row.partner_id, self.second_customer)
            self.assertAlmostEqual(row.amount_open, 2380.0)
        with form.line_ids.edit(rows[inv1.name]) as row:
            self.assertEqual(row.partner_id, self.customer)
            self.assertNotEqual(row.partner_id, self.factor_partner)
            row.selected = True
        self.assertEqual(form.selected_count, 1)
        form.save().action_add_selected()
        self.assertEqual(settlement.line_ids.move_line_id, self._item(inv1))
        self.assertEqual(settlement.line_ids.document_name, inv1.name)
        self.assertEqual(settlement.line_ids.partner_id, self.customer)

    def test_add_open_items_filters_refresh_the_list(self):
        inv1 = self._create_invoice(amount=1000.0)
        inv2 = self._create_invoice(partner=self.second_customer, amount=2000.0)
        self._transfer(inv1 + inv2)
        settlement = self._settlement(amount_to_settle=2380.0)
        form = Form(self.env["factoring.settlement.candidate"].with_context(default_settlement_id=settlement.id))
        form.partner_ids.add(self.second_customer)
        self.assertEqual(len(form.line_ids), 1)
        self.assertEqual(form.line_ids.edit(0).document_name, inv2.name)
        form.save().action_add_all()
        self.assertEqual(settlement.line_ids.move_line_id, self._item(inv2))

    def test_deduction_reason_cleared_when_amount_back_to_zero(self):
        inv = self._create_invoice(amount=1000.0)  # 1190.00
        self._transfer(inv)
        settlement = self._settlement(self._item(inv), amount_to_settle=1190.0)
        form = Form(settlement)
        with form.line_ids.edit(0) as line:
            line.deduction_amount = 20.0
            line.deduction_reason_id = self.reason_discount
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.deduction_reason_id, self.reason_discount, "a deduction keeps its reason")
            line.deduction_amount = 0.0
            self.assertFalse(line.deduction_reason_id)
        form.save()
        self.assertFalse(settlement.line_ids.deduction_reason_id)
        self.assertFalse(settlement.line_ids.deduction_amount)
