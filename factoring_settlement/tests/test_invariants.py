# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Invariants of the factoring books under random operations (issue #15).

A seeded random walk posts invoices, registers customer payments, makes credit notes, transfers, cancels and
re-transfers batches, imports the factor's return files (accepting or rejecting documents) and resubmits rejected
documents, settles fully or partly, cancels settlements, and tries to unreconcile and to reverse (cancel-type)
factored documents. After every step the books must hold (see ``_assert_invariants``); an operation
the application refuses must have changed nothing.

Environment:
- FACTORING_FUZZ_SEED: the seed (printed in every failure message, with the operation history, to replay it);
- FACTORING_FUZZ_STEPS: the number of steps;
- FACTORING_FUZZ_SKIP: operation kinds left out, comma separated (e.g. ``unreconcile,reversal``).
"""
import logging
import os
import random
import time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SettlementCommon
from .invariants_return import ReturnFileOperations
from .invariants_tools import diff_snapshots, factor_reconciliation, take_snapshot

SEED = int(os.environ.get("FACTORING_FUZZ_SEED") or 20261115)
# About half a second to a second per step on the 2-core machine (real accounting, invariants after each step):
# 150 steps by default (about 40 s here); FACTORING_FUZZ_STEPS=500 for a deeper run.
STEPS = int(os.environ.get("FACTORING_FUZZ_STEPS") or 150)
SKIP = {kind.strip() for kind in (os.environ.get("FACTORING_FUZZ_SKIP") or "").split(",") if kind.strip()}
_logger = logging.getLogger(__name__)
MAX_DOCUMENTS = 14
REFUSALS = (UserError, ValidationError)
LIVE = ("confirmed", "sent")


@tagged("post_install", "-at_install")
class TestFactoringInvariants(ReturnFileOperations, SettlementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        address = {
            "street": "Hafenstraße 3", "zip": "20457", "city": "Hamburg", "country_id": cls.env.ref("base.de").id
        }
        cls.second_customer.write({**address, "factor_debtor_ref": "100102"})
        # A second factor that does not rebook: the customer's receivable stays and is settled directly.
        partner = cls.env["res.partner"].create({"name": "Second Factor GmbH", "is_company": True})
        bank = cls.env["res.partner.bank"].create({"partner_id": partner.id, "acc_number": "DE75512108001245126199"})
        cls.factor_plain = cls.env["factoring.factor"].create(
            cls._factor_vals(code="TSF", name="Second Factor", partner_id=partner.id, bank_account_id=bank.id,
                             rebook_receivables=False, clearing_account_id=False)
        )
        cls.third_customer = cls.env["res.partner"].create(
            {"name": "Weber Elektro KG", "is_company": True, "factor_id": cls.factor_plain.id,
             "factor_debtor_ref": "200201", **address}
        )
        cls.customers = cls.customer + cls.second_customer + cls.third_customer
        cls.factors = cls.factor + cls.factor_plain
        cls._setup_return_mappings()

    # ------------------------------------------------------------------
    # The walk
    # ------------------------------------------------------------------
    def test_random_operations_keep_the_books(self):
        self.rng = random.Random(SEED)
        self.history = []
        kinds = {
            "post_invoice": 4, "payment": 2, "credit_note": 2, "transfer": 3, "retransfer": 2, "confirm_batch": 2,
            "mark_sent": 1, "cancel_batch": 2, "settle": 4, "cancel_settlement": 2, "unreconcile": 2, "reversal": 2,
            "return_file": 2, "resubmit": 1,
        }
        kinds = {kind: weight for kind, weight in kinds.items() if kind not in SKIP}
        started = time.monotonic()
        counts = {}
        for step in range(1, STEPS + 1):
            self.step = step
            for _attempt in range(50):
                kind = self.rng.choices(list(kinds), weights=list(kinds.values()))[0]
                planned = getattr(self, f"_plan_{kind}")()
                if planned:
                    break
            else:
                self.fail(self._context("no applicable operation"))
            description, operation, expect_refusal = planned
            outcome = self._run(kind, description, operation, expect_refusal)
            counts[f"{kind} {outcome}"] = counts.get(f"{kind} {outcome}", 0) + 1
            self._assert_invariants()
        _logger.info(
            "factoring fuzz seed=%s steps=%s skip=%s %.1fs: %s",
            SEED, STEPS, sorted(SKIP), time.monotonic() - started, dict(sorted(counts.items())),
        )

    def _context(self, message):
        replay = f"FACTORING_FUZZ_SEED={SEED} FACTORING_FUZZ_STEPS={self.step}"
        if SKIP:
            replay += f" FACTORING_FUZZ_SKIP={','.join(sorted(SKIP))}"
        return (
            f"step {self.step}, seed {SEED} (replay: {replay}): {message}\n"
            "history:\n" + "\n".join(self.history[-40:])
        )

    def _run(self, kind, description, operation, expect_refusal):
        """Run one operation in a savepoint. A refused one must change nothing: after the rollback, the books are as
        before the step. ``expect_refusal``: True (must be refused) or None (either way)."""
        before = take_snapshot(self.env, self.company)
        try:
            with self.env.cr.savepoint():
                operation()
        except REFUSALS as error:
            message = str(error.args[0] if error.args else error).splitlines()[0][:160]
            self.history.append(f"{self.step}: {kind} {description} -> refused: {message}")
            self.env.invalidate_all()
            differences = diff_snapshots(before, take_snapshot(self.env, self.company))
            if differences:
                self.fail(self._context(f"refused {kind} changed the books:\n" + "\n".join(differences)))
            return "refused"
        self.history.append(f"{self.step}: {kind} {description} -> done")
        if expect_refusal:
            self.fail(self._context(f"{kind} {description} was accepted; it must be refused"))
        return "done"

    # ------------------------------------------------------------------
    # What there is
    # ------------------------------------------------------------------
    def _documents(self):
        return self.env["account.move"].search(
            [("company_id", "=", self.company.id), ("move_type", "in", ("out_invoice", "out_refund"))], order="id"
        )

    def _batches(self, states):
        return self.env["factoring.batch"].search(
            [("company_id", "=", self.company.id), ("state", "in", states)], order="id"
        )

    def _live_line(self, move):
        """The document's line in a live batch that holds it (a line the factor rejected no longer does)."""
        return move.factoring_batch_line_ids.filtered(
            lambda line: line.batch_state in LIVE and line.factor_answer != "rejected"
        )

    def _settlement_moves(self):
        return self.env["factoring.settlement"].search([("state", "=", "posted")]).move_id

    def _receivable(self, move):
        return move.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")

    def _is_protected(self, move):
        """A document the factor holds: in a live batch, or touched by a posted settlement."""
        return bool(self._live_line(move)) or any(
            item.state == "posted" for item in move.factoring_settlement_line_ids
        )

    def _pick(self, records, count=1):
        records = records.sorted("id")
        return records.browse(self.rng.sample(records.ids, min(count, len(records)))).sorted("id")

    def _amount(self, low, high):
        return round(self.rng.uniform(low, high), 2)

    # ------------------------------------------------------------------
    # Operations: each plan returns (description, callable, expect_refusal) or None when it does not apply
    # ------------------------------------------------------------------
    def _plan_post_invoice(self):
        drafts = self._documents().filtered(lambda m: m.state == "draft")
        if drafts and self.rng.random() < 0.5:
            move = self._pick(drafts)
            return f"{move.display_name} (draft)", move.action_post, None
        if len(self._documents()) >= MAX_DOCUMENTS:
            return None
        partner = self.customers[self.rng.randrange(len(self.customers))]
        amount = float(self.rng.randrange(10, 300) * 10)
        return (
            f"{partner.name} {amount}",
            lambda: self._create_invoice(partner=partner, amount=amount),
            None,
        )

    def _plan_payment(self):
        invoices = self._documents().filtered(lambda m: m.state == "posted" and m.move_type == "out_invoice")
        candidates = invoices.filtered(lambda m: m.factoring_state == "to_transfer")
        if self.rng.random() < 0.2:
            candidates = invoices  # paid, rebooked, settled... refused when nothing is left to pay
        if not candidates:
            return None
        move = self._pick(candidates)
        share = self.rng.choice([0.3, 0.5, 1.0]) if self.rng.random() < 0.8 else self.rng.uniform(0.1, 0.9)
        amount = round(abs(move.amount_residual) * share, 2) or 10.0

        def pay():
            wizard = self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({"amount": amount})
            wizard._create_payments()

        return f"{move.name} {amount}", pay, None

    def _plan_credit_note(self):
        invoices = self._documents().filtered(lambda m: m.state == "posted" and m.move_type == "out_invoice")
        if not invoices or len(self._documents()) >= MAX_DOCUMENTS:
            return None
        move = self._pick(invoices)
        price = round(move.invoice_line_ids[:1].price_unit * self.rng.choice([0.1, 0.25, 0.5, 1.0]), 2)

        def refund():
            wizard = self.env["account.move.reversal"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({"reason": "Return", "journal_id": move.journal_id.id})
            credit_note = self.env["account.move"].browse(wizard.refund_moves()["res_id"])
            credit_note.invoice_line_ids.price_unit = price
            credit_note.action_post()

        return f"{move.name} {price} ({move.factoring_state})", refund, None

    def _transfer(self, factor, moves, confirm):
        wizard = self.env["factoring.transfer"].create(
            {"factor_id": factor.id, "confirm": confirm, "restrict_move_ids": [Command.set(moves.ids)]}
        )
        wizard.action_create_batches()

    def _plan_transfer(self, retransfer=False):
        factor = self._pick(self.factors)
        documents = self._documents().filtered(lambda m: m.factor_id == factor)
        if retransfer:
            documents = documents.filtered(
                lambda m: any(line.batch_state == "cancelled" for line in m.factoring_batch_line_ids)
            )
        if not documents:
            return None
        if self.rng.random() < 0.5:
            documents = self._pick(documents, self.rng.randint(1, len(documents)))
        confirm = self.rng.random() < 0.7
        return (
            f"{factor.code} {documents.mapped('name')} confirm={confirm}",
            lambda: self._transfer(factor, documents, confirm),
            None,
        )

    def _plan_retransfer(self):
        return self._plan_transfer(retransfer=True)

    def _plan_confirm_batch(self):
        batches = self._batches(["draft"])
        if not batches:
            return None
        batch = self._pick(batches)
        return batch.name, batch.action_confirm, None

    def _plan_mark_sent(self):
        batches = self._batches(["confirmed"])
        if not batches:
            return None
        batch = self._pick(batches)
        return batch.name, batch.action_mark_sent, None

    def _plan_cancel_batch(self):
        batches = self._batches(["draft", "confirmed", "sent"])
        if not batches:
            return None
        batch = self._pick(batches)
        return f"{batch.name} ({batch.state})", batch.action_cancel, None

    def _plan_settle(self):
        factor = self._pick(self.factors)
        items = self.env["account.move.line"].search(factor._get_open_item_domain(), order="id")
        if not items:
            return None
        items = self._pick(items, self.rng.randint(1, min(3, len(items))))
        shares = [self.rng.choice([1.0, 1.0, 0.5, 0.3]) for _item in items]
        fee = self.rng.random() < 0.3
        wrong_total = self.rng.random() < 0.1
        use_bank = self.rng.random() < 0.3

        def settle():
            settlement = self.env["factoring.settlement"].create(
                {"factor_id": factor.id, "journal_id": self.bank_journal.id, "ref": f"FUZZ-{self.step}"}
            )
            settlement._add_move_lines(items)
            for line, share in zip(settlement.line_ids.sorted("id"), shares, strict=True):
                if share < 1.0:
                    line.amount_settled = round(line.amount_open * share, 2)
                if fee and line.amount_settled > 10:
                    line.fee_amount = round(line.amount_settled * 0.009, 2)
            total = settlement.amount_settled + (1.0 if wrong_total else 0.0)
            if use_bank and total > 0:
                settlement.statement_line_id = self.env["account.bank.statement.line"].create(
                    {"journal_id": self.bank_journal.id, "payment_ref": settlement.name,
                     "partner_id": factor.partner_id.id, "amount": total}
                )
            else:
                settlement.amount_to_settle = total
            settlement.action_post()

        return (
            f"{factor.code} {items.mapped('move_name')} shares={shares} fee={fee} bank={use_bank} "
            f"wrong_total={wrong_total}",
            settle,
            None,
        )

    def _plan_cancel_settlement(self):
        settlements = self.env["factoring.settlement"].search(
            [("company_id", "=", self.company.id), ("state", "=", "posted")], order="id"
        )
        if not settlements:
            return None
        settlement = self._pick(settlements)
        return settlement.name, settlement.action_cancel, None

    def _plan_unreconcile(self):
        """Unreconcile a reconciled receivable or settlement line. Refused when it is the rebooking reconciliation of
        a document in a live batch or a reconciliation made by a posted settlement."""
        live_moves = self._batches(list(LIVE)).move_id
        settlement_moves = self._settlement_moves()
        documents = self._documents().filtered(lambda m: m.state == "posted")
        lines = self._receivable(documents) | settlement_moves.line_ids.filtered("factoring_settlement_line_id")
        lines = lines.filtered(lambda aml: aml.matched_debit_ids or aml.matched_credit_ids)
        if not lines:
            return None
        line = self._pick(lines)
        partners = line.matched_debit_ids.debit_move_id | line.matched_credit_ids.credit_move_id
        protected = (live_moves | settlement_moves) & (line.move_id | partners.move_id)
        expect = True if protected else None
        return (
            f"{line.move_id.name} line {line.id} with {partners.move_id.mapped('name')} protected={bool(protected)}",
            line.remove_move_reconcile,
            expect,
        )

    def _plan_reversal(self):
        """Reverse and create a new draft (cancel-type reversal). Refused for a document the factor holds."""
        documents = self._documents().filtered(lambda m: m.state == "posted")
        if not documents:
            return None
        move = self._pick(documents)
        expect = True if self._is_protected(move) else None

        def reverse():
            wizard = self.env["account.move.reversal"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({"reason": "Wrong", "journal_id": move.journal_id.id})
            wizard.modify_moves()

        return f"{move.name} ({move.factoring_state})", reverse, expect

    # ------------------------------------------------------------------
    # Invariants
    # ------------------------------------------------------------------
    def _assert_invariants(self):
        """After every step: entries balance, no document is in two live batches, each document's factoring state
        agrees with its batches and reconciliations, posted settlements and cancelled batches are whole, and the
        factor reconciliation shows no difference."""
        self.env.flush_all()
        self.env.invalidate_all()
        problems = []
        cr = self.env.cr
        # Every posted entry balances.
        cr.execute(
            """SELECT m.name, sum(l.debit), sum(l.credit)
                 FROM account_move_line l JOIN account_move m ON m.id = l.move_id
                WHERE m.company_id = %s AND m.state = 'posted' GROUP BY m.id, m.name
               HAVING abs(sum(l.debit) - sum(l.credit)) > 0.001""",
            [self.company.id],
        )
        problems += [
            f"entry {name} does not balance: debit {debit}, credit {credit}" for name, debit, credit in cr.fetchall()
        ]
        # No document is in two live batches; each batch line tells its batch's state.
        cr.execute(
            """SELECT l.move_id, array_agg(b.name)
                 FROM factoring_batch_line l JOIN factoring_batch b ON b.id = l.batch_id
                WHERE b.company_id = %s AND b.state != 'cancelled' AND l.factor_answer IS DISTINCT FROM 'rejected'
                GROUP BY l.move_id HAVING count(*) > 1""",
            [self.company.id],
        )
        problems += [f"document {move_id} is in live batches {names}" for move_id, names in cr.fetchall()]
        cr.execute(
            """SELECT l.id FROM factoring_batch_line l JOIN factoring_batch b ON b.id = l.batch_id
                WHERE b.company_id = %s AND l.batch_state IS DISTINCT FROM b.state""",
            [self.company.id],
        )
        problems += [f"batch line {line_id} does not tell its batch's state" for (line_id,) in cr.fetchall()]
        documents = self._documents()
        for move in documents:
            problems += self._document_problems(move)
        problems += self._batch_problems()
        problems += self._settlement_problems()
        for factor in self.factors:
            # What users see: the Factor Reconciliation view's figures.
            shown = factor._get_reconciliation_data(fields.Date.context_today(factor))
            if not self.company.currency_id.is_zero(shown["difference"]):
                problems.append(
                    f"factor {factor.code}: the Factor Reconciliation shows a difference of {shown['difference']}: "
                    + "; ".join(f"{diff['move'].display_name}: {diff['amount']} ({diff['reason']})"
                                for diff in shown["differences"])
                )
        for factor in self.factors.filtered("rebook_receivables"):
            # The same from first principles, independent of the view's code.
            reconciliation = factor_reconciliation(factor, documents)
            if reconciliation["difference"]:
                problems.append(
                    f"factor {factor.code}: clearing account balance {reconciliation['ledger']} differs from the "
                    f"documents open at the factor by {reconciliation['difference']}"
                )
            for move, (transferred, settled, open_amount, residual) in reconciliation["documents"].items():
                if self.company.currency_id.compare_amounts(open_amount, residual):
                    problems.append(
                        f"{move.name}: transferred {transferred} less settled {settled} is {open_amount}, its "
                        f"clearing lines have {residual} open"
                    )
        if problems:
            self.fail(self._context("invariants broken:\n- " + "\n- ".join(problems)))

    def _document_problems(self, move):
        problems = []
        name = f"{move.name or move.id} ({move.state}, {move.factoring_state})"
        self.env.cr.execute("SELECT factoring_state FROM account_move WHERE id = %s", [move.id])
        stored = self.env.cr.fetchone()[0]
        fresh = move._get_factoring_state()
        if stored != fresh:
            problems.append(f"{name}: the stored factoring state {stored} is stale, it is {fresh} now")
        state = fresh
        live = self._live_line(move)
        receivables = self._receivable(move)
        currency = move.currency_id
        if state == "transferred":
            if move.state != "posted" or not move.factor_id or len(live) != 1:
                problems.append(f"{name}: transferred but not in exactly one confirmed or sent batch")
            elif live.batch_id.factor_id.rebook_receivables:
                rebooking = live.batch_id.move_id
                receivables |= self._returned_receivables(move)  # resubmitted: the return entry's line went
                partners = receivables.matched_debit_ids.debit_move_id | receivables.matched_credit_ids.credit_move_id
                if not rebooking or rebooking.state != "posted":
                    problems.append(f"{name}: its batch {live.batch_id.name} has no posted rebooking entry")
                elif rebooking not in partners.move_id:
                    problems.append(f"{name}: its receivable is not reconciled with the rebooking {rebooking.name}")
                if not all(receivables.mapped("reconciled")):
                    problems.append(
                        f"{name}: transferred to a rebooking factor but its receivable is open "
                        f"({sum(receivables.mapped('amount_residual'))})"
                    )
        elif state == "settled":
            clearing = move.factoring_rebooked_line_ids.filtered(
                lambda aml: aml.parent_state == "posted" and aml.account_id == move.factor_id.clearing_account_id
            )
            if not any(item.state == "posted" for item in move.factoring_settlement_line_ids):
                problems.append(f"{name}: settled without a posted settlement")
            if not all((receivables | clearing).mapped("reconciled")):
                problems.append(f"{name}: settled but a receivable or clearing line is open")
        elif state == "rejected":
            problems += self._rejected_problems(move, name)
        elif state == "to_transfer":
            # Open on the document, or (rejected and resubmitted) on the return entry that gave it back.
            residual = self.env["factoring.batch.line"]._get_move_residuals(move)[move][0]
            if move.state != "posted" or not move.factor_id or currency.is_zero(residual):
                problems.append(f"{name}: to transfer but not posted, not factored or nothing open")
            if live:
                problems.append(f"{name}: to transfer but in the live batch {live.batch_id.name}")
        elif state == "netted":
            counterparts = receivables.matched_debit_ids.debit_move_id | receivables.matched_credit_ids.credit_move_id
            if move.state != "posted" or not move.factor_id or not currency.is_zero(move.amount_residual):
                problems.append(f"{name}: netted but not posted, not factored or still open")
            if not counterparts or any(
                other.move_type not in ("out_invoice", "out_refund")
                or other.commercial_partner_id != move.commercial_partner_id
                for other in counterparts.move_id
            ):
                problems.append(f"{name}: netted but not reconciled only with documents of its customer")
        elif move.state == "posted" and move.factor_id and not currency.is_zero(move.amount_residual):
            problems.append(f"{name}: not factored although posted, assigned and open")
        if live and state not in ("transferred", "settled"):
            problems.append(f"{name}: in the live batch {live.batch_id.name} but {state}")
        return problems

    def _batch_problems(self):
        problems = []
        for batch in self._batches(["draft", "confirmed", "sent", "cancelled"]):
            rebooks = batch.factor_id.rebook_receivables
            if batch.state in LIVE and rebooks and batch.move_id.state != "posted":
                problems.append(f"batch {batch.name} ({batch.state}) has no posted rebooking entry")
            if batch.state in LIVE and not batch.file_ids:
                problems.append(f"batch {batch.name} ({batch.state}) lost its file")
            if batch.state == "cancelled" and batch.move_id:
                reversal = batch.reversal_move_id
                if reversal.state != "posted" or reversal.reversed_entry_id != batch.move_id:
                    problems.append(f"cancelled batch {batch.name}: its rebooking is not reversed")
                open_lines = (batch.move_id | reversal).line_ids.filtered(
                    lambda aml: aml.account_id.reconcile and not aml.reconciled
                )
                if open_lines:
                    problems.append(
                        f"cancelled batch {batch.name}: rebooking lines still open: {open_lines.mapped('name')}"
                    )
        return problems

    def _settlement_problems(self):
        problems = []
        settlements = self.env["factoring.settlement"].search([("company_id", "=", self.company.id)], order="id")
        for settlement in settlements:
            if settlement.state == "posted":
                if settlement.move_id.state != "posted":
                    problems.append(f"settlement {settlement.name} is posted without a posted entry")
                for item in settlement.line_ids:
                    credit = item.settlement_move_line_id
                    partners = credit.matched_debit_ids.debit_move_id | credit.matched_credit_ids.credit_move_id
                    if not credit.reconciled or partners != item.move_line_id:
                        problems.append(
                            f"settlement {settlement.name}: the credit of {item.document_id.name} is not (only) "
                            f"reconciled with its item"
                        )
                if settlement.statement_line_id and not settlement.statement_line_id.is_reconciled:
                    problems.append(f"settlement {settlement.name}: its bank transaction is not reconciled")
            elif settlement.state == "cancelled" and settlement.move_id:
                reversal = settlement.reversal_move_id
                open_lines = (settlement.move_id | reversal).line_ids.filtered(
                    lambda aml: aml.account_id.reconcile and not aml.reconciled
                )
                if reversal.state != "posted" or open_lines:
                    problems.append(f"cancelled settlement {settlement.name} is not wholly reversed")
        return problems
