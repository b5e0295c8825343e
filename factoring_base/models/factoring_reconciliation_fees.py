# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The factor reconciliation with fees and retention booked at transfer.

A batch's fees and retention entry credits the clearing account with what the factor keeps of the batch: it is
open at the factor like the documents (the factor's payment clears it), so the reconciliation lists it as one row
per entry (the factor as partner, the batch, booked, settled and open) among the documents open at the factor,
instead of as a difference. On consistent books the clearing account then again equals the rows open at the factor.
"""

from odoo import models


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    def _get_reconciliation_ledger_data(self, date, batches):
        # EXTENDS factoring_base: the fees and retention entries of the batches are rows at the factor, not
        # differences.
        data = super()._get_reconciliation_ledger_data(date, batches)
        currency = self.company_id.currency_id
        fee_entries = {}
        for batch in batches:
            for entry in batch.fee_move_id | batch.fee_reversal_move_id:
                fee_entries[entry] = batch
        rows = {}
        differences = []
        for diff in data["differences"]:
            entry = diff["move"]
            if diff["kind"] != "entry" or entry not in fee_entries:
                differences.append(diff)
                continue
            aml = diff["record"]
            row = rows.setdefault(entry, {
                "move": entry,
                "partner": self.partner_id.commercial_partner_id,
                "batches": fee_entries[entry],
                "transferred": 0.0,
                "settled": 0.0,
                "open": 0.0,
            })
            row["transferred"] = currency.round(row["transferred"] + aml.balance)
            row["open"] = currency.round(row["open"] + diff["amount"])
            row["settled"] = currency.round(row["transferred"] - row["open"])
        data["differences"] = differences
        data["documents"] += list(rows.values())
        return data
