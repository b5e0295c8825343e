# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import Form, tagged

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestSettlementScreens(SettlementCommon):
    def _open_add_items(self, settlement):
        """*Add Open Items* as the button opens it: the wizard exists, with its rows."""
        action = settlement.action_add_candidates()
        self.assertEqual((action["res_model"], action["target"]), ("factoring.settlement.candidate", "new"))
        return self.env[action["res_model"]].browse(action["res_id"])

    def test_add_open_items_lists_matching_items_with_their_debtor(self):
        """The picker lists every matching item at once, with the debtor of the document (not the factor the
        clearing-account line carries) and the full document number; the ticked ones are added."""
        inv1 = self._create_invoice(amount=1000.0)  # 1190.00
        inv2 = self._create_invoice(partner=self.second_customer, amount=2000.0)  # 2380.00
        self._transfer(inv1 + inv2)
        settlement = self._settlement(amount_to_settle=1190.0)
        form = Form(self._open_add_items(settlement))
        self.assertEqual(len(form.line_ids), 2)
        rows = {row.document_name: row for row in form.line_ids}
        self.assertEqual(set(rows), {inv1.name, inv2.name})
        self.assertEqual(rows[inv2.name].partner_id, self.second_customer)
        self.assertAlmostEqual(rows[inv2.name].amount_open, 2380.0)
        self.assertEqual(rows[inv1.name].partner_id, self.customer)
        self.assertNotEqual(rows[inv1.name].partner_id, self.factor_partner)
        wizard = form.save()
        # A tick in the list is written on the row, as the web client saves it.
        wizard.write({"line_ids": [Command.update(rows[inv1.name].id, {"selected": True})]})
        self.assertEqual(wizard.selected_count, 1)
        wizard.action_add_selected()
        self.assertEqual(settlement.line_ids.move_line_id, self._item(inv1))
        self.assertEqual(settlement.line_ids.document_name, inv1.name)
        self.assertEqual(settlement.line_ids.partner_id, self.customer)

    def test_add_open_items_filters_refresh_the_list(self):
        inv1 = self._create_invoice(amount=1000.0)
        inv2 = self._create_invoice(partner=self.second_customer, amount=2000.0)
        self._transfer(inv1 + inv2)
        settlement = self._settlement(amount_to_settle=2380.0)
        form = Form(self._open_add_items(settlement))
        form.partner_ids.add(self.second_customer)
        self.assertEqual(len(form.line_ids), 1)
        self.assertEqual(form.line_ids[0].document_name, inv2.name)
        form.save().action_add_all()
        self.assertEqual(settlement.line_ids.move_line_id, self._item(inv2))

    def test_add_open_items_rows_made_once(self):
        """A few hundred open items: the rows of the list are made once, when the wizard opens; a filter change
        shows the matching rows among them and makes none (not even unsaved ones in the form)."""
        count = 240
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": (self.customer if index % 2 else self.second_customer).id,
                    "invoice_date": "2026-11-02",
                    "invoice_line_ids": [Command.create({"name": "Part", "quantity": 1, "price_unit": 10.0 + index})],
                }
                for index in range(count)
            ]
        )
        moves.action_post()
        settlement = self._settlement(amount_to_settle=100.0)
        Line = self.env["factoring.settlement.candidate.line"]
        rows_before = Line.search_count([])
        wizard = self._open_add_items(settlement)
        rows = wizard.item_ids
        self.assertEqual(len(rows), count)
        self.assertEqual(rows.move_line_id, moves.line_ids.filtered(lambda aml: aml.account_type == "asset_receivable"))
        self.assertEqual(wizard.line_ids, rows)

        # The web client's onchange of a filter: the matching rows, linked, none created.
        spec = {
            "partner_ids": {},
            "candidate_count": {},
            "line_ids": {"fields": {"selected": {}, "document_name": {}, "amount_open": {}}},
        }
        result = wizard.onchange(
            {"partner_ids": [Command.set(self.customer.ids)]}, ["partner_ids"], spec
        )
        self.assertEqual(result["value"]["candidate_count"], count // 2)
        commands = result["value"]["line_ids"]
        self.assertFalse([command for command in commands if command[0] == Command.CREATE], commands[:3])

        form = Form(wizard)
        form.partner_ids.add(self.customer)
        self.assertEqual(len(form.line_ids), count // 2)
        form.document_number = moves[7].name
        self.assertEqual([row.move_line_id.move_id for row in form.line_ids], [moves[7]])
        form.document_number = False
        form.partner_ids.clear()
        self.assertEqual(len(form.line_ids), count)
        form.partner_ids.add(self.second_customer)
        wizard = form.save()
        self.assertEqual(wizard.item_ids, rows, "the rows made when the wizard opened, no others")
        self.assertEqual(Line.search_count([]), rows_before + count)
        self.assertEqual(len(wizard.line_ids), count // 2)
        self.assertLessEqual(wizard.line_ids, rows)
        wizard.action_add_all()
        self.assertEqual(settlement.line_ids.partner_id, self.second_customer)
        self.assertEqual(len(settlement.line_ids), count // 2)

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
