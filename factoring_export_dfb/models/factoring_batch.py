# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class FactoringBatch(models.Model):
    _inherit = "factoring.batch"

    def _stamp_partners(self):
        # EXTENDS factoring_base: after the file was written, remember which debtor data the DFB factor has.
        res = super()._stamp_partners()
        for batch in self.filtered(lambda b: b.factor_id.export_format == "dfb"):
            batch.factor_id._dfb_stamp_debtors(batch)
        return res
