# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import MisdirectedCommon


@tagged("post_install", "-at_install")
class TestMisdirectedForeignCurrency(MisdirectedCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 1 EUR = 1.20 USD at the invoice, 1.25 when the debtor pays, 1.10 when we forward.
        rates = [("2026-01-01", 1.2), ("2026-11-10", 1.25), ("2026-11-12", 1.1)]
        cls.usd = cls.setup_other_currency("USD", rates=rates)
        cls.factor.currency_policy = "split"

    def _forward_lines(self):
        return self.env["account.move.line"].search(
            [("account_id", "=", self.forward_account.id), ("parent_state", "=", "posted")]
        )

    def test_usd_payment_to_eur_account_forwarded_in_usd(self):
        """A USD invoice at the factor, paid in USD to our EUR account: booked in USD to payments to forward (the
        transaction's open line matched in full), forwarded in USD; Odoo books the exchange difference."""
        inv = self._create_invoice(amount=1000.0, currency=self.usd)  # 1,190.00 USD
        self._transfer(inv)
        st_line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": "2026-11-10",
                "payment_ref": f"Invoice {inv.name}",
                "partner_id": self.customer.id,
                "amount": 952.0,  # EUR credited by the bank
                "foreign_currency_id": self.usd.id,
                "amount_currency": 1190.0,
            }
        )
        self.assertEqual(st_line.factoring_document_ids, inv)
        self.assertTrue(st_line.factoring_payment_for_factor)
        payment = self._book(st_line)
        self.assertEqual((payment.currency_id, payment.amount), (self.usd, 1190.0))
        self.assertTrue(st_line.is_reconciled)
        forward_line = payment.line_ids.move_line_id
        self.assertRecordValues(
            forward_line,
            [
                {
                    "currency_id": self.usd.id,
                    "amount_currency": -1190.0,
                    "balance": -952.0,
                    "partner_id": self.factor_partner.id,
                }
            ],
        )
        self.assertAlmostEqual(self.factor.forward_amount, 952.0)
        data = self._reconciliation("2026-11-10")
        self.assertAlmostEqual(data["difference"], 0.0)
        self.assertAlmostEqual(data["forward_balance"], 952.0)
        self.assertEqual(inv.factoring_state, "transferred")

        action = self.factor.action_prepare_forwarding()
        forwarding = self.env["account.payment"].browse(action["res_id"])
        self.assertEqual((forwarding.currency_id, forwarding.amount), (self.usd, 1190.0))
        forwarding.date = "2026-11-12"
        forwarding.action_post()
        self.assertTrue(forward_line.reconciled)
        self.assertEqual(payment.state, "forwarded")
        # 1,190.00 USD at 1.10 = 1,081.82 EUR paid for 952.00 EUR received: 129.82 EUR exchange loss.
        lines = self._forward_lines()
        self.assertAlmostEqual(sum(lines.mapped("balance")), 0.0)
        self.assertAlmostEqual(sum(lines.mapped("amount_currency")), 0.0)
        exchange = lines.move_id.filtered(lambda move: move.journal_id == self.company.currency_exchange_journal_id)
        self.assertEqual(len(exchange), 1)
        loss = exchange.line_ids.filtered(lambda aml: aml.account_id != self.forward_account)
        self.assertAlmostEqual(loss.balance, 129.82)
        self.assertEqual(loss.account_id, self.company.expense_currency_exchange_account_id)
        self.assertAlmostEqual(self.factor.forward_amount, 0.0)
        # Odoo dates its exchange difference entry at the end of the month (its sequence is monthly): until then the
        # books show the payment above the receipt; the clearing account is not touched at any date.
        self.assertEqual(str(exchange.date), "2026-11-30")
        for date, forward_balance in (("2026-11-12", -129.82), ("2026-11-30", 0.0)):
            data = self._reconciliation(date)
            self.assertAlmostEqual(data["difference"], 0.0)
            self.assertAlmostEqual(data["forward_balance"], forward_balance)
