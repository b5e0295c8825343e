# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AccountTax(models.Model):
    _inherit = "account.tax"

    @api.model
    def _get_factoring_tax_lines(self, base_lines, company):
        """Run Odoo's tax engine on ``base_lines`` (``_prepare_base_line_for_taxes_computation`` dicts of an entry
        made in code, such as the fees at transfer or a settlement's deductions): update their ``record`` values
        (net amount, tax grids) and return the values of the tax lines, as Odoo books them on an invoice."""
        self._add_tax_details_in_base_lines(base_lines, company)
        self._round_base_lines_tax_details(base_lines, company)
        self._add_accounting_data_in_base_lines_tax_details(base_lines, company)
        tax_results = self._prepare_tax_lines(base_lines, company)
        for base_line, to_update in tax_results["base_lines_to_update"]:
            base_line["record"].update(to_update)
        return [{**tax_vals, "display_type": "tax"} for tax_vals in tax_results["tax_lines_to_add"]]
