# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.fields import Domain


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"

    statement_mapping_ids = fields.One2many("factoring.statement.mapping", "factor_id", string="Statement Mappings")
    settlement_ids = fields.One2many("factoring.settlement", "factor_id", string="Settlements")
    fee_tax_id = fields.Many2one(
        "account.tax",
        check_company=True,
        domain="[('type_tax_use', '=', 'purchase')]",
        help="Input VAT the factor charges on its per-item fees, if the contract says so. The fees of a settlement "
        "include the tax: fees of 11.90 with 19 % input VAT book 10.00 on the fee account and 1.90 as input VAT.",
    )

    def _get_open_item_domain(self):
        """Domain of the open items of this factor, as journal items.

        (a) open receivables of the documents assigned to the factor (not rebooked, or rebooked only partly);
        (b) open lines on the factor's clearing account with the factor as partner (rebooked receivables).
        """
        self.ensure_one()
        common = [("company_id", "=", self.company_id.id), ("parent_state", "=", "posted"), ("reconciled", "=", False)]
        receivables = [("move_id.factor_id", "=", self.id), ("account_id.account_type", "=", "asset_receivable")]
        domains = [receivables]
        if self.clearing_account_id:
            domains.append([("account_id", "=", self.clearing_account_id.id), ("partner_id", "=", self.partner_id.id)])
        return Domain.AND([common, Domain.OR(domains)])
