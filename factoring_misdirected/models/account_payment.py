# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class AccountPayment(models.Model):
    _inherit = "account.payment"

    factoring_forward_factor_id = fields.Many2one(
        "factoring.factor",
        string="Forwarded to Factor",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="This payment forwards to the factor what debtors paid to us for it.",
    )
    factoring_forward_line_ids = fields.One2many(
        "factoring.misdirected.payment.line", "forward_payment_id", string="Forwarded Documents", readonly=True
    )

    def _get_factoring_forwarding_problems(self):
        """Why this forwarding payment cannot be posted as it is (what it forwards changed since it was prepared)."""
        self.ensure_one()
        factor = self.factoring_forward_factor_id
        lines = self.factoring_forward_line_ids
        currency = self.currency_id
        problems = []
        closed = lines.filtered(lambda line: line.line_state not in ("to_forward", "forwarding"))
        if closed or not lines:
            problems.append(
                self.env._(
                    "%(docs)s are no longer to forward (cancelled or settled by the factor).",
                    docs=", ".join(closed.document_id.mapped("display_name")) or "-",
                )
            )
        total = sum(lines.mapped("amount_to_forward"))
        if currency.compare_amounts(total, self.amount) != 0:
            problems.append(
                self.env._(
                    "The payment is %(amount)s, the documents to forward come to %(total)s.",
                    amount=currency.format(self.amount),
                    total=currency.format(total),
                )
            )
        if self.partner_id != factor.partner_id or self.destination_account_id != factor.forward_account_id:
            problems.append(
                self.env._(
                    "The payment must go to %(factor)s on account %(account)s.",
                    factor=factor.partner_id.display_name,
                    account=factor.forward_account_id.display_name,
                )
            )
        if lines.currency_id != currency:
            problems.append(self.env._("The documents to forward are not in %(currency)s.", currency=currency.name))
        return problems

    def action_post(self):
        # EXTENDS account: a forwarding payment is checked against what it forwards, then reconciled with it.
        forwarding = self.filtered("factoring_forward_factor_id")
        for payment in forwarding:
            problems = payment._get_factoring_forwarding_problems()
            if problems:
                raise UserError(
                    self.env._(
                        "Forwarding payment %(payment)s cannot be confirmed; prepare the forwarding again from the "
                        "payments for the factor:\n%(problems)s",
                        payment=payment.display_name,
                        problems="\n".join(f"- {p}" for p in problems),
                    )
                )
        res = super().action_post()
        for payment in forwarding:
            payment._factoring_reconcile_forwarded()
        return res

    def _factoring_reconcile_forwarded(self):
        """Match the payment's debit on the payments to forward account with the receipt lines it forwards."""
        account = self.factoring_forward_factor_id.forward_account_id
        debit = self.move_id.line_ids.filtered(lambda aml: aml.account_id == account)
        if not debit:
            raise UserError(
                self.env._(
                    "Forwarding payment %(payment)s has no journal item on %(account)s.",
                    payment=self.display_name,
                    account=account.display_name,
                )
            )
        self.env["account.move.line"]._reconcile_plan([debit + self.factoring_forward_line_ids.move_line_id])

    def action_draft(self):
        # EXTENDS account: the money went to the factor and the receipts it forwarded are closed with it.
        sent = self.filtered(lambda p: p.factoring_forward_factor_id and p.state not in ("draft", "canceled"))
        if sent:
            raise UserError(
                self.env._(
                    "%(payments)s forwarded money received for the factor and are reconciled with its receipts: they "
                    "cannot be reset to draft. While the bank has not paid it out, Undo Forwarding reverses it; money "
                    "that comes back from the factor is booked as a new receipt.",
                    payments=", ".join(sent.mapped("display_name")),
                )
            )
        return super().action_draft()

    def action_factoring_undo_forwarding(self):
        """Undo confirmed forwardings the bank has not paid out (no bank transaction matched): reverse the payment's
        entry (dated as it, reconciled with it) after undoing its reconciliation with the receipts it forwarded, which
        are to forward again. Nothing is deleted; the payment is cancelled."""
        refused = self.filtered(
            lambda p: not p.factoring_forward_factor_id or p.state not in ("in_process", "paid") or p.is_matched
        )
        if refused:
            raise UserError(
                self.env._(
                    "Only a confirmed forwarding to the factor that no bank transaction shows paid out can be undone: "
                    "%(payments)s. Money that comes back from the factor is booked as a new receipt.",
                    payments=", ".join(refused.mapped("display_name")),
                )
            )
        for payment in self:
            lines = payment.factoring_forward_line_ids
            account = payment.factoring_forward_factor_id.forward_account_id
            # The receipt entries are owned by their payments for the factor: their reconciliation with this payment
            # is undone here only.
            owner_cancel = (payment.move_id | lines.move_line_id.move_id)._get_factoring_owner_cancel_context()
            payment.move_id.line_ids.filtered(lambda aml, a=account: aml.account_id == a).with_context(
                **owner_cancel
            ).remove_move_reconcile()
            payment.move_id.with_context(**owner_cancel)._reverse_moves(
                [{"date": payment.date, "ref": self.env._("Undo forwarding %(name)s", name=payment.move_id.name)}],
                cancel=True,
            )
            lines.forward_payment_id = False
            payment.state = "canceled"
            payment.message_post(
                body=self.env._(
                    "Forwarding undone: entry reversed, %(docs)s are to forward again.",
                    docs=", ".join(lines.document_id.mapped("display_name")),
                )
            )
            for misdirected in lines.payment_id:
                misdirected.message_post(
                    body=self.env._("Forwarding %(payment)s undone: to forward again.", payment=payment.display_name)
                )
        return True

    def _factoring_refresh_forwarding(self):
        """After a payment for the factor was cancelled: drafts forward what is still to forward (or are cancelled)."""
        for payment in self.filtered(lambda p: p.state == "draft" and p.factoring_forward_factor_id):
            factor = payment.factoring_forward_factor_id
            lines = factor._get_lines_to_forward().filtered(
                lambda line, p=payment: (
                    line.forward_payment_id in (p, self.browse()) and line.currency_id == p.currency_id
                )
            )
            if lines:
                factor._prepare_forwarding_payment(lines)
            else:
                payment.action_cancel()

    def _factoring_open_action(self):
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Forwarding Payments"),
            "res_model": "account.payment",
            "view_mode": "list,form",
            "domain": [("id", "in", self.ids)],
            "context": {"create": False},
        }
        if len(self) == 1:
            action.update(view_mode="form", res_id=self.id)
        return action
