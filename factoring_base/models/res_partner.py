# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    factor_id = fields.Many2one(
        "factoring.factor",
        company_dependent=True,
        tracking=True,
        domain="[('company_id', 'in', (False, current_company_id))]",
        help="The factor this customer's invoices are assigned to, in the current company.",
    )
    factor_debtor_ref = fields.Char(
        string="Debtor Number at Factor",
        company_dependent=True,
        help="The number the factor knows this customer by.",
    )
    factor_credit_limit = fields.Float(
        company_dependent=True,
        tracking=True,
        digits="Account",
        help="Credit limit the factor granted for this customer, in the factor's currency (typed, or taken from "
        "the factor's return file; 0: none recorded). Transfers check it (see the factor's Debtor Limit).",
    )
    factor_currency_id = fields.Many2one(related="factor_id.currency_id", string="Factor Currency")
    factor_blocked = fields.Boolean(
        string="Transfer Blocked",
        company_dependent=True,
        help="Documents of this customer are not transferred to the factor until the block is lifted.",
    )
    factor_last_transfer_date = fields.Date(
        string="Last Transfer to Factor",
        company_dependent=True,
        copy=False,
        readonly=True,
        help="Date of the last confirmed batch that transferred documents of this customer to the factor.",
    )

    @api.constrains("factor_id", "factor_credit_limit")
    def _check_factor(self):
        company = self.env.company
        for partner in self:
            factor = partner.factor_id
            if factor and factor.company_id != company:
                raise ValidationError(
                    self.env._(
                        "%(partner)s cannot be assigned to factor %(factor)s of company %(other)s in company "
                        "%(company)s.",
                        partner=partner.display_name,
                        factor=factor.display_name,
                        other=factor.company_id.display_name,
                        company=company.display_name,
                    )
                )
            if partner.factor_credit_limit < 0:
                raise ValidationError(
                    self.env._(
                        "The factor credit limit of %(partner)s cannot be negative.", partner=partner.display_name
                    )
                )

    @api.model
    def _commercial_fields(self):
        # EXTENDS base: contacts of a company share its factor assignment.
        return super()._commercial_fields() + ["factor_id", "factor_debtor_ref", "factor_credit_limit"]
