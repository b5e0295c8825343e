# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    send_pdf_bundle = fields.Boolean(
        string="Send PDF Bundle",
        tracking=True,
        help="At confirmation, the batch also gets one PDF: the cover sheet, then every transferred invoice and "
        "credit note as printed for the customer (the stored PDF where the document has one). It is uploaded with "
        "the transfer file(s) and can be downloaded from the batch.",
    )
