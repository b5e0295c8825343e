# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class FactoringTransfer(models.TransientModel):
    _inherit = "factoring.transfer"

    def _get_exclusion_reason(self, move, active_lines):
        # EXTENDS factoring_base: then the A.B.S. rule (export date, customer's export flag), which the confirmation
        # applies too.
        return super()._get_exclusion_reason(move, active_lines) or self.factor_id._abs_get_exclusion_reason(move)
