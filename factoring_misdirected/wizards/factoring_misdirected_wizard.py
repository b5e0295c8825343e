# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class FactoringMisdirectedWizard(models.TransientModel):
    """Payment for the factor: from a bank transaction (the documents it matches are proposed), or from transferred
    documents (*Payment received by us*: a bank transaction of the debtor that matches them is proposed)."""

    _name = "factoring.misdirected.wizard"
    _description = "Book a Payment for the Factor"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        string="Bank Transaction",
        domain="[('company_id', '=', company_id), ('is_reconciled', '=', False), ('amount', '>', 0), "
        "('journal_id.type', 'in', ('bank', 'cash'))]",
        help="The incoming payment of the debtor on our bank account.",
    )
    partner_id = fields.Many2one(related="statement_line_id.partner_id", string="Paid by")
    payment_ref = fields.Char(related="statement_line_id.payment_ref", string="Label")
    currency_id = fields.Many2one("res.currency", compute="_compute_received")
    amount = fields.Monetary(
        compute="_compute_received", string="Amount Received", help="In the currency the debtor paid in."
    )
    line_ids = fields.One2many(
        "factoring.misdirected.wizard.line",
        "wizard_id",
        string="Documents",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    factor_id = fields.Many2one("factoring.factor", compute="_compute_totals")
    amount_documents = fields.Monetary(compute="_compute_totals", string="Documents Total")
    difference = fields.Monetary(compute="_compute_totals")
    problems = fields.Text(compute="_compute_totals")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        model, ids = self.env.context.get("active_model"), self.env.context.get("active_ids") or []
        if model == "account.bank.statement.line" and ids:
            if len(ids) > 1:
                raise UserError(self.env._("Book one bank transaction at a time as a payment for the factor."))
            res["statement_line_id"] = ids[0]
        elif model == "account.move" and ids:
            documents = self.env["account.move"].browse(ids)
            st_line = self._find_statement_line(documents)
            res["statement_line_id"] = st_line.id
        return res

    def _get_context_documents(self):
        if self.env.context.get("active_model") == "account.move":
            return self.env["account.move"].browse(self.env.context.get("active_ids") or [])
        return self.env["account.move"]

    @api.model
    def _find_statement_line(self, documents):
        """An open incoming bank transaction of the documents' debtor for exactly what they are open for, or one
        whose label names one of them."""
        partner = documents.commercial_partner_id[:1]
        st_lines = self.env["account.bank.statement.line"].search(
            [
                ("company_id", "=", self.env.company.id),
                ("is_reconciled", "=", False),
                ("amount", ">", 0),
                ("partner_id", "child_of", partner.id) if partner else ("id", "=", False),
            ],
            order="date desc, id desc",
            limit=50,
        )
        for st_line in st_lines:
            if st_line._get_factoring_misdirected_documents() & documents:
                return st_line
        total = sum(doc._get_factoring_debtor_open_amount() for doc in documents)
        currency = documents.currency_id[:1]
        return st_lines.filtered(
            lambda st: st._get_factoring_received()[0] == currency
            and currency.compare_amounts(st._get_factoring_received()[1], total) == 0
        )[:1]

    @api.depends("statement_line_id")
    def _compute_received(self):
        for wizard in self:
            if wizard.statement_line_id:
                wizard.currency_id, wizard.amount = wizard.statement_line_id._get_factoring_received()
            else:
                wizard.currency_id, wizard.amount = wizard.company_id.currency_id, 0.0

    @api.depends("statement_line_id")
    def _compute_line_ids(self):
        for wizard in self:
            documents = wizard._get_context_documents()
            if not documents and wizard.statement_line_id:
                documents = wizard.statement_line_id._get_factoring_misdirected_documents()
            wizard.line_ids = [Command.clear()] + [Command.create({"document_id": doc.id}) for doc in documents]

    @api.depends("statement_line_id", "line_ids.amount", "line_ids.document_id")
    def _compute_totals(self):
        Payment = self.env["factoring.misdirected.payment"]
        for wizard in self:
            wizard.factor_id = wizard.line_ids.document_id.factor_id[:1]
            wizard.amount_documents = sum(wizard.line_ids.mapped("amount"))
            wizard.difference = wizard.amount - wizard.amount_documents
            if wizard.statement_line_id:
                problems = Payment._get_booking_problems(wizard.statement_line_id, wizard._get_document_amounts())
            else:
                problems = [self.env._("Choose the bank transaction of the debtor's payment.")]
            wizard.problems = "\n".join(problems) or False

    def _get_document_amounts(self):
        amounts = {}
        for line in self.line_ids.filtered("document_id"):
            amounts[line.document_id] = amounts.get(line.document_id, 0.0) + line.amount
        return amounts

    def action_confirm(self):
        self.ensure_one()
        if not self.statement_line_id:
            raise UserError(self.env._("Choose the bank transaction of the debtor's payment."))
        payment = self.env["factoring.misdirected.payment"]._book(self.statement_line_id, self._get_document_amounts())
        return {
            "type": "ir.actions.act_window",
            "name": payment.name,
            "res_model": "factoring.misdirected.payment",
            "view_mode": "form",
            "res_id": payment.id,
        }


class FactoringMisdirectedWizardLine(models.TransientModel):
    _name = "factoring.misdirected.wizard.line"
    _description = "Book a Payment for the Factor: Document"

    wizard_id = fields.Many2one("factoring.misdirected.wizard", required=True, ondelete="cascade")
    document_id = fields.Many2one(
        "account.move",
        required=True,
        domain="[('move_type', 'in', ('out_invoice', 'out_refund')), ('state', '=', 'posted'), "
        "('factoring_state', 'in', ('transferred', 'settled'))]",
    )
    partner_id = fields.Many2one(related="document_id.commercial_partner_id", string="Debtor")
    factor_id = fields.Many2one(related="document_id.factor_id")
    currency_id = fields.Many2one(related="document_id.currency_id")
    amount_open = fields.Monetary(
        compute="_compute_amount_open",
        string="Owed to the Factor",
        help="Transferred, less what the debtor already paid to us on it.",
    )
    amount = fields.Monetary(
        string="Paid",
        compute="_compute_amount",
        store=True,
        readonly=False,
        precompute=True,
        help="What this payment pays on the document (credit notes negative).",
    )

    @api.depends("document_id")
    def _compute_amount_open(self):
        for line in self:
            line.amount_open = line.document_id._get_factoring_debtor_open_amount() if line.document_id else 0.0

    @api.depends("document_id")
    def _compute_amount(self):
        for line in self:
            line.amount = line.amount_open
