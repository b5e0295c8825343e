# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The factor's return file: its answer to transfers, per document (accepted or rejected) and per debtor (limit).

A rejected document comes back to the company. For a factor that rebooks receivables, the return entry reverses
that document's part of the rebooking: credit the factor's clearing account (reconciled with the rebooking's
clearing line of the document, so nothing of it is open at the factor any more) and debit the customer's receivable
(partner = customer, open: the customer now owes the company). The invoice stays reconciled with the rebooking's
customer line, as the transfer left it; the open receivable is the return entry's line. Nothing is unreconciled:
the return adds an entry, as a batch only moves forward.
"""

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

ANSWERS = [("accepted", "Accepted"), ("rejected", "Rejected by factor")]


class FactoringReturn(models.Model):
    _name = "factoring.return"
    _description = "Factor Return File"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"  # read-only records: users note on them all the same

    name = fields.Char(required=True, readonly=True)
    factor_id = fields.Many2one(
        "factoring.factor", required=True, readonly=True, index=True, check_company=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="factor_id.company_id", store=True, index=True, precompute=True)
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today,
                       help="Day of the import: the date of the return entry.")
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True,
                                    help="The factor's file as imported, kept for audit.")
    move_id = fields.Many2one(
        "account.move", string="Return Entry", readonly=True, check_company=True, index="btree_not_null",
        help="Moves the receivables of the rejected documents back from the factor's clearing account to the "
        "customers (factors that rebook receivables).",
    )
    line_ids = fields.One2many("factoring.return.line", "return_id", string="Answers", readonly=True)
    limit_ids = fields.One2many("factoring.return.limit", "return_id", string="Debtor Limits", readonly=True)
    accepted_count = fields.Integer(compute="_compute_counts", store=True, string="Accepted")
    rejected_count = fields.Integer(compute="_compute_counts", store=True, string="Rejected")

    @api.depends("line_ids.answer")
    def _compute_counts(self):
        for record in self:
            record.accepted_count = len(record.line_ids.filtered(lambda line: line.answer == "accepted"))
            record.rejected_count = len(record.line_ids) - record.accepted_count

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Imported return files are kept for audit and cannot be deleted."))

    # ------------------------------------------------------------------
    # Applying an imported return file
    # ------------------------------------------------------------------
    def _apply(self):
        """Book and record what the return file says: the return entry of the rejected documents, the debtors'
        limits, and the chatter of the return, the batches and the documents."""
        self.ensure_one()
        rejected = self.line_ids.filtered(lambda line: line.answer == "rejected" and line.batch_id.move_id)
        if rejected:
            # sudo: the return record is read-only for users; its entry is the system's record
            self.sudo().move_id = self._create_return_move(rejected)
        for limit in self.limit_ids:
            # sudo: the factor's limit is the factor's decision, recorded from its file (tracked on the customer)
            limit.partner_id.sudo().with_company(self.company_id).factor_credit_limit = limit.new_limit
        self._post_messages()

    def _prepare_return_line_vals(self, line):
        """The lines reversing ``line``'s document's part of its batch's rebooking entry."""
        document = line.move_id
        label = self.env._("Rejected by %(factor)s: %(doc)s back to the customer", factor=self.factor_id.name,
                           doc=document.name)
        return [
            {
                "name": label,
                "account_id": aml.account_id.id,
                "partner_id": aml.partner_id.id,
                "balance": -aml.balance,
                "amount_currency": -aml.amount_currency,
                "currency_id": aml.currency_id.id,
                "date_maturity": document.invoice_date_due,
                "analytic_distribution": False,
                "factoring_source_move_id": document.id,
            }
            for aml in line.batch_id.move_id.line_ids.filtered(lambda aml: aml.factoring_source_move_id == document)
        ]

    def _create_return_move(self, lines):
        factor = self.factor_id
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": factor.journal_id.id,
                "date": self.date,
                "ref": self.env._("Return file %(file)s of %(factor)s: rejected documents", file=self.name,
                                  factor=factor.name),
                "company_id": self.company_id.id,
                "line_ids": [Command.create(vals) for line in lines for vals in self._prepare_return_line_vals(line)],
            }
        )
        move.action_post()
        clearing = factor.clearing_account_id
        plan = []
        for line in lines:
            plan.append(
                (line.batch_id.move_id.line_ids | move.line_ids).filtered(
                    lambda aml, doc=line.move_id: aml.factoring_source_move_id == doc and aml.account_id == clearing
                )
            )
        self.env["account.move.line"]._reconcile_plan(plan)
        return move

    def _post_messages(self):
        currency = self.factor_id.currency_id
        rows = Markup("").join(
            Markup("<li>%s</li>") % line._get_summary() for line in self.line_ids
        ) + Markup("").join(
            Markup("<li>%s</li>") % self.env._(
                "Limit of %(debtor)s: %(old)s → %(new)s", debtor=limit.partner_id.display_name,
                old=currency.format(limit.old_limit), new=currency.format(limit.new_limit),
            )
            for limit in self.limit_ids
        )
        entry = self.env._(" Return entry: %(entry)s.", entry=self.move_id.name) if self.move_id else ""
        self.message_post(body=Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("Imported: %(accepted)s accepted, %(rejected)s rejected, %(limits)s debtor limits.",
                       accepted=self.accepted_count, rejected=self.rejected_count, limits=len(self.limit_ids)) + entry,
            rows,
        ))
        for batch, lines in self.line_ids.grouped("batch_id").items():
            batch.message_post(body=Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Return file %(file)s of the factor:", file=self.name) + entry,
                Markup("").join(Markup("<li>%s</li>") % line._get_summary() for line in lines),
            ))
        for line in self.line_ids:
            if line.answer == "accepted":
                body = self.env._("Accepted by the factor on %(date)s (return file %(file)s).",
                                  date=line.answer_date, file=self.name)
            elif line.batch_id.move_id:
                body = self.env._(
                    "Rejected by the factor on %(date)s: %(reason)s (return file %(file)s). Its receivable is back "
                    "with the customer (entry %(entry)s); it is not transferred again until a Factoring Manager "
                    "resubmits it.",
                    date=line.answer_date, reason=line.reason or "-", file=self.name, entry=self.move_id.name,
                )
            else:
                body = self.env._(
                    "Rejected by the factor on %(date)s: %(reason)s (return file %(file)s). Its receivable stays "
                    "with the company; it is not transferred again until a Factoring Manager resubmits it.",
                    date=line.answer_date, reason=line.reason or "-", file=self.name,
                )
            line.move_id.message_post(body=body)

    def action_view_move(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "account.move", "view_mode": "form",
                "res_id": self.move_id.id, "name": self.env._("Return Entry")}


class FactoringReturnLine(models.Model):
    _name = "factoring.return.line"
    _description = "Factor Return File: Answer for a Document"
    _order = "return_id, id"

    return_id = fields.Many2one("factoring.return", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="return_id.company_id", store=True)
    row = fields.Integer(readonly=True, help="Row of the file.")
    batch_line_id = fields.Many2one("factoring.batch.line", required=True, index=True, ondelete="restrict",
                                    readonly=True)
    batch_id = fields.Many2one(related="batch_line_id.batch_id", store=True, string="Batch")
    move_id = fields.Many2one(related="batch_line_id.move_id", store=True, string="Document", index=True)
    partner_id = fields.Many2one(related="batch_line_id.partner_id", string="Debtor")
    answer = fields.Selection(ANSWERS, required=True, readonly=True)
    reason = fields.Char(readonly=True)
    answer_date = fields.Date(string="Date", required=True, readonly=True)
    resubmitted_by_id = fields.Many2one("res.users", string="Resubmitted by", readonly=True)
    resubmitted_date = fields.Datetime(string="Resubmitted on", readonly=True)

    def _get_summary(self):
        self.ensure_one()
        if self.answer == "accepted":
            return self.env._("%(doc)s: accepted on %(date)s", doc=self.move_id.name, date=self.answer_date)
        return self.env._("%(doc)s: rejected on %(date)s: %(reason)s", doc=self.move_id.name,
                          date=self.answer_date, reason=self.reason or "-")


class FactoringReturnLimit(models.Model):
    _name = "factoring.return.limit"
    _description = "Factor Return File: Debtor Limit"
    _order = "return_id, id"

    return_id = fields.Many2one("factoring.return", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="return_id.company_id", store=True)
    row = fields.Integer(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", required=True, readonly=True)
    old_limit = fields.Float(string="Previous Limit", digits="Account", readonly=True)
    new_limit = fields.Float(string="Limit", digits="Account", readonly=True)
