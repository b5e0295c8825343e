# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A payment for the factor: a debtor paid transferred documents to our bank account instead of the factor's.

The factor owns those receivables, so the money is the factor's. The receipt entry, in the bank transaction's
journal, books it as a liability to the factor:

- debit the journal's outstanding receipts account (partner: the debtor), reconciled with the bank transaction;
- credit the factor's *payments to forward* account (partner: the factor), one line per document paid, which names
  the document (``factoring_forward_document_id``).

Each credit line stays open until it is forwarded (a payment to the factor debits it, see
``factoring_misdirected_forwarding``) or, when the factor deducts it from its payout instead, until a settlement
closes it against the document's item at the factor (see ``factoring_settlement_line``). The entry changes only
through this record: *Cancel* reverses it and undoes the reconciliation of the bank transaction, as long as nothing
of it was forwarded or settled.
"""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

DEBTOR_PAYABLE_STATES = ("transferred", "settled")
# The states of a payment for the factor and of each of its documents; a payment is in the earliest state of its
# documents (see _compute_state).
STATES = [
    ("to_forward", "To forward"),
    ("forwarding", "Forwarding prepared"),
    ("forwarded", "Forwarded"),
    ("settled", "Settled by the factor"),
    ("cancelled", "Cancelled"),
]


class FactoringMisdirectedPayment(models.Model):
    _name = "factoring.misdirected.payment"
    _description = "Payment for the Factor"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(
        STATES,
        string="Status",
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )
    factor_id = fields.Many2one("factoring.factor", required=True, readonly=True, index=True, check_company=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", required=True, readonly=True, index=True)
    statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        string="Bank Transaction",
        required=True,
        readonly=True,
        index=True,
        check_company=True,
    )
    journal_id = fields.Many2one(related="statement_line_id.journal_id", string="Bank Journal")
    payment_ref = fields.Char(related="statement_line_id.payment_ref", string="Bank Transaction Label")
    date = fields.Date(required=True, readonly=True)
    amount = fields.Monetary(required=True, readonly=True, help="What the debtor paid to us.")
    amount_to_forward = fields.Monetary(
        compute="_compute_amount_to_forward",
        store=True,
        help="Still owed to the factor: neither forwarded nor deducted by the factor in a settlement.",
    )
    line_ids = fields.One2many("factoring.misdirected.payment.line", "payment_id", string="Documents", readonly=True)
    move_id = fields.Many2one("account.move", string="Receipt Entry", readonly=True, check_company=True, copy=False)
    reversal_move_id = fields.Many2one("account.move", string="Reversal Entry", readonly=True, copy=False)
    forward_payment_ids = fields.Many2many(
        "account.payment", compute="_compute_forward_payment_ids", string="Forwarding Payments"
    )

    _statement_line_once = models.UniqueIndex(
        "(statement_line_id) WHERE reversal_move_id IS NULL",
        "A bank transaction is booked as a payment for the factor only once.",
    )

    @api.depends("line_ids.amount_to_forward")
    def _compute_amount_to_forward(self):
        for payment in self:
            payment.amount_to_forward = sum(payment.line_ids.mapped("amount_to_forward"))

    @api.depends("reversal_move_id", "line_ids.line_state")
    def _compute_state(self):
        order = [key for key, _label in STATES]
        for payment in self:
            if payment.reversal_move_id:
                payment.state = "cancelled"
            else:
                states = payment.line_ids.mapped("line_state") or ["to_forward"]
                payment.state = min(states, key=order.index)

    def _compute_forward_payment_ids(self):
        for payment in self:
            payment.forward_payment_ids = payment.line_ids.forward_payment_id

    # ------------------------------------------------------------------
    # Booking
    # ------------------------------------------------------------------
    @api.model
    def _get_booking_problems(self, st_line, document_amounts):
        """Every reason why ``st_line`` cannot be booked as a payment for the factor of ``document_amounts``
        (``{document: amount}``, amounts signed in the document currency: credit notes negative)."""
        problems = []
        documents = self.env["account.move"].union(*document_amounts)
        currency, received = st_line._get_factoring_received()
        if st_line.is_reconciled:
            problems.append(self.env._("Bank transaction %(line)s is already reconciled.", line=st_line.display_name))
        booked = self.search([("statement_line_id", "=", st_line.id), ("state", "!=", "cancelled")], limit=1)
        if booked:
            problems.append(
                self.env._(
                    "Bank transaction %(line)s is already booked as payment for the factor %(name)s.",
                    line=st_line.display_name,
                    name=booked.name,
                )
            )
        if st_line.currency_id.compare_amounts(st_line.amount, 0.0) <= 0:
            problems.append(self.env._("Bank transaction %(line)s is no incoming payment.", line=st_line.display_name))
        if not documents:
            problems.append(self.env._("Choose the documents the debtor paid."))
            return problems
        not_held = documents.filtered(
            lambda doc: (
                doc.move_type not in ("out_invoice", "out_refund") or doc.factoring_state not in DEBTOR_PAYABLE_STATES
            )
        )
        if not_held:
            problems.append(
                self.env._(
                    "%(docs)s are not at a factor (not transferred): the debtor paid us, not the factor; "
                    "reconcile the payment with them as usual.",
                    docs=", ".join(not_held.mapped("display_name")),
                )
            )
        factors = documents.factor_id
        if len(factors) > 1:
            problems.append(
                self.env._(
                    "The documents belong to different factors (%(factors)s): book one payment per factor.",
                    factors=", ".join(factors.mapped("display_name")),
                )
            )
        for factor in factors.filtered(lambda f: not f.forward_account_id):
            problems.append(
                self.env._(
                    "Factor %(factor)s has no payments to forward account (tab Accounting).", factor=factor.display_name
                )
            )
        debtors = documents.commercial_partner_id
        if len(debtors) > 1:
            problems.append(
                self.env._(
                    "The documents belong to different debtors (%(debtors)s).",
                    debtors=", ".join(debtors.mapped("display_name")),
                )
            )
        payer = st_line.partner_id.commercial_partner_id
        if payer and debtors and payer not in debtors:
            problems.append(
                self.env._(
                    "Bank transaction %(line)s comes from %(payer)s, the documents are of %(debtors)s.",
                    line=st_line.display_name,
                    payer=payer.display_name,
                    debtors=", ".join(debtors.mapped("display_name")),
                )
            )
        other_currency = documents.filtered(lambda doc: doc.currency_id != currency)
        if other_currency:
            problems.append(
                self.env._(
                    "%(docs)s are not in %(currency)s, the currency the debtor paid in.",
                    docs=", ".join(other_currency.mapped("display_name")),
                    currency=currency.name,
                )
            )
        for document, amount in document_amounts.items():
            open_amount = document._get_factoring_debtor_open_amount()
            if (
                currency.is_zero(amount)
                or (amount > 0) != (open_amount > 0)
                or (currency.compare_amounts(abs(amount), abs(open_amount)) > 0)
            ):
                problems.append(
                    self.env._(
                        "%(doc)s: %(amount)s does not fit what the debtor owes the factor on it, %(open)s.",
                        doc=document.display_name,
                        amount=currency.format(amount),
                        open=currency.format(open_amount),
                    )
                )
        total = sum(document_amounts.values())
        if currency.compare_amounts(total, received) != 0:
            problems.append(
                self.env._(
                    "The amounts do not match: bank transaction %(line)s brings %(paid)s, the "
                    "documents come to %(total)s.",
                    line=st_line.display_name,
                    paid=currency.format(received),
                    total=currency.format(total),
                )
            )
        return problems

    @api.model
    def _book(self, st_line, document_amounts):
        """Book ``st_line`` as a payment for the factor of ``document_amounts`` ({document: signed amount}): the
        record, the receipt entry (posted) and the reconciliation of the bank transaction with it, or nothing."""
        problems = self._get_booking_problems(st_line, document_amounts)
        if problems:
            raise UserError(
                self.env._(
                    "This bank transaction cannot be booked as a payment for the factor:\n%(problems)s",
                    problems="\n".join(f"- {problem}" for problem in problems),
                )
            )
        documents = self.env["account.move"].union(*document_amounts)
        company = st_line.company_id
        currency, received = st_line._get_factoring_received()
        payment = self.create(
            {
                "name": self.env["ir.sequence"].with_company(company).next_by_code("factoring.misdirected.payment")
                or "/",
                "factor_id": documents.factor_id.id,
                "company_id": company.id,
                "currency_id": currency.id,
                "partner_id": documents.commercial_partner_id.id,
                "statement_line_id": st_line.id,
                "date": st_line.date,
                "amount": received,
                "line_ids": [
                    Command.create({"document_id": doc.id, "amount": amount})
                    for doc, amount in document_amounts.items()
                ],
            }
        )
        move = self.env["account.move"].create(payment._prepare_move_vals())
        move.action_post()
        payment.move_id = move
        payment._reconcile_statement_line()
        payment.message_post(
            body=self.env._(
                "Booked for factor %(factor)s from bank transaction %(line)s.",
                factor=payment.factor_id.display_name,
                line=st_line.display_name,
            )
        )
        for document in documents:
            document.message_post(
                body=self.env._(
                    "Paid to us instead of the factor: %(amount)s, booked as payment for the factor %(name)s.",
                    amount=payment.currency_id.format(
                        payment.line_ids.filtered(lambda line, d=document: line.document_id == d).amount
                    ),
                    name=payment.name,
                )
            )
        return payment

    def _get_receipt_account(self):
        """The outstanding receipts account of the bank journal, as Odoo's payments use it."""
        journal = self.journal_id
        method_line = journal.inbound_payment_method_line_ids.filtered("payment_account_id")[:1]
        if method_line:
            return method_line.payment_account_id
        chart = self.env["account.chart.template"].with_context(allowed_company_ids=self.company_id.root_id.ids)
        return chart.ref("account_journal_payment_debit_account_id", raise_if_not_found=False) or (
            self.company_id.transfer_account_id
        )

    def _prepare_move_vals(self):
        """The receipt entry: debit outstanding receipts (the debtor's money), credit payments to forward (the factor),
        one line per document. In the currency the debtor paid in (the transaction's foreign currency, if it has one:
        the documents' currency), the balances in company currency as the bank transaction has them: its open line is
        matched in full, and what the factor is owed is the amount in the documents' currency. Forwarding it later at
        another rate, Odoo's reconciliation books the exchange difference."""
        self.ensure_one()
        st_line = self.statement_line_id
        _liquidity, suspense, _other = st_line._seek_for_lines()
        total_balance = -sum(suspense.mapped("balance"))
        factor = self.factor_id
        lines = []
        remaining = total_balance
        for index, line in enumerate(self.line_ids):
            if index == len(self.line_ids) - 1:
                balance = remaining
            else:
                balance = self.company_id.currency_id.round(total_balance * line.amount / self.amount)
                remaining -= balance
            lines.append(
                {
                    "name": self.env._(
                        "Payment for the factor: %(doc)s (%(debtor)s)",
                        doc=line.document_id.name,
                        debtor=self.partner_id.display_name,
                    ),
                    "account_id": factor.forward_account_id.id,
                    "partner_id": factor.partner_id.id,
                    "currency_id": self.currency_id.id,
                    "amount_currency": -line.amount,
                    "balance": -balance,
                    "factoring_forward_document_id": line.document_id.id,
                    "factoring_misdirected_line_id": line.id,
                }
            )
        receipt = {
            "name": self.env._("%(name)s: %(ref)s", name=self.name, ref=st_line.payment_ref or st_line.display_name),
            "account_id": self._get_receipt_account().id,
            "partner_id": self.partner_id.id,
            "currency_id": self.currency_id.id,
            "amount_currency": self.amount,
            "balance": total_balance,
        }
        return {
            "move_type": "entry",
            "journal_id": self.journal_id.id,
            "date": self.date,
            "ref": self.env._("%(name)s: payment for %(factor)s", name=self.name, factor=factor.display_name),
            "partner_id": factor.partner_id.id,
            "currency_id": self.currency_id.id,
            "line_ids": [Command.create(vals) for vals in [receipt, *lines]],
        }

    def _reconcile_statement_line(self):
        """Reconcile the bank transaction with the receipt line, as the settlement does: its open (suspense) line goes
        to the outstanding receipts account and is matched there."""
        self.ensure_one()
        _liquidity, suspense, _other = self.statement_line_id._seek_for_lines()
        receipt_line = self.move_id.line_ids.filtered(lambda aml: not aml.factoring_forward_document_id)
        if not suspense or not receipt_line.account_id.reconcile:
            raise UserError(
                self.env._(
                    "Bank transaction %(line)s has no open counterpart to reconcile.",
                    line=self.statement_line_id.display_name,
                )
            )
        # sudo: a Factoring User may book it without the right to edit bank transactions (as the settlement does).
        suspense.sudo().write({"account_id": receipt_line.account_id.id, "partner_id": self.partner_id.id})
        self.env["account.move.line"].with_context(skip_invoice_sync=True)._reconcile_plan([suspense + receipt_line])

    # ------------------------------------------------------------------
    # Cancelling
    # ------------------------------------------------------------------
    def action_cancel(self):
        """Undo the booking while nothing of it was forwarded or settled: reverse the receipt entry and undo the
        reconciliation of the bank transaction, which is open again."""
        for payment in self:
            done = payment.line_ids.filtered(lambda line: line.line_state in ("forwarded", "settled"))
            if payment.state == "cancelled" or done:
                raise UserError(
                    self.env._(
                        "%(name)s cannot be cancelled: %(docs)s were already forwarded to the factor or settled by it.",
                        name=payment.name,
                        docs=", ".join(done.document_id.mapped("display_name")) or payment.name,
                    )
                )
            drafts = payment.line_ids.forward_payment_id.filtered(lambda p: p.state == "draft")
            payment.line_ids.forward_payment_id = False
            owner_cancel = payment.move_id._get_factoring_owner_cancel_context()
            payment.statement_line_id.sudo().with_context(**owner_cancel).action_undo_reconciliation()
            reversal = payment.move_id.with_context(**owner_cancel)._reverse_moves(
                [{"date": payment.date, "ref": self.env._("Reversal of %(name)s", name=payment.move_id.name)}],
                cancel=True,
            )
            payment.reversal_move_id = reversal
            drafts._factoring_refresh_forwarding()
            payment.message_post(body=self.env._("Cancelled: receipt entry reversed, bank transaction open again."))
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A payment for the factor is never deleted (cancel it): %(names)s", names=", ".join(self.mapped("name"))
            )
        )

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------
    def action_view_move(self):
        self.ensure_one()
        moves = self.move_id | self.reversal_move_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Journal Entries"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
        }

    def action_view_forward_payments(self):
        self.ensure_one()
        return self.forward_payment_ids._factoring_open_action()

    def action_prepare_forwarding(self):
        return self.factor_id.action_prepare_forwarding()


class FactoringMisdirectedPaymentLine(models.Model):
    _name = "factoring.misdirected.payment.line"
    _description = "Payment for the Factor: Document"
    _order = "payment_id, id"

    payment_id = fields.Many2one("factoring.misdirected.payment", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="payment_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="payment_id.currency_id")
    factor_id = fields.Many2one(related="payment_id.factor_id", store=True, index=True)
    document_id = fields.Many2one("account.move", required=True, index=True, readonly=True)
    partner_id = fields.Many2one(related="document_id.commercial_partner_id", string="Debtor")
    factoring_state = fields.Selection(related="document_id.factoring_state")
    amount = fields.Monetary(required=True, readonly=True, help="What the debtor paid on this document.")
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Journal Item",
        compute="_compute_move_line_id",
        store=True,
        index=True,
        help="The line on the payments to forward account that owes this amount to the factor.",
    )
    amount_to_forward = fields.Monetary(compute="_compute_amount_to_forward", store=True)
    forward_payment_id = fields.Many2one(
        "account.payment", string="Forwarding Payment", index=True, readonly=True, copy=False, ondelete="set null"
    )
    line_state = fields.Selection(
        STATES,
        string="Status",
        compute="_compute_line_state",
        store=True,
    )

    @api.depends("payment_id.move_id")
    def _compute_move_line_id(self):
        for line in self:
            line.move_line_id = line.payment_id.move_id.line_ids.filtered(
                lambda aml, line=line: aml.factoring_misdirected_line_id == line
            )[:1]

    @api.depends("move_line_id.amount_residual_currency", "payment_id.reversal_move_id")
    def _compute_amount_to_forward(self):
        for line in self:
            reversed_ = line.payment_id.reversal_move_id
            line.amount_to_forward = 0.0 if reversed_ else -line.move_line_id.amount_residual_currency

    @api.depends("amount_to_forward", "forward_payment_id.state", "payment_id.reversal_move_id")
    def _compute_line_state(self):
        for line in self:
            forwarding = line.forward_payment_id
            if line.payment_id.reversal_move_id:
                line.line_state = "cancelled"
            elif forwarding and forwarding.state not in ("draft", "canceled", "rejected"):
                line.line_state = "forwarded"
            elif line.move_line_id and line.currency_id.is_zero(line.amount_to_forward):
                line.line_state = "settled"
            elif forwarding.state == "draft":
                line.line_state = "forwarding"
            else:
                line.line_state = "to_forward"
