# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_factoring_reconciliation(self):
        # EXTENDS factoring_base: the receivable a return file gave back to the customer is the company's again: a
        # payment or credit matched with it is unreconciled as usual (the return entry itself stays locked; a later
        # batch that moves it to the factor again keeps its reconciliation).
        returned = self._get_factoring_returned_matches()
        return super(AccountPartialReconcile, self - returned)._unlink_except_factoring_reconciliation()

    def _get_factoring_returned_matches(self):
        """The reconciliations of a return entry's customer line with a line of no factoring entry."""
        lines = self.debit_move_id | self.credit_move_id
        owners = lines.move_id._get_factoring_entry_owners()
        return_entries = lines.move_id.filtered("factoring_return_ids")

        def is_returned_receivable(aml):
            clearing = aml.factoring_source_move_id.factor_id.clearing_account_id
            return aml.move_id in return_entries and aml.account_id != clearing

        return self.filtered(
            lambda partial: any(
                is_returned_receivable(aml) and other.move_id not in owners
                for aml, other in (
                    (partial.debit_move_id, partial.credit_move_id),
                    (partial.credit_move_id, partial.debit_move_id),
                )
            )
        )
