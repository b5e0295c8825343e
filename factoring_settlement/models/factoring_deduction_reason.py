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
    tax_id = fields.Many2one(
        "account.tax",
        company_dependent=True,
        domain="[('type_tax_use', '=', 'sale')]",
        help="Output VAT corrected by the deduction (set per company), e.g. for a cash discount or a bad debt "
        "(section 17 UStG). The deducted amount includes the tax: a deduction of 119.00 with 19 % VAT books 100.00 on "
        "the account and reduces the output VAT by 19.00, with the tax grids of a VAT reduction.",
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

    # SKR03 accounts and output VAT of the common reasons in a German company (demo data): code, account, tax.
    _DEMO_SKR03 = {
        "deduction_reason_cash_discount": ("SKONTO", "account_8736", "tax_ust_19_skr03"),  # Gewährte Skonti 19 % USt
        "deduction_reason_return": ("RETOURE", "account_8720", "tax_ust_19_skr03"),  # Erlösschmälerungen 19 % USt
        "deduction_reason_dispute": ("STREIT", "account_1590", None),  # Durchlaufende Posten, until it is resolved
        "deduction_reason_bad_debt": ("AUSFALL", "account_2406", "tax_ust_19_skr03"),  # Forderungsverluste 19 % USt
    }

    @api.model
    def _demo_setup_german_reasons(self):
        """Give the common reasons German codes and, in each company on SKR03, their account and output VAT."""
        # sudo: demo data, set up for every company on SKR03, whichever companies the current user works in.
        self = self.sudo()  # noqa: PLW0642
        companies = self.env["res.company"].search([("chart_template", "=", "de_skr03")])
        if not companies:
            return
        for xmlid, (code, account_ref, tax_ref) in self._DEMO_SKR03.items():
            reason = self.env.ref(f"factoring_settlement.{xmlid}", raise_if_not_found=False)
            if not reason:
                continue
            reason.code = code
            for company in companies:
                chart = self.env["account.chart.template"].with_company(company)
                account = chart.ref(account_ref, raise_if_not_found=False)
                tax = chart.ref(tax_ref, raise_if_not_found=False) if tax_ref else self.env["account.tax"]
                reason.with_company(company).write({"account_id": account.id, "tax_id": tax.id})
