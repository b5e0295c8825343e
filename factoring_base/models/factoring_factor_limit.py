# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Debtor limits: the amount the factor takes over per debtor, checked at transfer.

The limit is the customer's *Factor Credit Limit* (per company, so per factor; typed or taken from the factor's
return file; 0 = no limit recorded, nothing is checked). At a transfer, a debtor's exposure is what is open at the
factor now plus what the transfer adds: its credit notes first (they lower it), then its invoices in the order of
the transfer. An invoice that would take the exposure beyond the limit is left out with the reason, or goes with a
warning, as the factor's *Debtor Limit* setting says. One method computes it (``_get_limit_excess``); the transfer
rule, the wizard's notes and its per-debtor overview read it.
"""

from collections import defaultdict

from odoo import fields, models
from odoo.fields import Domain


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    limit_policy = fields.Selection(
        [
            ("warn", "Warn only"),
            ("exclude", "Leave out documents beyond the limit"),
        ],
        string="Debtor Limit",
        default="warn",
        required=True,
        tracking=True,
        help="What a transfer does with an invoice that would take a debtor beyond the limit the factor granted "
        "(the customer's Factor Credit Limit; 0 = no limit recorded): leave it out with the reason, or transfer it "
        "with a warning.",
    )

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    def _to_factor_currency(self, amount_currency, amount_company, currency):
        """An amount as the factor counts it: in the factor's currency (converted from the company currency today
        when the line is in another currency)."""
        if currency == self.currency_id:
            return amount_currency
        return self.company_id.currency_id._convert(
            amount_company, self.currency_id, self.company_id, fields.Date.context_today(self)
        )

    def _get_open_at_factor_domain(self, partners):
        """The journal items that make up what is open at the factor for ``partners`` (commercial partners), and
        the field of the item naming its document.

        A factor that rebooks: the open lines of its clearing account (one per document, partner = factor); else
        the open receivables of the documents it holds."""
        self.ensure_one()
        common = Domain([
            ("company_id", "=", self.company_id.id), ("parent_state", "=", "posted"), ("reconciled", "=", False),
        ])
        if self.rebook_receivables and self.clearing_account_id:
            return common & Domain([
                ("account_id", "=", self.clearing_account_id.id),
                ("partner_id", "=", self.partner_id.id),
                ("factoring_source_move_id.commercial_partner_id", "in", partners.ids),
            ]), "factoring_source_move_id"
        return common & Domain([
            ("move_id.factor_id", "=", self.id),
            ("move_id.factoring_state", "=", "transferred"),
            ("move_id.commercial_partner_id", "in", partners.ids),
            ("account_id.account_type", "=", "asset_receivable"),
        ]), "move_id"

    def _get_open_at_factor(self, partners):
        """What is open at the factor per debtor now, in the factor's currency: {commercial partner: amount}."""
        self.ensure_one()
        result = dict.fromkeys(partners, 0.0)
        if not partners:
            return result
        domain, document_field = self._get_open_at_factor_domain(partners)
        groups = self.env["account.move.line"]._read_group(
            domain, [document_field, "currency_id"], ["amount_residual_currency:sum", "amount_residual:sum"]
        )
        for document, currency, amount_currency, amount_company in groups:
            partner = document.commercial_partner_id
            if partner in result:
                result[partner] += self._to_factor_currency(amount_currency, amount_company, currency)
        return {partner: self.currency_id.round(amount) for partner, amount in result.items()}

    def _get_transfer_amounts(self, moves):
        """What each document adds to its debtor's exposure, signed (credit notes negative), in the factor's
        currency: {move: amount}."""
        residuals = self.env["factoring.batch.line"]._get_move_residuals(moves)
        return {
            move: (-1 if move.move_type == "out_refund" else 1)
            * self._to_factor_currency(residuals[move][0], residuals[move][1], move.currency_id)
            for move in moves
        }

    def _get_limit_excess(self, moves):
        """The invoices of ``moves`` (the documents going together) that would take their debtor beyond its limit:
        {move: reason}. Credit notes never do; debtors without a limit (0) are not checked."""
        self.ensure_one()
        moves = moves.filtered(lambda move: move.state == "posted")
        partners = moves.commercial_partner_id.with_company(self.company_id)
        limits = {partner: partner.factor_credit_limit for partner in partners if partner.factor_credit_limit > 0}
        if not limits:
            return {}
        moves = moves.filtered(lambda move: move.commercial_partner_id in limits)
        open_amounts = self._get_open_at_factor(moves.commercial_partner_id)
        amounts = self._get_transfer_amounts(moves)
        exposure = defaultdict(float)
        for move in moves.filtered(lambda move: amounts[move] < 0):
            exposure[move.commercial_partner_id] += amounts[move]
        currency = self.currency_id
        excess = {}
        for move in moves.filtered(lambda move: amounts[move] >= 0).sorted(
            lambda move: (move.invoice_date or fields.Date.today(), move.name or "", move.id)
        ):
            partner = move.commercial_partner_id
            open_amount = open_amounts[partner]
            total = open_amount + exposure[partner] + amounts[move]
            if currency.compare_amounts(total, limits[partner]) > 0:
                excess[move] = self.env._(
                    "Beyond the factor's limit for %(debtor)s: limit %(limit)s, open at the factor %(open)s, with "
                    "this transfer %(total)s",
                    debtor=partner.display_name,
                    limit=currency.format(limits[partner]),
                    open=currency.format(open_amount),
                    total=currency.format(total),
                )
            else:
                exposure[partner] += amounts[move]
        return excess

    # ------------------------------------------------------------------
    # The transfer rule and the wizard's notes
    # ------------------------------------------------------------------
    def _get_transfer_final_rules(self):
        # EXTENDS factoring_base: the debtor limit comes last, over the documents every other rule (also those of the
        # format addons) lets go.
        return super()._get_transfer_final_rules() + [self._transfer_rule_limit]

    def _transfer_rule_limit(self, moves, cutoff_date, batch):
        """An invoice beyond its debtor's limit waits (factor setting *Leave out documents beyond the limit*)."""
        if self.limit_policy != "exclude":
            return {}
        return self._get_limit_excess(moves)

    def _get_transfer_notes(self, moves):
        # EXTENDS factoring_base: with *Warn only*, an invoice beyond its debtor's limit goes with the warning.
        notes = super()._get_transfer_notes(moves)
        if self.limit_policy == "warn":
            for move, reason in self._get_limit_excess(moves).items():
                notes[move] = f"{notes[move]}; {reason}" if notes.get(move) else reason
        return notes
