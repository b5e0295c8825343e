# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers of the randomized invariant test: a snapshot of the factoring books and the factor reconciliation."""

SNAPSHOT_QUERIES = {
    "account.move": """
        SELECT id, state, move_type, factoring_state, round(amount_residual, 2), payment_state, reversed_entry_id
          FROM account_move WHERE company_id = %(company)s ORDER BY id""",
    "account.move.line": """
        SELECT id, move_id, account_id, partner_id, parent_state, round(balance, 2), round(amount_residual, 2),
               reconciled, full_reconcile_id, factoring_source_move_id, factoring_settlement_line_id
          FROM account_move_line WHERE company_id = %(company)s ORDER BY id""",
    "account.partial.reconcile": """
        SELECT id, debit_move_id, credit_move_id, round(amount, 2), full_reconcile_id, exchange_move_id
          FROM account_partial_reconcile WHERE company_id = %(company)s ORDER BY id""",
    "account.bank.statement.line": """
        SELECT l.id, l.move_id, round(l.amount, 2), l.is_reconciled
          FROM account_bank_statement_line l JOIN account_move m ON m.id = l.move_id
         WHERE m.company_id = %(company)s ORDER BY l.id""",
    "factoring.batch": """
        SELECT id, factor_id, state, move_id, reversal_move_id, file_sequence, line_count, round(amount_net, 2)
          FROM factoring_batch WHERE company_id = %(company)s ORDER BY id""",
    "factoring.batch.line": """
        SELECT id, batch_id, move_id, batch_state, round(amount_residual, 2), round(amount_residual_company, 2)
          FROM factoring_batch_line WHERE company_id = %(company)s ORDER BY id""",
    "factoring.batch files": """
        SELECT r.batch_id, r.attachment_id FROM factoring_batch_attachment_rel r
          JOIN factoring_batch b ON b.id = r.batch_id WHERE b.company_id = %(company)s ORDER BY 1, 2""",
    "factoring.settlement": """
        SELECT id, factor_id, state, move_id, reversal_move_id, statement_line_id, round(amount_to_settle, 2),
               round(amount_open, 2)
          FROM factoring_settlement WHERE company_id = %(company)s ORDER BY id""",
    "factoring.return": """
        SELECT id, factor_id, move_id, accepted_count, rejected_count
          FROM factoring_return WHERE company_id = %(company)s ORDER BY id""",
    "factoring.settlement.line": """
        SELECT id, settlement_id, move_line_id, state, round(amount_settled, 2), round(fee_amount, 2),
               settlement_move_line_id
          FROM factoring_settlement_line WHERE company_id = %(company)s ORDER BY id""",
}


def take_snapshot(env, company):
    """The rows of the factoring books of ``company`` as they are in the database (pending writes flushed)."""
    env.flush_all()
    snapshot = {}
    for table, query in SNAPSHOT_QUERIES.items():
        env.cr.execute(query, {"company": company.id})
        snapshot[table] = env.cr.fetchall()
    return snapshot


def diff_snapshots(before, after, limit=6):
    """Human-readable differences between two snapshots (empty list when equal)."""
    problems = []
    for table in before:
        old, new = dict((row[0], row) for row in before[table]), dict((row[0], row) for row in after[table])
        if before[table] == after[table]:
            continue
        added = [new[key] for key in new.keys() - old.keys()]
        removed = [old[key] for key in old.keys() - new.keys()]
        changed = [(old[key], new[key]) for key in old.keys() & new.keys() if old[key] != new[key]]
        problems.append(
            f"{table}: {len(added)} added {sorted(added)[:limit]}, {len(removed)} removed {sorted(removed)[:limit]}, "
            f"{len(changed)} changed {sorted(changed)[:limit]}"
        )
    return problems


def factor_reconciliation(factor, documents):
    """The factor reconciliation of a rebooking factor, computed from first principles.

    Ledger: the balance of the factor's clearing account (posted lines). Documents: for each document in a live
    (confirmed or sent) batch of the factor that did not reject it, what was transferred (the batch line's amount,
    signed) less what posted settlements credited on its clearing items; its clearing lines' open residual must be
    that figure. The difference is the ledger balance less the sum over the documents.

    Returns ``{"ledger": float, "documents": {move: (transferred, settled, open, clearing residual)},
    "difference": float}``.
    """
    env = factor.env
    account = factor.clearing_account_id
    ledger = sum(
        env["account.move.line"].search([("account_id", "=", account.id), ("parent_state", "=", "posted")])
        .mapped("balance")
    )
    # A document the factor rejected left it: the return entry closed its clearing lines.
    lines = env["factoring.batch.line"].search(
        [("batch_id.factor_id", "=", factor.id), ("batch_state", "in", ("confirmed", "sent")),
         ("move_id", "in", documents.ids), ("factor_answer", "!=", "rejected")]
    )
    result = {}
    for line in lines:
        move = line.move_id
        sign = -1 if line.doc_type == "credit_note" else 1
        transferred = sign * line.amount_residual_company
        settled = sum(
            item.amount_settled
            for item in move.factoring_settlement_line_ids
            if item.state == "posted" and item.item_type == "clearing"
        )
        clearing = move.factoring_rebooked_line_ids.filtered(
            lambda aml: aml.parent_state == "posted" and aml.account_id == account
        )
        result[move] = (transferred, settled, transferred - settled, sum(clearing.mapped("amount_residual")))
    documents_open = sum(values[2] for values in result.values())
    return {
        "ledger": round(ledger, 2),
        "documents": result,
        "difference": round(ledger - documents_open, 2),
    }
