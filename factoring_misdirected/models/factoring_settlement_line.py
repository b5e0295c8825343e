# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class FactoringSettlementLine(models.Model):
    _inherit = "factoring.settlement.line"

    item_type = fields.Selection(
        selection_add=[("forward", "Payment received by us")],
        ondelete={"forward": "cascade"},
    )

    @api.depends("move_line_id")
    def _compute_from_move_line(self):
        # EXTENDS factoring_settlement: a payment received by us for the factor (not forwarded) is an item of the
        # settlement in which the factor deducts it: its line on the payments to forward account, debited by the
        # settlement, closes the liability against the document's item. Its document is the one the debtor paid.
        res = super()._compute_from_move_line()
        for line in self:
            document = line.move_line_id.factoring_forward_document_id
            if document:
                line.item_type = "forward"
                line.document_id = document
                line.partner_id = document.commercial_partner_id
        return res
