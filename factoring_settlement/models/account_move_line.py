# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    factoring_settlement_line_id = fields.Many2one(
        "factoring.settlement.line",
        string="Factoring Settlement Item",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="On a settlement entry: the settlement item this journal item books.",
    )
    factoring_settlement_role = fields.Selection(
        [
            ("item", "Settled item"),
            ("deduction", "Deduction"),
            ("fee", "Factor fee"),
            ("retention", "Security retention"),
            ("other", "Other item"),
            ("payment", "Payment"),
        ],
        readonly=True,
        copy=False,
        help="On a settlement entry: what the journal item books. Posting reconciles the settled items and the "
        "payment through it.",
    )
