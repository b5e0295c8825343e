# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.factoring_settlement.tests.common import SettlementCommon


class MisdirectedCommon(SettlementCommon):
    """SettlementCommon plus the factor's payments to forward account and helpers for the debtor's bank transaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.forward_account = cls.env["account.account"].create(
            {
                "code": "3791",
                "name": "Payments to forward to the factor",
                "account_type": "liability_current",
                "reconcile": True,
            }
        )
        cls.factor.forward_account_id = cls.forward_account

    @classmethod
    def _bank_transaction(cls, amount, payment_ref, partner=None, date="2026-11-10"):
        return cls.env["account.bank.statement.line"].create(
            {
                "journal_id": cls.bank_journal.id,
                "date": date,
                "payment_ref": payment_ref,
                "partner_id": (partner or cls.customer).id,
                "amount": amount,
            }
        )

    @classmethod
    def _book(cls, st_line, **context):
        """Book the transaction as a user does: the wizard from the transaction, as proposed, confirmed."""
        wizard = (
            cls.env["factoring.misdirected.wizard"]
            .with_context(active_model="account.bank.statement.line", active_ids=st_line.ids, **context)
            .create({})
        )
        action = wizard.action_confirm()
        return cls.env["factoring.misdirected.payment"].browse(action["res_id"])

    def _reconciliation(self, date):
        return self.factor._get_reconciliation_data(date)
