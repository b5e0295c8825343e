# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command

from odoo.addons.factoring_base.tests.common import FactoringCommon


class SettlementCommon(FactoringCommon):
    """FactoringCommon plus a bank journal, deduction reasons and helpers to transfer and settle documents."""

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
            {
                "name": "Schmidt Logistik AG",
                "is_company": True,
                "street": "Hafenstraße 3",
                "zip": "20457",
                "city": "Hamburg",
                "country_id": cls.env.ref("base.de").id,
                "company_registry": "HRB 4711",
                "factor_id": cls.factor.id,
                "factor_debtor_ref": "100102",
            }
        )

    @classmethod
    def _transfer(cls, invoices, date="2026-11-03"):
        """Transfer the documents to their factor as a user does: a batch of the transfer wizard, confirmed through
        ``action_confirm`` (the factor's file and, for a factor that rebooks, the rebooking entry). Return it."""
        wizard = cls.env["factoring.transfer"].create(
            {
                "factor_id": invoices.factor_id.id,
                "date": date,
                "restrict_move_ids": [Command.set(invoices.ids)],
            }
        )
        batch = wizard._create_batches()
        assert batch.line_ids.move_id == invoices, "every document goes to the factor"
        batch.action_confirm()
        assert batch.state == "confirmed"
        return batch

    @classmethod
    def _receivable(cls, invoice):
        return invoice.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")

    @classmethod
    def _item(cls, invoices):
        """The open items of transferred documents at their factor: the line on the factor's clearing account of
        the batch's rebooking entry (a factor that rebooks), else the document's own receivable."""
        items = cls.env["account.move.line"]
        for invoice in invoices:
            rebooking = invoice.factoring_batch_id.move_id
            if rebooking:
                items |= rebooking.line_ids.filtered(
                    lambda aml, inv=invoice: aml.factoring_source_move_id == inv
                    and aml.account_id == inv.factor_id.clearing_account_id
                )
            else:
                items |= cls._receivable(invoice)
        return items

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
