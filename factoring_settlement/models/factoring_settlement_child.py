# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class FactoringSettlementChild(models.AbstractModel):
    """Items and other items of a settlement: added, changed and removed only while their settlement is a draft."""

    _name = "factoring.settlement.child.mixin"
    _description = "Factoring Settlement Item (draft only)"
    # The settlement's one2many holding these records (its label names them in the error).
    _settlement_field = None

    @api.model_create_multi
    def create(self, vals_list):
        ids = [vals["settlement_id"] for vals in vals_list if vals.get("settlement_id")]
        self.env["factoring.settlement"].browse(ids)._check_draft_for_items(self._settlement_field)
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        self.settlement_id._check_draft_for_items(self._settlement_field)

    def write(self, vals):
        settlements = self.settlement_id
        if vals.get("settlement_id"):
            settlements |= settlements.browse(vals["settlement_id"])
        settlements._check_draft_for_items(self._settlement_field)
        return super().write(vals)
