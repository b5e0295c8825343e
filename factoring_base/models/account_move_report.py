# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the customer's copy of a transferred document says it owes.

Odoo counts the rebooking entry (the receivable moved to the factor at transfer) as a payment of the document: a
copy printed after the transfer would read "Paid on ...", show no amount due and no payment QR code, though the
customer has paid nothing and owes the factor. On the customer's copy the transfer is not a payment.
"""

from odoo import models

QR_AMOUNT_KEY = "factoring_qr_amount"


class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def _get_factoring_transfer_move_ids(self):
        """Ids of the rebooking entries of this document's batches (the entries that moved its receivable)."""
        self.ensure_one()
        batches = self.env["factoring.batch"].sudo().search(
            [("line_ids.move_id", "=", self.id), ("move_id", "!=", False)]
        )
        return set(batches.move_id.ids)

    def _get_factoring_report_values(self):
        """What the document's printed copy shows: ``{"payments": ..., "amount_due": ...}`` (see below), from one
        reading of the payments widget (cached by the ORM) and one search of the document's batches."""
        self.ensure_one()
        payments = (self.sudo().invoice_payments_widget or {}).get("content") or []
        due = self.amount_residual
        if self.factor_id:
            # The transfer is no payment: what it moved to the factor, the customer owes (now to the factor).
            transfers = self._get_factoring_transfer_move_ids()
            due += sum(p["amount"] for p in payments if p["move_id"] in transfers and not p["is_exchange"])
            payments = [payment for payment in payments if payment["move_id"] not in transfers]
        return {"payments": payments, "amount_due": self.currency_id.round(due)}

    def _get_factoring_report_payments(self):
        """The payments of the document's printed copy (``invoice_payments_widget``), without the transfer."""
        return self._get_factoring_report_values()["payments"]

    def _get_factoring_amount_due(self):
        """What the customer owes on the document as printed: its open amount plus what the transfer moved to the
        factor (the customer now owes that to the factor)."""
        return self._get_factoring_report_values()["amount_due"]

    def _generate_qr_code(self, silent_errors=False):
        # EXTENDS account: the QR code of a transferred document asks for what the customer owes the factor
        # (Odoo builds it from ``amount_residual``, zero after the transfer).
        due = self._get_factoring_amount_due() if self.factor_id else None
        if due is not None and self.currency_id.compare_amounts(due, self.amount_residual):
            return super(AccountMove, self.with_context(**{QR_AMOUNT_KEY: due}))._generate_qr_code(silent_errors)
        return super()._generate_qr_code(silent_errors)


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    def build_qr_code_base64(self, amount, free_communication, structured_communication, currency, debtor_partner,
                             qr_method=None, silent_errors=True):
        # EXTENDS account: see account.move._generate_qr_code above.
        amount = self.env.context.get(QR_AMOUNT_KEY, amount)
        return super().build_qr_code_base64(amount, free_communication, structured_communication, currency,
                                            debtor_partner, qr_method=qr_method, silent_errors=silent_errors)
