# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fast creation of a large misc entry: the one place that relies on how Odoo computes the lines of such an entry.

``create_entry(env, move_vals)`` makes the same draft entry as ``env["account.move"].create(move_vals)``, for an
entry whose lines are plain lines of a misc entry (account, partner, balance, amount in currency, label, due date;
no product, no taxes, not reconciled yet). For thousands of lines, Odoo's own path builds every line twice (as a new
record of the draft header, then for real), checks the company of every line one by one and computes a dozen
fields of every line again after the INSERT although nothing changed (the transfer benchmark's a/b is about a third
higher through it, see README). Here the lines are created in one create of their own, with the values Odoo would
compute for them, and the company is checked once per combination of related records.

It is correct only as long as Odoo computes these fields the same way: ``test_fast_entry_equals_public_path`` in
``tests/test_batch.py`` compares every stored field of the header, of every line and of the reconciled receivables
with the same entry made by Odoo's public path, when created, posted and reconciled, so that an Odoo update that
changes one of these computes fails that test. Posting and reconciling stay Odoo's (``action_post``,
``_reconcile_plan``).
"""

# Context key under which account.move.line._check_company checks one line per combination (see check_company).
CHECK_PER_COMBINATION = "factoring_check_company_per_combination"

# Computed fields of the lines given at creation and taken out of Odoo's recompute after the INSERT.
GIVEN_FIELDS = (
    # the header's values (related fields)
    "date", "ref", "invoice_date", "payment_id", "statement_line_id", "statement_id",
    # the amounts of a line of a misc entry without taxes, not yet reconciled
    "debit", "credit", "price_subtotal", "price_total",
    "amount_residual", "amount_residual_currency", "reconciled",
)

# Values the line's input may hold: anything else (product, taxes...) would be computed differently.
INPUT_FIELDS = frozenset({
    "account_id", "partner_id", "balance", "amount_currency", "currency_id", "name", "date_maturity",
    "analytic_distribution",
})


def create_entry(env, move_vals):
    """Create the draft entry ``move_vals`` describes (as ``account.move.create`` would) and return it.

    :param move_vals: the header's values with its lines as ``Command.create`` commands in ``line_ids``; a line holds
        only ``INPUT_FIELDS`` and fields of other modules that Odoo does not compute from (e.g.
        ``factoring_source_move_id``); ``analytic_distribution`` is required (given, no distribution model is
        searched line by line)
    """
    move_vals = dict(move_vals)
    line_vals_list = [vals for _command, _id, vals in move_vals.pop("line_ids")]
    AccountMoveLine = env["account.move.line"]
    for vals in line_vals_list:
        # anything else of account (product, taxes...) or computed would make Odoo compute other values
        unexpected = sorted(
            fname for fname in vals
            if fname not in INPUT_FIELDS
            and (AccountMoveLine._fields[fname].compute or AccountMoveLine._fields[fname]._module == "account")
        )
        if unexpected or "analytic_distribution" not in vals or move_vals.get("move_type") != "entry":
            raise ValueError(f"create_entry makes plain lines of a misc entry only: {unexpected or vals}")
    # The header is created first and its lines in one create of their own: created through the header's line_ids,
    # the thousands of lines would also be built as new records of a draft header, only to precompute the header's
    # fields (about a tenth of the lines' creation time in a profile).
    move = env["account.move"].with_context(skip_invoice_sync=True).create(move_vals)
    # What every line takes over from its header (related fields). Odoo drops the precomputed ones (journal,
    # company...) from create values and takes them from the header itself.
    header_values = {
        "move_id": move.id,
        "date": move.date,
        "ref": move.ref,
        "invoice_date": False,
        "payment_id": False,
        "statement_line_id": False,
        "statement_id": False,
    }
    lines = AccountMoveLine.with_context(skip_invoice_sync=True, **{CHECK_PER_COMBINATION: True}).create(
        [_line_values(env, vals, header_values) for vals in line_vals_list]
    )
    # Odoo computes these fields again after the INSERT, line by line, although the lines were created with the
    # values it would find.
    for fname in GIVEN_FIELDS:
        env.remove_to_compute(AccountMoveLine._fields[fname], lines)
    return move


def _line_values(env, vals, header_values):
    """A line's values completed with what Odoo computes before the INSERT (and, given, after it)."""
    account = env["account.account"].browse(vals["account_id"])
    # Not reconciled yet: an open item carries its whole amount, other lines nothing (_compute_amount_residual).
    open_item = account.reconcile or account.account_type in ("asset_cash", "liability_credit_card")
    amount_currency = vals["amount_currency"]
    return {
        **vals,
        **header_values,
        # a plain line of a misc entry: no product, no taxes (account.move.line's precomputed fields)
        "display_type": "product",
        "sequence": 100,
        "is_storno": False,
        "tax_ids": [],
        "product_uom_id": False,
        "quantity": 1.0,
        "price_unit": 0.0,
        # price_subtotal / price_total of a line of a misc entry are its amount in currency (_compute_totals)
        "price_subtotal": amount_currency,
        "price_total": amount_currency,
        "amount_residual": vals["balance"] if open_item else 0.0,
        "amount_residual_currency": amount_currency if open_item else 0.0,
        "reconciled": False,
        # Stored values Odoo computes after the INSERT: given here they go into the INSERT, and the recompute finds
        # them unchanged instead of updating every line again (one UPDATE pass of all the rows each).
        "parent_state": "draft",
        "no_followup": True,  # a misc entry that is not a payment (account.move.line._compute_no_followup)
    }


def check_company(lines, check):
    """Run Odoo's company check ``check(records)`` on one line of each combination of company and related records.

    The thousands of lines of a rebooking entry repeat a handful of combinations of company, account, partner...;
    lines with the same company and the same related records pass or fail the check alike, and the check reads every
    related record line by line. Lines whose values are not at hand are checked themselves.
    """
    names = ["company_id"] + [name for name, field in lines._fields.items() if field.relational and field.check_company]
    caches = [lines._fields[name]._get_cache(lines.env) for name in names]
    representatives = {}
    for line_id in lines._ids:
        key = tuple(cache.get(line_id, ("missing", line_id)) for cache in caches)
        representatives.setdefault(key, line_id)
    return check(lines.browse(representatives.values()))
