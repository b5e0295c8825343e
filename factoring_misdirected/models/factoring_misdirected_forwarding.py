# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Forwarding: one outbound payment per factor (and currency), in draft, for everything received for it and not
forwarded yet, to the factor's bank account, with the documents in its memo. Posting it debits the payments to
forward account and reconciles it with the receipt lines it forwards (see account.payment)."""

from odoo import fields, models
from odoo.exceptions import UserError


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    def _get_lines_to_forward(self):
        """Documents of payments for this factor still to forward and not in a posted forwarding payment."""
        self.ensure_one()
        return (
            self.env["factoring.misdirected.payment.line"]
            .search(
                [
                    ("factor_id", "=", self.id),
                    ("line_state", "in", ("to_forward", "forwarding")),
                ]
            )
            .filtered(lambda line: not line.currency_id.is_zero(line.amount_to_forward))
        )

    def _get_forwarding_journal(self, lines):
        journal = self.forward_journal_id or lines.payment_id.journal_id
        if len(journal) != 1:
            journal = self.env["account.journal"].search(
                [*self.env["account.journal"]._check_company_domain(self.company_id), ("type", "=", "bank")], limit=1
            )
        return journal

    def action_prepare_forwarding(self):
        """Create or update the draft forwarding payment of each factor (one per currency) and open them."""
        payments = self.env["account.payment"]
        for factor in self:
            lines = factor._get_lines_to_forward()
            problems = []
            if not lines:
                problems.append(
                    self.env._("There is nothing to forward to factor %(factor)s.", factor=factor.display_name)
                )
            if not factor.bank_account_id:
                problems.append(
                    self.env._("Factor %(factor)s has no bank account to forward to.", factor=factor.display_name)
                )
            if problems:
                raise UserError("\n".join(problems))
            for currency_lines in lines.grouped("currency_id").values():
                payments |= factor._prepare_forwarding_payment(currency_lines)
        return payments._factoring_open_action()

    def _prepare_forwarding_payment(self, lines):
        """The draft forwarding payment of ``lines`` (one currency): the factor's draft, updated, or a new one."""
        self.ensure_one()
        payment = lines.forward_payment_id.filtered(lambda p: p.state == "draft")[:1] or self.env[
            "account.payment"
        ].search(
            [
                ("factoring_forward_factor_id", "=", self.id),
                ("state", "=", "draft"),
                ("currency_id", "=", lines.currency_id.id),
            ],
            limit=1,
        )
        vals = self._prepare_forwarding_payment_vals(lines, payment)
        if payment:
            payment.write(vals)
        else:
            payment = self.env["account.payment"].create(vals)
        (payment.factoring_forward_line_ids - lines).forward_payment_id = False
        lines.forward_payment_id = payment
        return payment

    def _prepare_forwarding_payment_vals(self, lines, payment=None):
        journal = payment.journal_id if payment else self._get_forwarding_journal(lines)
        documents = lines.document_id
        return {
            "payment_type": "outbound",
            "partner_type": "supplier",
            "partner_id": self.partner_id.id,
            "partner_bank_id": self.bank_account_id.id,
            "journal_id": journal.id,
            "currency_id": lines.currency_id.id,
            "amount": sum(lines.mapped("amount_to_forward")),
            "date": fields.Date.context_today(self),
            "memo": self.env._(
                "Payments for you received by %(company)s (client %(client)s): %(docs)s",
                company=self.company_id.name,
                client=self.client_number or "-",
                docs=", ".join(documents.mapped("name")),
            ),
            "destination_account_id": self.forward_account_id.id,
            "factoring_forward_factor_id": self.id,
        }
