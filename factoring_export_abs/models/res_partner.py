# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    factor_export = fields.Boolean(
        string="Export to Factor",
        company_dependent=True,
        help="A.B.S.: the customer's address goes to the factor in the debtors workbook of the next batch, and only "
        "the documents of customers with this flag are transferred.",
    )
    factor_export_date = fields.Date(
        string="Last Export to Factor",
        company_dependent=True,
        copy=False,
        help="Day the customer's address was last written to the factor's debtors workbook.",
    )
    factor_export_format = fields.Selection(related="factor_id.export_format", string="Factor File Format")

    def action_abs_export_debtor(self):
        """Download the A.B.S. debtors workbook of this one customer, for the factor's credit check.

        The file is attached to the customer; no export date is stamped.
        """
        self.ensure_one()
        if not self.env.user.has_group("factoring_base.group_factoring_user"):
            raise AccessError(self.env._("Only Factoring Users can export customers to the factor."))
        partner = self.commercial_partner_id
        partner.check_access("read")
        factor = partner.factor_id
        if factor.export_format != "abs":
            raise UserError(
                self.env._(
                    "%(partner)s is not assigned to a factor with the A.B.S. file format in company %(company)s.",
                    partner=partner.display_name,
                    company=self.env.company.display_name,
                )
            )
        attachment = factor._abs_export_debtor(partner)
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    @api.model
    def _abs_demo_flag_debtors(self):
        """Demo data: the customers of the demo factors are flagged for the export (see demo/factoring_demo.xml)."""
        for xmlid in ("factoring_base.demo_factor_dfb", "factoring_base.demo_factor_abs"):
            factor = self.env.ref(xmlid, raise_if_not_found=False)
            if factor:
                partners = self.with_company(factor.company_id).search([("factor_id", "=", factor.id)])
                partners.write({"factor_export": True})
