# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    factoring_source_move_id = fields.Many2one(
        "account.move",
        string="Factored Document",
        index="btree_not_null",
        readonly=True,
        copy=True,
        help="On a rebooking entry: the invoice or credit note whose receivable this line moves to the factor.",
    )

    def _check_company(self, fnames=None):
        # EXTENDS base: the thousands of lines of a rebooking entry repeat a handful of combinations of company,
        # account, partner...; lines with the same company and the same related records pass or fail the check
        # alike, so one line of each combination is checked (the check reads every related record line by line).
        # Lines whose values are not at hand are checked themselves.
        if len(self) < 2 or not self.env.context.get("factoring_check_company_per_combination"):
            return super()._check_company(fnames)
        names = ["company_id"] + [
            name for name, field in self._fields.items() if field.relational and field.check_company
        ]
        caches = [self._fields[name]._get_cache(self.env) for name in names]
        representatives = {}
        for line_id in self._ids:
            key = tuple(cache.get(line_id, ("missing", line_id)) for cache in caches)
            representatives.setdefault(key, line_id)
        return super(AccountMoveLine, self.browse(representatives.values()))._check_company(fnames)
