# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools.misc import format_date


class FactoringTransfer(models.TransientModel):
    _inherit = "factoring.transfer"

    def _get_exclusion_reason(self, move, active_lines):
        # EXTENDS factoring_base: a document with an export date is never exported again, even from a new batch.
        if move.factor_export_date:
            return self.env._(
                "Already exported to the factor on %(date)s: never exported again",
                date=format_date(self.env, move.factor_export_date),
            )
        return super()._get_exclusion_reason(move, active_lines)
