# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    factoring_misdirected_line_ids = fields.One2many(
        "factoring.misdirected.payment.line",
        "document_id",
        string="Payments Received for the Factor",
        readonly=True,
        copy=False,
    )

    def _get_factoring_debtor_open_amount(self):
        """What the debtor still owes the factor on this transferred document as far as we know (signed, in the
        document currency, credit notes negative): the amount transferred less what the debtor paid to us instead."""
        self.ensure_one()
        batch_lines = self.factoring_batch_line_ids.filtered(lambda line: line.batch_state in ("confirmed", "sent"))
        sign = -1 if self.move_type == "out_refund" else 1
        transferred = sign * sum(batch_lines.mapped("amount_residual"))
        received = sum(
            self.factoring_misdirected_line_ids.filtered(lambda line: line.line_state != "cancelled").mapped("amount")
        )
        return self.currency_id.round(transferred - received)

    def _get_factoring_entry_owners(self):
        # EXTENDS factoring_base: the receipt entry of a payment for the factor (and its reversal) changes only through
        # it, and what it reconciled (the bank transaction, the forwarding payment, a settlement) stays reconciled.
        owners = super()._get_factoring_entry_owners()
        payments = (
            self.env["factoring.misdirected.payment"]
            .sudo()
            .search(["|", ("move_id", "in", self.ids), ("reversal_move_id", "in", self.ids)])
        )
        for payment in payments:
            for entry in (payment.move_id | payment.reversal_move_id) & self:
                owners[entry] = self.env._("payment for the factor %(name)s", name=payment.name)
        return owners

    def action_factoring_payment_received(self):
        """Payment received by us: book a bank transaction of the debtor as a payment for the factor."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "factoring_misdirected.action_factoring_misdirected_wizard"
        )
        action["context"] = {"active_model": "account.move", "active_ids": self.ids}
        return action


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    factoring_forward_document_id = fields.Many2one(
        "account.move",
        string="Document Paid to Us",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="On a receipt entry of a payment for the factor: the transferred document this amount paid.",
    )
    factoring_misdirected_line_id = fields.Many2one(
        "factoring.misdirected.payment.line",
        string="Payment for the Factor (Document)",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
