# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The factor reconciliation ("Abstimmung Factor-Konto"): the clearing account against the documents at the factor.

At a date D, for a factor that rebooks receivables:

- the *ledger balance* is the balance of every posted line of the clearing account dated up to D (all partners);
- a document's *transferred* amount is what the factor's batches say: the open amount of each batch line (signed,
  credit notes negative, in company currency) of batches whose rebooking entry is dated up to D, less the batches
  whose cancellation (reversal) is dated up to D;
- a document's *settled* amount is the part of its rebooking lines reconciled up to D with any line that is not a
  rebooking or cancellation of the factor's batches (settlements, payments, exchange differences...);
- *open at the factor* is transferred less settled.

The ledger balance then splits exactly into the documents' open amounts and two kinds of difference, each naming
its cause: a clearing-account line that is no rebooking of the factor's batches shows with its open amount at D
(manual entries, misbookings, lines of another partner, unmatched parts of a payment), and a document whose
rebooking lines on the clearing account disagree with what its batches transferred shows with the gap (a rebooking
entry reset to draft, for instance). On consistent books there is no difference.

A factor that does not rebook has no clearing account to compare with: its documents open at the factor are the
transferred documents' open receivables at D.
"""

from collections import defaultdict

from odoo import fields, models
from odoo.fields import Domain


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    def action_open_reconciliation(self):
        """Open the factor reconciliation of this factor at today's date."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("factoring_base.action_factoring_reconciliation")
        action["context"] = {"default_factor_id": self.id}
        return action

    def _get_reconciliation_data(self, date):
        """The factor reconciliation at ``date``, as plain data (amounts signed, in company currency).

        Returns a dict with ``date``, ``currency``, ``has_ledger`` (False for a factor that does not rebook: no
        ledger comparison), ``ledger_balance``, ``open_documents_total``, ``retention_balance``, ``difference``
        (ledger balance less open documents, 0.0 without ledger), ``documents`` (dicts with ``move``, ``partner``,
        ``batches``, ``transferred``, ``settled``, ``open``) and ``differences`` (dicts with ``record`` (the
        journal item or the document causing it), ``move`` (its entry or the document), ``partner``, ``date``,
        ``kind`` (``entry`` or ``document``), ``amount`` and ``reason``); the differences add up to ``difference``.
        """
        self.ensure_one()
        date = fields.Date.to_date(date)
        currency = self.company_id.currency_id
        batches = self.env["factoring.batch"].search(
            [("factor_id", "=", self.id), ("move_id", "!=", False), ("date", "<=", date)]
        )
        has_ledger = bool(self.clearing_account_id and (self.rebook_receivables or batches))
        if has_ledger:
            data = self._get_reconciliation_ledger_data(date, batches)
        else:
            data = self._get_reconciliation_receivable_data(date)
        data["documents"] = [doc for doc in data["documents"] if not currency.is_zero(doc["open"])]
        data["documents"].sort(key=lambda doc: (doc["move"].name or "", doc["move"].id))
        data["differences"] = [diff for diff in data["differences"] if not currency.is_zero(diff["amount"])]
        data["differences"].sort(key=lambda diff: (diff["date"] or date, diff["move"].name or "", diff["record"].id))
        data["open_documents_total"] = currency.round(sum(doc["open"] for doc in data["documents"]))
        data["retention_balance"] = self._get_reconciliation_balance(self.retention_account_id, date,
                                                                     partner=self.partner_id)
        data["difference"] = (
            currency.round(data["ledger_balance"] - data["open_documents_total"]) if has_ledger else 0.0
        )
        data.update({"date": date, "currency": currency, "has_ledger": has_ledger})
        return data

    def _get_reconciliation_balance(self, account, date, partner=None):
        """Balance of the posted lines of ``account`` dated up to ``date`` (of ``partner`` only, when given)."""
        if not account:
            return 0.0
        domain = Domain.AND([
            [("account_id", "=", account.id), ("company_id", "=", self.company_id.id)],
            [("parent_state", "=", "posted"), ("date", "<=", date)],
            [("partner_id", "=", partner.id)] if partner else [],
        ])
        (balance,) = self.env["account.move.line"]._read_group(domain, [], ["balance:sum"])[0]
        return self.company_id.currency_id.round(balance or 0.0)

    def _get_reconciliation_batch_amounts(self, date, batches):
        """What the batches say was transferred up to ``date``: {document: (signed amount, batches)}."""
        amounts = defaultdict(float)
        document_batches = defaultdict(lambda: self.env["factoring.batch"])
        for batch in batches:
            reversed_by_date = batch.reversal_move_id and batch.reversal_move_id.date <= date
            if batch.state == "draft" or (batch.state == "cancelled" and not batch.reversal_move_id):
                continue
            for line in batch.line_ids:
                sign = -1 if line.doc_type == "credit_note" else 1
                if not reversed_by_date:
                    amounts[line.move_id] += sign * line.amount_residual_company
                document_batches[line.move_id] |= batch
        return {move: (amounts[move], document_batches[move]) for move in document_batches}

    def _get_reconciliation_ledger_data(self, date, batches):
        """Ledger balance, documents and differences of a factor with a clearing account (see the module doc)."""
        currency = self.company_id.currency_id
        clearing = self.clearing_account_id
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", clearing.id),
                ("company_id", "=", self.company_id.id),
                ("parent_state", "=", "posted"),
                ("date", "<=", date),
            ],
            order="date, move_id, id",
        )
        batch_entries = batches.move_id | batches.reversal_move_id
        batch_lines = lines.filtered(lambda aml: aml.move_id in batch_entries and aml.factoring_source_move_id)
        other_lines = lines - batch_lines
        partials = self.env["account.partial.reconcile"].search(
            [
                "|", ("debit_move_id", "in", lines.ids), ("credit_move_id", "in", lines.ids),
                ("max_date", "<=", date),
            ]
        )
        settled = defaultdict(float)  # document: signed amount settled
        residual = {aml: aml.balance for aml in other_lines}  # open amount of the other lines at the date
        for partial in partials:
            debit, credit = partial.debit_move_id, partial.credit_move_id
            if debit in residual:
                residual[debit] -= partial.amount
            if credit in residual:
                residual[credit] += partial.amount
            if debit in batch_lines and credit not in batch_lines:
                settled[debit.factoring_source_move_id] += partial.amount
            elif credit in batch_lines and debit not in batch_lines:
                settled[credit.factoring_source_move_id] -= partial.amount
        ledger_transferred = defaultdict(float)
        for aml in batch_lines:
            ledger_transferred[aml.factoring_source_move_id] += aml.balance
        batch_amounts = self._get_reconciliation_batch_amounts(date, batches)

        documents = []
        differences = []
        for move in self.env["account.move"].union(*batch_amounts, *ledger_transferred, *settled):
            transferred, doc_batches = batch_amounts.get(move, (0.0, self.env["factoring.batch"]))
            documents.append(
                {
                    "move": move,
                    "partner": move.commercial_partner_id,
                    "batches": doc_batches,
                    "transferred": currency.round(transferred),
                    "settled": currency.round(settled[move]),
                    "open": currency.round(transferred - settled[move]),
                }
            )
            gap = ledger_transferred[move] - transferred
            if not currency.is_zero(gap):
                differences.append(
                    {
                        "record": move,
                        "move": move,
                        "partner": move.commercial_partner_id,
                        "date": move.date,
                        "kind": "document",
                        "amount": currency.round(gap),
                        "reason": self.env._(
                            "Transferred %(transferred)s in %(batches)s, but its rebooking on the clearing account "
                            "comes to %(ledger)s.",
                            transferred=currency.format(transferred),
                            batches=", ".join(doc_batches.mapped("name")) or self.env._("no batch"),
                            ledger=currency.format(ledger_transferred[move]),
                        ),
                    }
                )
        other_batches = self.env["factoring.batch"].search(
            ["|", ("move_id", "in", other_lines.move_id.ids), ("reversal_move_id", "in", other_lines.move_id.ids)]
        )
        for aml, amount in residual.items():
            differences.append(
                {
                    "record": aml,
                    "move": aml.move_id,
                    "partner": aml.partner_id,
                    "date": aml.date,
                    "kind": "entry",
                    "amount": currency.round(amount),
                    "reason": self._get_reconciliation_line_reason(aml, other_batches),
                }
            )
        return {
            "ledger_balance": currency.round(sum(lines.mapped("balance"))),
            "documents": documents,
            "differences": differences,
        }

    def _get_reconciliation_line_reason(self, aml, other_batches):
        """Why a line of the clearing account that is no rebooking of this factor's batches makes a difference."""
        batch = other_batches.filtered(lambda b: aml.move_id in (b.move_id | b.reversal_move_id))[:1]
        if batch and batch.factor_id != self:
            return self.env._(
                "Entry of batch %(batch)s of factor %(factor)s: the factors share the clearing account.",
                batch=batch.name, factor=batch.factor_id.display_name,
            )
        if not aml.partner_id:
            return self.env._("Booked on the clearing account without a partner, not matched with a document "
                              "at the factor.")
        if aml.partner_id.commercial_partner_id != self.partner_id.commercial_partner_id:
            return self.env._("Booked on the clearing account to %(partner)s instead of the factor.",
                              partner=aml.partner_id.display_name)
        if aml.factoring_source_move_id:
            return self.env._(
                "Names document %(doc)s but is no rebooking or cancellation of a batch of this factor.",
                doc=aml.factoring_source_move_id.display_name,
            )
        return self.env._("Not matched with a document at the factor (manual entry, misbooking or unallocated "
                          "payment).")

    def _get_reconciliation_receivable_data(self, date):
        """Documents open at a factor without clearing account: the transferred documents' receivables at the date."""
        currency = self.company_id.currency_id
        batches = self.env["factoring.batch"].search(
            [("factor_id", "=", self.id), ("state", "in", ("confirmed", "sent")), ("date", "<=", date)]
        )
        batch_amounts = self._get_reconciliation_batch_amounts(date, batches)
        receivables = self.env["account.move"].union(*batch_amounts).line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable" and aml.parent_state == "posted"
        )
        open_amounts = defaultdict(float)
        for aml in receivables:
            open_amounts[aml.move_id] += aml.balance
        for partial in (receivables.matched_debit_ids | receivables.matched_credit_ids).filtered(
            lambda p: p.max_date <= date
        ):
            if partial.debit_move_id in receivables:
                open_amounts[partial.debit_move_id.move_id] -= partial.amount
            if partial.credit_move_id in receivables:
                open_amounts[partial.credit_move_id.move_id] += partial.amount
        documents = []
        for move, (transferred, doc_batches) in batch_amounts.items():
            documents.append(
                {
                    "move": move,
                    "partner": move.commercial_partner_id,
                    "batches": doc_batches,
                    "transferred": currency.round(transferred),
                    "settled": currency.round(transferred - open_amounts[move]),
                    "open": currency.round(open_amounts[move]),
                }
            )
        return {"ledger_balance": 0.0, "documents": documents, "differences": []}
