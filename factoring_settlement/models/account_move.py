# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    factoring_settlement_line_ids = fields.One2many(
        "factoring.settlement.line", "document_id", string="Factoring Settlement Items", readonly=True, copy=False
    )
    factoring_rebooked_line_ids = fields.One2many(
        "account.move.line",
        "factoring_source_move_id",
        string="Rebooked Journal Items",
        readonly=True,
        copy=False,
        help="The lines of rebooking entries that move this document's receivable to or from the factor.",
    )

    @api.depends(
        "factoring_settlement_line_ids.state",
        "factoring_rebooked_line_ids.reconciled",
    )
    def _compute_factoring_state(self):
        # EXTENDS factoring_base: also depends on the settlements of the document.
        return super()._compute_factoring_state()

    def _get_factoring_state(self):
        # EXTENDS factoring_base: a document whose open items are all cleared by posted settlements is settled.
        state = super()._get_factoring_state()
        if state in ("to_transfer", "transferred", "none") and self._is_factoring_settled():
            return "settled"
        return state

    def _is_factoring_settled(self):
        """Settled: posted, factored, touched by a posted settlement and nothing of it is open any more, neither its
        receivable nor the factor clearing lines it was rebooked to."""
        self.ensure_one()
        if not self.factor_id or self.state != "posted":
            return False
        if not any(line.state == "posted" for line in self.factoring_settlement_line_ids):
            return False
        receivables = self.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")
        clearing = self.factoring_rebooked_line_ids.filtered(
            lambda aml: aml.parent_state == "posted" and aml.account_id == self.factor_id.clearing_account_id
        )
        return all(aml.reconciled for aml in receivables + clearing)

    def _get_factoring_entry_owners(self):
        # EXTENDS factoring_base: a settlement's entries and reversals (also of earlier postings) change only through
        # the settlement.
        owners = super()._get_factoring_entry_owners()
        settlements = self.env["factoring.settlement"].sudo().search([
            "|",
            "|",
            ("move_id", "in", self.ids),
            ("reversal_move_id", "in", self.ids),
            ("earlier_move_ids", "in", self.ids),
        ])
        for settlement in settlements:
            for entry in (settlement.move_id | settlement.reversal_move_id | settlement.earlier_move_ids) & self:
                owners[entry] = self.env._("settlement %(settlement)s", settlement=settlement.name)
        return owners
