# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.fields import Domain

from .factoring_misdirected_payment import DEBTOR_PAYABLE_STATES

TOKEN_SPLIT = re.compile(r"[\s,;:()\[\]]+")


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    factoring_document_ids = fields.Many2many(
        "account.move",
        compute="_compute_factoring_documents",
        string="Documents at the Factor",
        help="Transferred documents this incoming payment matches (by number or payment reference, debtor and "
        "amount): the debtor paid us instead of the factor.",
    )
    factoring_payment_for_factor = fields.Boolean(
        compute="_compute_factoring_documents",
        string="Payment for the Factor",
        help="The payment matches transferred documents: book it as a payment for the factor.",
    )
    factoring_misdirected_payment_id = fields.Many2one(
        "factoring.misdirected.payment",
        compute="_compute_factoring_misdirected_payment_id",
        string="Booked for the Factor",
    )

    @api.depends("is_reconciled", "amount", "amount_currency", "foreign_currency_id", "payment_ref", "partner_id")
    def _compute_factoring_documents(self):
        for st_line in self:
            documents = self.env["account.move"]
            if st_line.id and not st_line.is_reconciled and st_line.amount > 0:
                documents = st_line._get_factoring_misdirected_documents()
            currency, received = st_line._get_factoring_received()
            st_line.factoring_document_ids = documents
            st_line.factoring_payment_for_factor = (
                bool(documents)
                and currency.compare_amounts(
                    sum(doc._get_factoring_debtor_open_amount() for doc in documents), received
                )
                == 0
            )

    def _get_factoring_received(self):
        """(currency, amount) the debtor paid in: the transaction's foreign currency and amount if it has one (a
        payment in another currency than the bank account's), else the bank account's."""
        self.ensure_one()
        if self.foreign_currency_id:
            return self.foreign_currency_id, self.amount_currency
        return self.currency_id, self.amount

    def _compute_factoring_misdirected_payment_id(self):
        payments = self.env["factoring.misdirected.payment"].search(
            [("statement_line_id", "in", self.ids), ("state", "!=", "cancelled")]
        )
        for st_line in self:
            st_line.factoring_misdirected_payment_id = payments.filtered(
                lambda p, st=st_line: p.statement_line_id == st
            )[:1]

    def _get_factoring_misdirected_documents(self):
        """Transferred documents this payment is for: those whose number or payment reference the payment's label
        names (of its partner, when it has one), else the one document of its partner open at the factor for exactly
        the amount. Only documents the debtor still owes the factor something on."""
        self.ensure_one()
        base = Domain.AND(
            [
                [("company_id", "=", self.company_id.id), ("state", "=", "posted"), ("factor_id", "!=", False)],
                [("move_type", "in", ("out_invoice", "out_refund")), ("factoring_state", "in", DEBTOR_PAYABLE_STATES)],
                [("currency_id", "=", self._get_factoring_received()[0].id)],
            ]
        )
        partner = self.partner_id.commercial_partner_id
        if partner:
            base &= Domain("commercial_partner_id", "=", partner.id)
        Move = self.env["account.move"]
        tokens = {token.upper() for token in TOKEN_SPLIT.split(self.payment_ref or "") if len(token) > 2}
        documents = Move
        if tokens:
            named = Domain.OR([Domain("name", "in", list(tokens)), Domain("payment_reference", "in", list(tokens))])
            documents = Move.search(base & named)
            if not documents:
                # Document numbers are upper case in Odoo; a payment reference may be typed otherwise.
                documents = (
                    Move.search(base & Domain("payment_reference", "!=", False)).filtered(
                        lambda doc: doc.payment_reference.upper() in tokens
                    )
                    if partner
                    else Move
                )
        documents = documents.filtered(lambda doc: not doc.currency_id.is_zero(doc._get_factoring_debtor_open_amount()))
        if not documents and partner:
            received = self._get_factoring_received()[1]
            documents = Move.search(base).filtered(
                lambda doc: doc.currency_id.compare_amounts(doc._get_factoring_debtor_open_amount(), received) == 0
            )
            if len(documents) != 1:
                documents = Move
        return documents

    def action_factoring_payment_for_factor(self):
        """Open the wizard that books this bank transaction as a payment for the factor."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "factoring_misdirected.action_factoring_misdirected_wizard"
        )
        action["context"] = {"active_model": "account.bank.statement.line", "active_ids": self.ids}
        return action
