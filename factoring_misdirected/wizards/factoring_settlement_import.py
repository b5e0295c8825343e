# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class FactoringSettlementImport(models.TransientModel):
    _inherit = "factoring.settlement.import"

    def _get_item_numbers(self, aml):
        # EXTENDS factoring_settlement: a payment received by us (not forwarded) is named by the document the debtor
        # paid. A row of that document with a negative amount (what the factor deducts from its payout) takes it, a
        # positive one the document's own item (see _select_by_sign).
        document = aml.factoring_forward_document_id
        if document:
            return {document.name, document.payment_reference}
        return super()._get_item_numbers(aml)
