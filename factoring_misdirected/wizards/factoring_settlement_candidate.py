# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class FactoringSettlementCandidateLine(models.TransientModel):
    _inherit = "factoring.settlement.candidate.line"

    @api.depends("move_line_id")
    def _compute_document(self):
        # EXTENDS factoring_settlement: a payment received by us names the document the debtor paid.
        res = super()._compute_document()
        for line in self:
            document = line.move_line_id.factoring_forward_document_id
            if document:
                line.document_id = document
                line.partner_id = document.commercial_partner_id
        return res
