# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.fields import Domain


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"

    statement_mapping_ids = fields.One2many("factoring.statement.mapping", "factor_id", string="Statement Mappings")
    settlement_ids = fields.One2many("factoring.settlement", "factor_id", string="Settlements")

    def _get_open_item_domain(self):
        """Domain of the open items of this factor, as journal items.

        (a) open receivables of the documents assigned to the factor (not rebooked, or rebooked only partly);
        (b) open lines on the factor's clearing account with the factor as partner (rebooked receivables, fees and
        retention booked at transfer);
        (c) open lines on the factor's security retention account with the factor as partner (a retention to release),
        when that account allows reconciliation.
        """
        self.ensure_one()
        common = [("company_id", "=", self.company_id.id), ("parent_state", "=", "posted"), ("reconciled", "=", False)]
        receivables = [("move_id.factor_id", "=", self.id), ("account_id.account_type", "=", "asset_receivable")]
        domains = [receivables]
        if self.clearing_account_id:
            domains.append([("account_id", "=", self.clearing_account_id.id), ("partner_id", "=", self.partner_id.id)])
        if self.retention_account_id.reconcile:
            domains.append(
                [("account_id", "=", self.retention_account_id.id), ("partner_id", "=", self.partner_id.id)]
            )
        return Domain.AND([common, Domain.OR(domains)])
