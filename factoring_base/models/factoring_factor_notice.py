# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a transfer does with the documents of debtors who were not sent the notice of assignment yet."""

from odoo import fields, models


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    unnotified_debtors = fields.Selection(
        [
            ("transfer", "Transfer as usual"),
            ("warn", "Transfer with a warning"),
            ("exclude", "Leave out"),
        ],
        string="Debtors Not Notified",
        required=True,
        default="transfer",
        tracking=True,
        help="What a transfer does with the documents of a customer who has not been sent this factor's notice of "
        "assignment yet (Send Notice of Assignment on the customer): transfer them as usual, transfer them with a "
        "warning on the document (and in the batch's chatter), or leave them out with that reason until the "
        "customer is notified.",
    )

    def _get_unnotified_debtors(self, partners):
        """The customers of ``partners`` (commercial entities) not notified of the assignment to this factor."""
        self.ensure_one()
        return partners.with_company(self.company_id).filtered(
            lambda partner: not (partner.factor_notice_date and partner.factor_notice_factor_id == self)
        ).with_company(False)

    def _get_transfer_rules(self):
        # EXTENDS factoring_base
        return super()._get_transfer_rules() + [self._transfer_rule_notice]

    def _transfer_rule_notice(self, moves, cutoff_date, batch):
        """With *Debtors Not Notified* = *Leave out*, a debtor's documents wait until it was sent the notice of
        assignment of this factor."""
        if self.unnotified_debtors != "exclude":
            return {}
        unnotified = set(self._get_unnotified_debtors(moves.commercial_partner_id).ids)  # one look-up per document
        return {
            move: self.env._("Customer %(partner)s has not been sent the notice of assignment",
                             partner=move.commercial_partner_id.display_name)
            for move in moves
            if move.commercial_partner_id.id in unnotified
        }

    def _get_transfer_notes(self, moves):
        # EXTENDS factoring_base: with *Debtors Not Notified* = *Transfer with a warning*, the documents of debtors not
        # notified yet go with a note saying so.
        notes = super()._get_transfer_notes(moves)
        if self.unnotified_debtors != "warn":
            return notes
        unnotified = set(self._get_unnotified_debtors(moves.commercial_partner_id).ids)
        for move in moves:
            if move.commercial_partner_id.id in unnotified:
                warning = self.env._("Customer not notified of the assignment yet")
                notes[move] = f"{notes[move]}; {warning}" if notes.get(move) else warning
        return notes
