# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

# What posting relies on: a posted or cancelled settlement keeps it as it was posted.
FROZEN_FIELDS = (
    "name",
    "factor_id",
    "company_id",
    "currency_id",
    "journal_id",
    "counterpart_account_id",
    "statement_line_id",
    "amount_to_settle",
    "date",
    "ref",
    "group_items",
    "line_ids",
    "other_ids",
)
# Written by the settlement itself only: its state, what posting recorded (cancel undoes exactly that) and the
# computed totals.
SYSTEM_FIELDS = (
    "state",
    "move_id",
    "reversal_move_id",
    "earlier_move_ids",
    "reconciled_statement_line_id",
    "amount_items",
    "amount_deduction",
    "amount_fee",
    "amount_retention",
    "amount_other",
    "amount_settled",
    "amount_open",
    "line_count",
)


class FactoringSettlement(models.Model):
    _name = "factoring.settlement"
    _description = "Factoring Settlement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/", tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted"), ("cancelled", "Cancelled")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    factor_id = fields.Many2one(
        "factoring.factor",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
        domain="[('company_id', '=', company_id)]",
    )
    factor_partner_id = fields.Many2one(related="factor_id.partner_id", string="Factor Partner")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        tracking=True,
        help="Currency of the factor's statement; only open items in this currency can be settled.",
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    date_document = fields.Date(
        string="Statement Date", tracking=True, help="Date of the factor's statement (Abrechnung)."
    )
    date = fields.Date(
        string="Posting Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="Accounting date of the settlement entry.",
    )
    ref = fields.Char(string="Reference", tracking=True, help="Number of the factor's statement.")
    statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        string="Bank Transaction",
        tracking=True,
        check_company=True,
        copy=False,
        domain="[('company_id', '=', company_id), ('is_reconciled', '=', False), ('journal_id.type', 'in', "
        "('bank', 'cash')), ('partner_id', 'in', [factor_partner_id, False])]",
        help="The bank statement line that carries the factor's payment; posting the settlement reconciles it.",
    )
    journal_id = fields.Many2one(
        "account.journal",
        compute="_compute_journal_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        tracking=True,
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash', 'general'))]",
        help="Journal of the settlement entry: the bank journal that received the factor's payment, "
        "or a miscellaneous journal.",
    )
    counterpart_account_id = fields.Many2one(
        "account.account",
        string="Payment Account",
        compute="_compute_counterpart_account_id",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
        check_company=True,
        help="Account of the money received: the journal's outstanding receipts account. "
        "A linked bank transaction is reconciled on it.",
    )
    amount_to_settle = fields.Monetary(
        compute="_compute_amount_to_settle",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
        string="Amount Paid by Factor",
        help="What the factor pays according to its statement: taken from the bank transaction, or typed.",
    )
    group_items = fields.Boolean(
        string="One Line per Debtor",
        tracking=True,
        help="Credit the fully settled items of a debtor in one line of the entry, as a grouped payment does, "
        "instead of one line per document. Each document is still reconciled with its own amount.",
    )
    line_ids = fields.One2many("factoring.settlement.line", "settlement_id", string="Items", copy=False)
    other_ids = fields.One2many("factoring.settlement.other", "settlement_id", string="Other Items", copy=True)
    amount_items = fields.Monetary(compute="_compute_amounts", store=True, string="Receivables Cleared")
    amount_deduction = fields.Monetary(compute="_compute_amounts", store=True, string="Deductions")
    amount_fee = fields.Monetary(compute="_compute_amounts", store=True, string="Factor Fees")
    amount_retention = fields.Monetary(compute="_compute_amounts", store=True, string="Security Retention")
    amount_other = fields.Monetary(
        compute="_compute_amounts", store=True, string="Other Items Total", help="Other items, taxes included."
    )
    amount_settled = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        string="Computed Payout",
        help="Receivables cleared less deductions, fees, security retention and other items: what the factor "
        "should have paid according to the items.",
    )
    amount_open = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        string="Difference",
        help="Amount paid by the factor less the computed payout. The settlement can only be posted when it is zero.",
    )
    line_count = fields.Integer(compute="_compute_amounts", store=True, string="Items Count")
    move_id = fields.Many2one(
        "account.move", string="Journal Entry", readonly=True, copy=False, check_company=True, index="btree_not_null"
    )
    reversal_move_id = fields.Many2one(
        "account.move", string="Reversal Entry", readonly=True, copy=False, check_company=True
    )
    earlier_move_ids = fields.Many2many(
        "account.move",
        "factoring_settlement_earlier_move_rel",
        "settlement_id",
        "move_id",
        string="Earlier Entries",
        readonly=True,
        copy=False,
        check_company=True,
        help="The entries and reversals of earlier postings, cancelled before the settlement was reset to draft. They "
        "stay the settlement's: their reconciliations are never undone by hand.",
    )
    move_line_ids = fields.One2many(
        related="move_id.line_ids",
        string="Settlement Journal Items",
        help="The lines of the settlement entry: items credited, deductions, fees, taxes, retention and payment.",
    )
    reconciled_statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        string="Reconciled Bank Transaction",
        readonly=True,
        copy=False,
        check_company=True,
        help="The bank transaction that posting reconciled with the settlement entry: cancelling undoes exactly "
        "this reconciliation.",
    )
    note = fields.Html()

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("factor_id")
    def _compute_currency_id(self):
        for settlement in self:
            settlement.currency_id = (
                settlement.factor_id.currency_id or settlement.currency_id or settlement.company_id.currency_id
            )

    @api.depends("statement_line_id", "company_id")
    def _compute_journal_id(self):
        for settlement in self:
            if settlement.statement_line_id:
                settlement.journal_id = settlement.statement_line_id.journal_id
            elif not settlement.journal_id:
                settlement.journal_id = self.env["account.journal"].search(
                    [*self.env["account.journal"]._check_company_domain(settlement.company_id), ("type", "=", "bank")],
                    limit=1,
                )

    @api.depends("journal_id")
    def _compute_counterpart_account_id(self):
        for settlement in self:
            settlement.counterpart_account_id = settlement._get_default_counterpart_account()

    def _get_default_counterpart_account(self):
        """The outstanding receipts account of the journal, as account.payment would use it."""
        self.ensure_one()
        journal = self.journal_id
        if journal.type in ("bank", "cash"):
            method_line = journal.inbound_payment_method_line_ids.filtered("payment_account_id")[:1]
            if method_line:
                return method_line.payment_account_id
        company = self.company_id or self.env.company
        chart = self.env["account.chart.template"].with_context(allowed_company_ids=company.root_id.ids)
        return chart.ref("account_journal_payment_debit_account_id", raise_if_not_found=False) or (
            company.transfer_account_id
        )

    @api.depends("statement_line_id")
    def _compute_amount_to_settle(self):
        for settlement in self:
            st_line = settlement.statement_line_id
            if not st_line:
                settlement.amount_to_settle = settlement.amount_to_settle
            elif st_line.foreign_currency_id and st_line.foreign_currency_id == settlement.currency_id:
                settlement.amount_to_settle = st_line.amount_currency
            else:
                settlement.amount_to_settle = st_line.amount

    @api.depends(
        "amount_to_settle",
        "line_ids.amount_settled",
        "line_ids.deduction_amount",
        "line_ids.fee_amount",
        "line_ids.retention_amount",
        "other_ids.amount_total",
    )
    def _compute_amounts(self):
        for settlement in self:
            lines = settlement.line_ids
            settlement.line_count = len(lines)
            settlement.amount_items = sum(lines.mapped("amount_settled"))
            settlement.amount_deduction = sum(lines.mapped("deduction_amount"))
            settlement.amount_fee = sum(lines.mapped("fee_amount"))
            settlement.amount_retention = sum(lines.mapped("retention_amount"))
            settlement.amount_other = sum(settlement.other_ids.mapped("amount_total"))
            settlement.amount_settled = settlement.currency_id.round(
                settlement.amount_items
                - settlement.amount_deduction
                - settlement.amount_fee
                - settlement.amount_retention
                - settlement.amount_other
            )
            settlement.amount_open = settlement.currency_id.round(
                settlement.amount_to_settle - settlement.amount_settled
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_no_system_fields(vals, creating=True)
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code("factoring.settlement") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        kept = self.filtered(lambda s: s.state == "posted" or s.move_id)
        if kept:
            raise UserError(
                self.env._(
                    "A posted settlement cannot be deleted, nor a cancelled one with its entries: %(names)s",
                    names=", ".join(kept.mapped("name")),
                )
            )

    def write(self, vals):
        self._check_no_system_fields(vals)
        frozen = [fname for fname in FROZEN_FIELDS if fname in vals]
        done = self.filtered(lambda s: s.state != "draft")
        if frozen and done:
            raise UserError(
                self.env._(
                    "Only a draft settlement can be changed; %(names)s is posted or cancelled (%(fields)s).",
                    names=", ".join(done.mapped("name")),
                    fields=", ".join(self._fields[fname]._description_string(self.env) for fname in frozen),
                )
            )
        return super().write(vals)

    def _check_no_system_fields(self, vals, creating=False):
        system = [
            fname for fname in SYSTEM_FIELDS if fname in vals and not (creating and vals[fname] in ("draft", False))
        ]
        if system:
            raise UserError(
                self.env._(
                    "%(fields)s of a settlement change only by posting, cancelling or resetting it to draft.",
                    fields=", ".join(self._fields[fname]._description_string(self.env) for fname in system),
                )
            )

    def _check_draft_for_items(self, fname):
        """Items and other items (``fname``: line_ids or other_ids) are added, changed and removed only while their
        settlement is a draft."""
        done = self.exists().filtered(lambda s: s.state != "draft")
        if done:
            raise UserError(
                self.env._(
                    "%(what)s of a posted or cancelled settlement cannot be added, changed or removed: %(names)s",
                    what=self._fields[fname]._description_string(self.env),
                    names=", ".join(done.mapped("name")),
                )
            )

    def _write_transition(self, vals):
        """Write the state and what posting recorded: only the settlement's own transitions call this."""
        return super().write(vals)

    # ------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------
    def action_post(self):
        for settlement in self:
            settlement.draft2posted()
        return True

    def draft2posted(self):
        """Check, build the settlement entry, post it and reconcile the items and the bank transaction."""
        self.ensure_one()
        self._check_before_post()
        move = self.env["account.move"].create(self._prepare_move_vals())
        move.action_post()
        self._reconcile_move(move)
        self._write_transition(
            {"state": "posted", "move_id": move.id, "reconciled_statement_line_id": self.statement_line_id.id}
        )
        return move

    def _get_post_problems(self):
        """Every reason that keeps the settlement from being posted, as a list of messages."""
        self.ensure_one()
        problems = []
        currency = self.currency_id
        if self.state != "draft":
            problems.append(self.env._("Settlement %(name)s is not a draft.", name=self.name))
        if not self.line_ids and not self.other_ids:
            problems.append(self.env._("There is nothing to settle: add open items or other items."))
        if not currency.is_zero(self.amount_open):
            problems.append(
                self.env._(
                    "Open must be zero: the amount to settle is %(to_settle)s, the settled amount is %(settled)s, "
                    "the difference is %(open)s (settled items %(items)s, deductions %(deductions)s, fees %(fees)s, "
                    "retention %(retention)s, other items %(other)s).",
                    to_settle=currency.format(self.amount_to_settle),
                    settled=currency.format(self.amount_settled),
                    open=currency.format(self.amount_open),
                    items=currency.format(self.amount_items),
                    deductions=currency.format(self.amount_deduction),
                    fees=currency.format(self.amount_fee),
                    retention=currency.format(self.amount_retention),
                    other=currency.format(self.amount_other),
                )
            )
        if not self.counterpart_account_id and not currency.is_zero(self.amount_to_settle):
            problems.append(self.env._("Set the payment account (outstanding receipts) of the settlement."))
        factor = self.factor_id
        if not currency.is_zero(self.amount_fee) and not factor.fee_account_id:
            problems.append(self.env._("Factor %(factor)s has no fee account.", factor=factor.display_name))
        if not currency.is_zero(self.amount_retention) and not factor.retention_account_id:
            problems.append(
                self.env._("Factor %(factor)s has no security retention account.", factor=factor.display_name)
            )
        st_line = self.statement_line_id
        if st_line:
            if st_line.is_reconciled:
                problems.append(
                    self.env._("Bank transaction %(line)s is already reconciled.", line=st_line.display_name)
                )
            if st_line.journal_id != self.journal_id:
                problems.append(
                    self.env._(
                        "Bank transaction %(line)s belongs to journal %(journal)s: post the settlement there.",
                        line=st_line.display_name,
                        journal=st_line.journal_id.display_name,
                    )
                )
            if not self.counterpart_account_id.reconcile:
                problems.append(
                    self.env._(
                        "The payment account %(account)s must allow reconciliation to match the bank transaction.",
                        account=self.counterpart_account_id.display_name,
                    )
                )
            other = self.search(
                [("statement_line_id", "=", st_line.id), ("state", "=", "posted"), ("id", "!=", self.id)], limit=1
            )
            if other:
                problems.append(
                    self.env._(
                        "Bank transaction %(line)s is already settled by %(settlement)s.",
                        line=st_line.display_name,
                        settlement=other.name,
                    )
                )
        for line in self.line_ids:
            problems.extend(line._get_post_problems())
        for other in self.other_ids:
            if not other.account_id:
                problems.append(self.env._("Other item %(label)s has no account.", label=other.name or "?"))
        return problems

    def _check_before_post(self):
        problems = self._get_post_problems()
        if problems:
            raise UserError(
                self.env._(
                    "Settlement %(name)s cannot be posted:\n%(problems)s",
                    name=self.name,
                    problems="\n".join(f"- {p}" for p in problems),
                )
            )

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------
    def action_view_move(self):
        self.ensure_one()
        moves = self.move_id + self.reversal_move_id + self.earlier_move_ids
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Journal Entries"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
        }
        if len(moves) == 1:
            action.update(view_mode="form", res_id=moves.id)
        return action

    def action_view_documents(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Settled Documents"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", self.line_ids.document_id.ids)],
        }
