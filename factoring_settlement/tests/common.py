# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.factoring_base.tests.common import FactoringCommon


class SettlementCommon(FactoringCommon):
    """FactoringCommon plus a bank journal, deduction reasons and helpers to rebook and settle documents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank_journal = cls.company_data["default_journal_bank"]
        cls.expense_account = cls.company_data["default_account_expense"]
        cls.discount_account = cls.env["account.account"].create(
            {"code": "8739", "name": "Granted cash discounts (factoring)", "account_type": "income"}
        )
        cls.dispute_account = cls.env["account.account"].create(
            {"code": "2409", "name": "Receivable losses (factoring)", "account_type": "expense"}
        )
        cls.reason_discount = cls.env.ref("factoring_settlement.deduction_reason_cash_discount")
        cls.reason_discount.with_company(cls.company).account_id = cls.discount_account
        cls.reason_dispute = cls.env.ref("factoring_settlement.deduction_reason_dispute")
        cls.reason_dispute.with_company(cls.company).account_id = cls.dispute_account
        cls.second_customer = cls.env["res.partner"].create(
            {"name": "Schmidt Logistik AG", "is_company": True, "factor_id": cls.factor.id}
        )

    @classmethod
    def _rebook(cls, invoices):
        """What a transfer batch does for a factor that rebooks: receivable from the customer to the factor."""
        line_vals = []
        for invoice in invoices:
            receivable = invoice.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")
            amount = sum(receivable.mapped("amount_residual"))
            line_vals += [
                {
                    "name": invoice.name,
                    "account_id": cls.clearing_account.id,
                    "partner_id": cls.factor_partner.id,
                    "balance": amount,
                    "factoring_source_move_id": invoice.id,
                },
                {
                    "name": invoice.name,
                    "account_id": receivable.account_id.id,
                    "partner_id": invoice.partner_id.id,
                    "balance": -amount,
                    "factoring_source_move_id": invoice.id,
                },
            ]
        move = cls.env["account.move"].create(
            {
                "journal_id": cls.misc_journal.id,
                "date": "2026-11-03",
                "ref": "Rebooking",
                "line_ids": [(0, 0, vals) for vals in line_vals],
            }
        )
        move.action_post()
        for invoice in invoices:
            (
                invoice.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")
                + move.line_ids.filtered(
                    lambda aml, inv=invoice: aml.factoring_source_move_id == inv and aml.partner_id == inv.partner_id
                )
            ).reconcile()
        return move

    @classmethod
    def _receivable(cls, invoice):
        return invoice.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")

    @classmethod
    def _clearing_line(cls, invoice, rebooking):
        return rebooking.line_ids.filtered(
            lambda aml: aml.factoring_source_move_id == invoice and aml.account_id == cls.clearing_account
        )

    @classmethod
    def _settlement(cls, items=None, **vals):
        settlement = cls.env["factoring.settlement"].create(
            {
                "factor_id": cls.factor.id,
                "journal_id": cls.bank_journal.id,
                "date": "2026-11-20",
                "date_document": "2026-11-19",
                "ref": "ABR-2026-11",
                **vals,
            }
        )
        if items:
            settlement._add_move_lines(items)
        return settlement

    def _line(self, settlement, invoice):
        return settlement.line_ids.filtered(lambda line: line.document_id == invoice)
