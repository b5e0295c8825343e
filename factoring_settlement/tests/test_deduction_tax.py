# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestDeductionTax(SettlementCommon):
    """A deduction with a tax corrects the output VAT (section 17 UStG), a fee with the factor's fee tax books input
    VAT: both through Odoo's tax engine, with the tax grids of Odoo's own bookings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sale_vat = cls.company_data["default_tax_sale"]  # 19 % USt, grids 81_BASE / 81_TAX
        cls.purchase_vat = cls.company_data["default_tax_purchase"]  # 19 % VSt, grid 66
        cls.reason_discount.with_company(cls.company).tax_id = cls.sale_vat
        cls.factor.fee_tax_id = cls.purchase_vat

    def _tags(self, names):
        return self.env["account.account.tag"].search(
            [("name", "in", names), ("country_id", "=", self.env.ref("base.de").id)]
        )

    def _balance_by_tag(self, names):
        """Balance of the posted journal items per tax grid (what the tax report sums)."""
        result = {}
        for name in names:
            amls = self.env["account.move.line"].search(
                [
                    ("tax_tag_ids", "in", self._tags([name]).ids),
                    ("parent_state", "=", "posted"),
                    ("company_id", "=", self.company.id),
                ]
            )
            result[name] = round(sum(amls.mapped("balance")), 2)
        return result

    def _post_taxed_settlement(self):
        invoice = self._create_invoice(amount=1000.0)  # 1190.00 with 19 % VAT
        self._transfer(invoice)
        settlement = self._settlement(self._item(invoice), amount_to_settle=1059.10)
        line = self._line(settlement, invoice)
        line.write({"deduction_amount": 119.0, "deduction_reason_id": self.reason_discount.id, "fee_amount": 11.90})
        self.assertAlmostEqual(settlement.amount_open, 0.0)
        settlement.action_post()
        return invoice, settlement

    def test_taxed_deduction_and_fee(self):
        grids = ["81_BASE", "81_TAX", "66"]
        before = self._balance_by_tag(grids)
        invoice, settlement = self._post_taxed_settlement()
        move = settlement.move_id
        self.assertEqual(move.state, "posted")
        tag = self._tags
        item = self._item(invoice)
        sale_tax_rep = self.sale_vat.refund_repartition_line_ids.filtered(lambda rep: rep.repartition_type == "tax")
        purchase_tax_rep = self.purchase_vat.invoice_repartition_line_ids.filtered(
            lambda rep: rep.repartition_type == "tax"
        )
        lines = move.line_ids.sorted(lambda aml: (aml.factoring_settlement_role or "z", aml.account_id.code))
        self.assertRecordValues(
            lines,
            [
                # The deduction: 119.00 deducted = 100.00 on the reason's account + 19.00 less output VAT.
                {
                    "factoring_settlement_role": "deduction",
                    "account_id": self.discount_account.id,
                    "partner_id": self.customer.id,
                    "balance": 100.0,
                    "tax_ids": self.sale_vat.ids,
                    "tax_tag_ids": tag(["81_BASE"]).ids,
                    "tax_line_id": False,
                },
                # The fee: 11.90 withheld = 10.00 on the fee account + 1.90 input VAT.
                {
                    "factoring_settlement_role": "fee",
                    "account_id": self.fee_account.id,
                    "partner_id": self.factor_partner.id,
                    "balance": 10.0,
                    "tax_ids": self.purchase_vat.ids,
                    "tax_tag_ids": [],
                    "tax_line_id": False,
                },
                {
                    "factoring_settlement_role": "item",
                    "account_id": item.account_id.id,
                    "partner_id": item.partner_id.id,
                    "balance": -1190.0,
                    "tax_ids": [],
                    "tax_tag_ids": [],
                    "tax_line_id": False,
                },
                {
                    "factoring_settlement_role": "payment",
                    "account_id": settlement.counterpart_account_id.id,
                    "partner_id": self.factor_partner.id,
                    "balance": 1059.10,
                    "tax_ids": [],
                    "tax_tag_ids": [],
                    "tax_line_id": False,
                },
                # Odoo's tax lines, sorted by account code: input VAT (1576), output VAT (1776).
                {
                    "factoring_settlement_role": False,
                    "account_id": purchase_tax_rep.account_id.id,
                    "partner_id": self.factor_partner.id,
                    "balance": 1.90,
                    "tax_ids": [],
                    "tax_tag_ids": tag(["66"]).ids,
                    "tax_line_id": self.purchase_vat.id,
                },
                {
                    "factoring_settlement_role": False,
                    "account_id": sale_tax_rep.account_id.id,
                    "partner_id": self.customer.id,
                    "balance": 19.0,
                    "tax_ids": [],
                    "tax_tag_ids": tag(["81_TAX"]).ids,
                    "tax_line_id": self.sale_vat.id,
                },
            ],
        )
        self.assertEqual(lines[-1].tax_repartition_line_id, sale_tax_rep)
        self.assertEqual(lines[-2].tax_repartition_line_id, purchase_tax_rep)
        self.assertAlmostEqual(lines[-1].tax_base_amount, 100.0)
        self.assertAlmostEqual(lines[-2].tax_base_amount, 10.0)
        self.assertTrue(lines[0].is_refund, "a deduction is a VAT reduction: the tax's refund distribution")
        # The tax report's grids: the invoice's 1000.00 / 190.00 less the deduction's 100.00 / 19.00; input VAT 1.90.
        after = self._balance_by_tag(grids)
        delta = {name: round(after[name] - before[name], 2) for name in grids}
        self.assertEqual(delta, {"81_BASE": -900.0, "81_TAX": -171.0, "66": 1.90})
        self.assertTrue(item.reconciled)
        self.assertEqual(invoice.factoring_state, "settled")

        # Cancelling reverses the tax lines too: the grids are back to the invoice's figures.
        settlement.action_cancel()
        self.assertEqual(settlement.state, "cancelled")
        after_cancel = self._balance_by_tag(grids)
        delta = {name: round(after_cancel[name] - before[name], 2) for name in grids}
        self.assertEqual(delta, {"81_BASE": -1000.0, "81_TAX": -190.0, "66": 0.0})
        self.assertFalse(item.reconciled)

    def test_included_tax_exact_in_every_cent(self):
        """The tax split off never changes the deducted amount, even where net + tax computed from the net would
        round a cent away: 1.03 included is 0.87 + 0.16, while 19 % of 0.87 is 0.17."""
        invoices = self.env["account.move"]
        for _i in range(3):
            invoices |= self._create_invoice(amount=100.0)  # 119.00 each
        self._transfer(invoices)
        deductions = [10.0, 1.03, 7.77]
        settlement = self._settlement(self._item(invoices), amount_to_settle=357.0 - sum(deductions))
        for invoice, amount in zip(invoices, deductions, strict=True):
            self._line(settlement, invoice).write(
                {"deduction_amount": amount, "deduction_reason_id": self.reason_discount.id}
            )
        settlement.action_post()
        move = settlement.move_id
        deduction_lines = move.line_ids.filtered(lambda aml: aml.factoring_settlement_role == "deduction")
        tax_lines = move.line_ids.filtered(lambda aml: aml.tax_line_id == self.sale_vat)
        self.assertAlmostEqual(sum(deduction_lines.mapped("balance")) + sum(tax_lines.mapped("balance")), 18.80)
        payment = move.line_ids.filtered(lambda aml: aml.factoring_settlement_role == "payment")
        self.assertAlmostEqual(payment.balance, 357.0 - 18.80)

    def test_untaxed_reason_and_other_items_unchanged(self):
        """A reason without tax books the whole deduction on its account; other items keep their excluded taxes
        next to a taxed deduction."""
        invoice = self._create_invoice(amount=1000.0)
        self._transfer(invoice)
        settlement = self._settlement(self._item(invoice), amount_to_settle=1028.10)
        self._line(settlement, invoice).write({"deduction_amount": 50.0, "deduction_reason_id": self.reason_dispute.id})
        settlement.other_ids = [
            Command.create(
                {
                    "name": "Bank fees",
                    "account_id": self.expense_account.id,
                    "amount": 10.0,
                    "tax_ids": [Command.set(self.purchase_vat.ids)],
                }
            ),
            Command.create({"name": "Interest", "account_id": self.expense_account.id, "amount": 100.0}),
        ]
        self.factor.fee_tax_id = False
        self.assertAlmostEqual(settlement.amount_open, 0.0)
        settlement.action_post()
        move = settlement.move_id
        deduction = move.line_ids.filtered(lambda aml: aml.factoring_settlement_role == "deduction")
        self.assertRecordValues(deduction, [{"balance": 50.0, "tax_ids": [], "account_id": self.dispute_account.id}])
        tax_line = move.line_ids.filtered("tax_line_id")
        self.assertRecordValues(tax_line, [{"tax_line_id": self.purchase_vat.id, "balance": 1.90}])
        payment = move.line_ids.filtered(lambda aml: aml.factoring_settlement_role == "payment")
        self.assertAlmostEqual(payment.balance, 1028.10)

    def test_demo_reasons_on_skr03(self):
        """The demo gives the common reasons German codes and, on SKR03, their accounts and output VAT."""
        self.assertEqual(self.company.chart_template, "de_skr03")
        self.env["factoring.deduction.reason"]._demo_setup_german_reasons()
        reasons = [
            (self.reason_discount, "SKONTO", "8736", self.sale_vat),
            (self.env.ref("factoring_settlement.deduction_reason_return"), "RETOURE", "8720", self.sale_vat),
            (self.reason_dispute, "STREIT", "1590", self.env["account.tax"]),
            (self.env.ref("factoring_settlement.deduction_reason_bad_debt"), "AUSFALL", "2406", self.sale_vat),
        ]
        for reason, code, account_code, tax in reasons:
            reason = reason.with_company(self.company)
            self.assertEqual((reason.code, reason.account_id.code, reason.tax_id), (code, account_code, tax))

    def test_reason_without_account_warns_when_chosen(self):
        invoice = self._create_invoice(amount=1000.0)
        self._transfer(invoice)
        settlement = self._settlement(self._item(invoice), amount_to_settle=1100.0)
        line = self._line(settlement, invoice)
        reason = self.env.ref("factoring_settlement.deduction_reason_return")
        reason.with_company(self.company).account_id = False
        line.deduction_reason_id = reason
        warning = line._onchange_deduction_reason_id()["warning"]
        self.assertIn(reason.display_name, warning["message"])
        self.assertIn("Configuration > Deduction Reasons", warning["message"])
        line.deduction_reason_id = self.reason_discount
        self.assertFalse(line._onchange_deduction_reason_id())
