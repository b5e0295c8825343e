# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    factor_dfb_hash = fields.Char(
        string="DFB Debtor Data Sent",
        company_dependent=True,
        copy=False,
        readonly=True,
        help="Fingerprint of the debtor master data last sent to the DFB factor. A debtor master record is "
        "written again only when the data differ (or the debtor was never sent).",
    )
