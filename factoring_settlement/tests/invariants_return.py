# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The factor's return file in the randomized invariant test: operations and the invariants of a rejected document.

- *return_file*: the factor answers documents of its live batches, accepted or rejected (now and then also a document
  it answered already: the whole file must be refused, nothing imported);
- *resubmit*: a Factoring Manager resubmits rejected documents (they are to transfer again; the transfer operations
  take them into a new batch, whose rebooking moves the returned receivable to the factor again).
"""

import base64

RETURN_HEADER = "Beleg;Status;Grund"


class ReturnFileOperations:
    @classmethod
    def _setup_return_mappings(cls):
        for factor in cls.factors:
            cls.env["factoring.statement.mapping"].create(
                {"factor_id": factor.id, "name": "Return", "kind": "return", "column_document": "Beleg",
                 "column_answer": "Status", "column_answer_reason": "Grund", "column_answer_date": False,
                 "column_debtor": False, "column_limit": False}
            )

    def _answerable_lines(self, factor):
        """Batch lines of the factor's live batches: (not answered yet, answered of documents not in a later transfer
        waiting for its answer)."""
        lines = self.env["factoring.batch.line"].search(
            [("batch_id.factor_id", "=", factor.id), ("batch_state", "in", ("confirmed", "sent"))], order="id"
        )
        open_lines = lines.filtered(lambda line: not line.factor_answer)
        return open_lines, lines.filtered(lambda line: line.factor_answer and line.move_id not in open_lines.move_id)

    def _plan_return_file(self):
        factor = self._pick(self.factors)
        open_lines, answered = self._answerable_lines(factor)
        if not open_lines:
            return None
        lines = self._pick(open_lines, self.rng.randint(1, min(3, len(open_lines))))
        answers = [self.rng.choice(["angekauft", "abgelehnt", "abgelehnt"]) for _line in lines]
        again = answered and self.rng.random() < 0.15
        rows = [f"{line.move_id.name};{answer};Bonität" for line, answer in zip(lines, answers, strict=True)]
        if again:
            rows.append(f"{self._pick(answered).move_id.name};abgelehnt;Doppelt")

        def import_file():
            content = "\n".join([RETURN_HEADER, *rows]).encode()
            wizard = self.env["factoring.return.import"].create(
                {"factor_id": factor.id, "file": base64.b64encode(content), "filename": "return.csv"}
            )
            wizard.action_import()

        return f"{factor.code} {rows}", import_file, True if again else None

    def _plan_resubmit(self):
        rejected = self._documents().filtered(lambda move: move.factoring_state == "rejected")
        if not rejected:
            return None
        moves = self._pick(rejected, self.rng.randint(1, len(rejected)))
        return f"{moves.mapped('name')}", moves.action_factoring_resubmit, None

    def _returned_receivables(self, move):
        """The customer lines of return entries that gave ``move`` back to the company (open or not)."""
        return self.env["account.move.line"].search(
            [("factoring_source_move_id", "=", move.id), ("move_id.factoring_return_ids", "!=", False),
             ("parent_state", "=", "posted"), ("account_id.account_type", "=", "asset_receivable"),
             ("account_id", "!=", move.factor_id.clearing_account_id.id)]
        )

    def _rejected_problems(self, move, name):
        """A document the factor rejected: one live batch line rejected and not resubmitted, no other; for a factor
        that rebooks, a posted return entry took it back: its clearing lines are closed and the customer's
        receivable is on the return entry."""
        problems = []
        held = move.factoring_batch_line_ids.filtered(lambda line: line.batch_state in ("confirmed", "sent"))
        rejected = held.filtered(lambda line: line.factor_answer == "rejected" and not line.factor_resubmitted)
        earlier = (held - rejected).filtered(
            lambda line: not (line.factor_answer == "rejected" and line.factor_resubmitted)
        )
        if len(rejected) != 1 or earlier:
            problems.append(f"{name}: rejected but not in exactly one live batch as rejected and not resubmitted")
        factor = move.factor_id
        if factor.rebook_receivables:
            clearing = move.factoring_rebooked_line_ids.filtered(
                lambda aml: aml.parent_state == "posted" and aml.account_id == factor.clearing_account_id
            )
            returned = self._returned_receivables(move)
            if not all(clearing.mapped("reconciled")):
                problems.append(f"{name}: rejected but its clearing lines are open")
            if not returned:
                problems.append(f"{name}: rejected by a factor that rebooks, but no return entry gave it back")
        return problems
