# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The factor reconciliation with payments received for the factor.

A payment for the factor never touches the clearing account: the factor holds the document until its statement
settles it, so the document stays open at the factor (and on the clearing account) through the receipt and the
forwarding, and the difference stays zero. What we owe the factor meanwhile is shown apart: the factor's balance on
its payments to forward account (what was received and not forwarded yet)."""

from odoo import models


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    def _get_reconciliation_data(self, date):
        # EXTENDS factoring_base: the balance to forward (positive: owed to the factor).
        data = super()._get_reconciliation_data(date)
        data["forward_balance"] = -self._get_reconciliation_balance(
            self.forward_account_id, date, partner=self.partner_id
        )
        return data
