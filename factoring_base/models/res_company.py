# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    factoring_background_threshold = fields.Integer(
        string="Factoring: Background From",
        default=1000,
        help="Confirming a transfer batch, posting a settlement or importing a statement with at least this many "
        "documents, items or rows runs in the background (a scheduled action) instead of in the request, which the "
        "server's time limit would stop. 0: always in the request.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    factoring_background_threshold = fields.Integer(
        related="company_id.factoring_background_threshold", readonly=False
    )
