# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

FORWARD_ACCOUNT_TYPES = ("liability_current", "liability_payable")


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"

    forward_account_id = fields.Many2one(
        "account.account",
        string="Payments to Forward Account",
        check_company=True,
        tracking=True,
        domain="[('account_type', 'in', ('liability_current', 'liability_payable')), ('reconcile', '=', True)]",
        help="Liability for what debtors paid to us instead of the factor (partner: the factor): credited when such a "
        "payment is booked for the factor, debited when it is forwarded. Its balance is what we still owe the factor.",
    )
    forward_journal_id = fields.Many2one(
        "account.journal",
        string="Forwarding Bank Journal",
        check_company=True,
        domain="[('type', '=', 'bank')]",
        help="Bank journal of the payment that forwards the payments for the factor. Empty: the bank journal that "
        "received them.",
    )
    misdirected_payment_ids = fields.One2many(
        "factoring.misdirected.payment", "factor_id", string="Payments for the Factor"
    )
    forward_amount = fields.Monetary(
        compute="_compute_forward_amount",
        string="Payments to Forward",
        currency_field="company_currency_id",
        help="Received by us for the factor and not forwarded yet (company currency).",
    )

    @api.constrains("forward_account_id")
    def _check_forward_account(self):
        wrong = self.filtered(
            lambda f: (
                f.forward_account_id
                and (
                    f.forward_account_id.account_type not in FORWARD_ACCOUNT_TYPES or not f.forward_account_id.reconcile
                )
            )
        )
        if wrong:
            raise ValidationError(
                self.env._(
                    "The payments to forward account must be a liability account that allows reconciliation: "
                    "%(factors)s.",
                    factors=", ".join(f"{f.display_name} ({f.forward_account_id.display_name})" for f in wrong),
                )
            )

    def _get_forward_open_line_domain(self):
        """Open lines of payments received for this factor on its payments to forward account."""
        self.ensure_one()
        return Domain.AND(
            [
                [("company_id", "=", self.company_id.id), ("parent_state", "=", "posted"), ("reconciled", "=", False)],
                [("account_id", "=", self.forward_account_id.id), ("partner_id", "=", self.partner_id.id)],
                [("factoring_forward_document_id", "!=", False)],
            ]
        )

    @api.depends("misdirected_payment_ids.amount_to_forward")
    def _compute_forward_amount(self):
        for factor in self:
            if not factor.forward_account_id or not factor.id:
                factor.forward_amount = 0.0
                continue
            lines = self.env["account.move.line"].search(factor._get_forward_open_line_domain())
            factor.forward_amount = -sum(lines.mapped("amount_residual"))

    def _get_open_item_domain(self):
        # EXTENDS factoring_settlement: (c) payments received by us for the factor and not forwarded: a settlement in
        # which the factor deducts them closes them against the documents they paid.
        domain = super()._get_open_item_domain()
        if not self.forward_account_id:
            return domain
        return Domain.OR([domain, self._get_forward_open_line_domain()])

    def action_view_misdirected_payments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "factoring_misdirected.action_factoring_misdirected_payment"
        )
        action["domain"] = [("factor_id", "=", self.id)]
        action["context"] = {"default_factor_id": self.id}
        return action
