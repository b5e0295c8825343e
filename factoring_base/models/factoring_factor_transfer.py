# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Which documents may go to the factor, and the service that puts them into batches.

One rule set serves three callers: the transfer wizard (shows each left-out document with its reason), the batch
confirmation (refuses a batch holding such a document, every one listed) and the scheduled transfer (creates the
batches through the same service method as the wizard's *Create Batch*).
"""

from psycopg2 import errors as pg_errors

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from .account_move import FACTORING_MOVE_TYPES


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Candidates
    # ------------------------------------------------------------------
    def _get_transfer_candidate_domain(self, moves=None):
        """The documents a transfer looks at: the factor's drafts and documents to transfer, and the open posted
        documents of its customers that carry no factor (assigned after posting; shown with that reason)."""
        self.ensure_one()
        domain = Domain.AND(
            [
                [("company_id", "=", self.company_id.id), ("move_type", "in", FACTORING_MOVE_TYPES)],
                Domain.OR(
                    [
                        [("factor_id", "=", self.id), ("state", "=", "draft")],
                        [("factor_id", "=", self.id), ("factoring_state", "=", "to_transfer")],
                        [
                            ("factor_id", "=", False),
                            ("state", "=", "posted"),
                            ("payment_state", "in", ("not_paid", "partial")),
                            ("commercial_partner_id.factor_id", "=", self.id),
                        ],
                    ]
                ),
            ]
        )
        if moves is not None:
            domain &= Domain("id", "in", moves.ids)
        return domain

    def _get_transfer_candidates(self, cutoff_date, moves=None):
        """Return ``[(move, reason or False)]`` for every candidate document (limited to ``moves`` when given),
        evaluated now, in the order of the transfer."""
        self.ensure_one()
        factor = self.with_company(self.company_id)
        candidates = factor.env["account.move"].search(
            factor._get_transfer_candidate_domain(moves), order="invoice_date, name, id"
        )
        exclusions = factor._get_transfer_exclusions(candidates, cutoff_date=cutoff_date)
        return [(move, exclusions.get(move, False)) for move in candidates]

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------
    def _get_transfer_exclusions(self, moves, cutoff_date=None, batch=None):
        """Return ``{move: reason}`` for every document of ``moves`` that may not go to the factor now.

        ``cutoff_date``: documents dated later wait. ``batch``: the draft batch being confirmed (its currency
        counts, and the batch itself is not "another batch"). Each rule refuses with its own translated reason;
        the first rule that refuses a document gives its reason.
        """
        self.ensure_one()
        moves = moves.with_company(self.company_id)
        exclusions = {}
        for rule in self._get_transfer_rules() + self._get_transfer_final_rules():
            remaining = moves.filtered(lambda move: move not in exclusions)
            if not remaining:
                break
            for move, reason in rule(remaining, cutoff_date, batch).items():
                exclusions.setdefault(move, reason)
        return exclusions

    def _get_transfer_rules(self):
        """The rules, in the order their reasons are given. Each takes ``(moves, cutoff_date, batch)`` and returns
        ``{move: reason}`` for the documents it refuses. Format addons add theirs (``super() + [...]``)."""
        return [
            self._transfer_rule_posted,
            self._transfer_rule_factor,
            self._transfer_rule_customer_blocked,
            self._transfer_rule_cutoff_date,
            self._transfer_rule_currency,
            self._transfer_rule_open_amount,
            self._transfer_rule_other_batch,
            self._transfer_rule_export,
        ]

    def _get_transfer_final_rules(self):
        """Rules that run after every rule of ``_get_transfer_rules`` (of every addon), over the documents all of them
        let go: a rule that sums what goes (the debtor limit) must not count a document a later rule leaves out."""
        return []

    def _transfer_rule_posted(self, moves, cutoff_date, batch):
        """Only posted documents go: a draft may still change, a cancelled one is no receivable."""
        return {move: self.env._("Not posted") for move in moves if move.state != "posted"}

    def _transfer_rule_factor(self, moves, cutoff_date, batch):
        """The document carries the factor: it is set when the document is posted for a customer of the factor."""
        reasons = {}
        for move in moves.filtered(lambda move: move.factor_id != self):
            if move.factor_id:
                reasons[move] = self.env._(
                    "Assigned to another factor (%(factor)s)", factor=move.factor_id.display_name
                )
            else:
                reasons[move] = self.env._(
                    "The customer was assigned to the factor after posting: the document has no factor"
                )
        return reasons

    def _transfer_rule_customer_blocked(self, moves, cutoff_date, batch):
        """A blocked customer's documents wait until the block is lifted."""
        return {
            move: self.env._("Customer blocked for transfers")
            for move in moves
            if move.commercial_partner_id.factor_blocked
        }

    def _transfer_rule_cutoff_date(self, moves, cutoff_date, batch):
        """Documents dated after the cut-off date wait for a later transfer."""
        if not cutoff_date:
            return {}
        cutoff_date = fields.Date.to_date(cutoff_date)
        return {
            move: self.env._("Dated after the cut-off date")
            for move in moves
            if move.invoice_date and move.invoice_date > cutoff_date
        }

    def _transfer_rule_currency(self, moves, cutoff_date, batch):
        """A batch holds one currency; the factor takes other currencies than its own only in batches of their own
        (currency policy *One batch per currency*)."""
        if batch:
            return {
                move: self.env._(
                    "In %(currency)s, but the batch is in %(batch_currency)s",
                    currency=move.currency_id.name,
                    batch_currency=batch.currency_id.name,
                )
                for move in moves
                if move.currency_id != batch.currency_id
            }
        if self.currency_policy != "refuse":
            return {}
        return {
            move: self.env._(
                "In %(currency)s: the factor takes %(factor_currency)s only",
                currency=move.currency_id.name,
                factor_currency=self.currency_id.name,
            )
            for move in moves
            if move.currency_id != self.currency_id
        }

    def _transfer_rule_open_amount(self, moves, cutoff_date, batch):
        """Only what is still open goes: nothing of a zero, paid or reversed document (its open receivable, in the
        document's and in the company's currency)."""
        residuals = self.env["factoring.batch.line"]._get_move_residuals(moves)
        return {
            move: self.env._("Nothing open (zero amount, paid or reversed)")
            for move in moves
            if move.currency_id.is_zero(residuals[move][0]) or move.company_currency_id.is_zero(residuals[move][1])
        }

    def _transfer_rule_other_batch(self, moves, cutoff_date, batch):
        """A document is in one active batch at a time (the database's unique index says so too)."""
        domain = [("move_id", "in", moves.ids), ("batch_state", "!=", "cancelled")]
        if batch:
            domain.append(("batch_id", "!=", batch.id))
        return {
            line.move_id: self.env._("Already in batch %(batch)s", batch=line.batch_id.name)
            for line in self.env["factoring.batch.line"].search(domain)
        }

    def _transfer_rule_export(self, moves, cutoff_date, batch):
        """The factor's file must carry the document's debtor (debtor number, address): a document it cannot carry
        waits until its data is completed. A format addon adds a rule of its own for what its file checks beyond
        that (field lengths, a credit note's original invoice, a Swiss UID...)."""
        return self._get_document_export_problems(moves)

    # ------------------------------------------------------------------
    # Batch creation (the wizard's Create Batch and the scheduled transfer)
    # ------------------------------------------------------------------
    def _create_transfer_batches(self, cutoff_date, date=None, moves=None):
        """Create the draft batches (one per currency) of every document that may go now, up to ``cutoff_date``
        (limited to ``moves`` when given). Returns them; empty when nothing may go.

        The documents are locked first (SKIP LOCKED): when another user transfers some of them right now, the
        transfer is refused with their names; the unique index on active batch lines refuses what another
        transaction put into a batch since.
        """
        self.ensure_one()
        factor = self.with_company(self.company_id)
        selected = factor.env["account.move"].union(
            *[move for move, reason in factor._get_transfer_candidates(cutoff_date, moves) if not reason]
        )
        batches = factor.env["factoring.batch"]
        if not selected:
            return batches
        locked = factor._lock_transfer_moves(selected)
        busy = selected - locked
        if busy:
            raise UserError(
                self.env._(
                    "Another user is transferring some of these documents right now: %(docs)s. "
                    "Try again in a moment.",
                    docs=", ".join(busy.mapped("display_name")),
                )
            )
        date = date or fields.Date.context_today(self)
        try:
            with self.env.cr.savepoint():
                batches = batches.create(
                    [
                        factor._prepare_transfer_batch_vals(currency, currency_moves, cutoff_date, date)
                        for currency, currency_moves in locked.grouped("currency_id").items()
                    ]
                )
                batches.flush_recordset()
                batches.line_ids.flush_recordset()
        except pg_errors.UniqueViolation as err:
            raise UserError(
                self.env._(
                    "Some of these documents were put into another batch in the meantime. "
                    "Open the transfer again to see what is left."
                )
            ) from err
        return batches

    def _lock_transfer_moves(self, moves):
        """Lock the documents; the ones another transaction holds are skipped (that one transfers them)."""
        if not moves:
            return moves
        self.env.cr.execute("SELECT id FROM account_move WHERE id IN %s FOR UPDATE SKIP LOCKED", [tuple(moves.ids)])
        locked_ids = {row[0] for row in self.env.cr.fetchall()}
        return moves.filtered(lambda move: move.id in locked_ids)

    def _prepare_transfer_batch_vals(self, currency, moves, cutoff_date, date):
        self.ensure_one()
        return {
            "factor_id": self.id,
            "currency_id": currency.id,
            "date": date,
            "cutoff_date": cutoff_date,
            "line_ids": [Command.create({"move_id": move.id}) for move in moves],
        }
