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
