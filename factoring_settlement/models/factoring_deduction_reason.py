# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class FactoringDeductionReason(models.Model):
    _name = "factoring.deduction.reason"
    _description = "Factoring Deduction Reason"
    _order = "sequence, name, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        help="Short code of the reason as it appears in the factor's statement file (matched case-insensitively by "
        "the statement import, as is the name).",
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the reason between companies; the account is set per company.",
    )
    account_id = fields.Many2one(
        "account.account",
        company_dependent=True,
        help="Account the deducted amount is booked on (set per company).",
    )
    note = fields.Text()

    _code_company_uniq = models.UniqueIndex(
        "(COALESCE(company_id, 0), lower(code)) WHERE code IS NOT NULL",
        "The code of a deduction reason must be unique per company.",
    )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for reason in self:
            reason.display_name = f"[{reason.code}] {reason.name}" if reason.code else reason.name
