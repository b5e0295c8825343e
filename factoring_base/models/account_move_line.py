# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from . import fast_entry


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
        # EXTENDS base: the lines of an entry made by fast_entry.create_entry are checked once per combination of
        # company and related records (see fast_entry.check_company).
        if len(self) < 2 or not self.env.context.get(fast_entry.CHECK_PER_COMBINATION):
            return super()._check_company(fnames)
        return fast_entry.check_company(self, lambda lines: super()._check_company(fnames))
