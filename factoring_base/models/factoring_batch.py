# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from psycopg2 import errors as pg_errors

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from . import fast_entry

BATCH_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("sent", "Sent"),
    ("cancelled", "Cancelled"),
]


class FactoringBatch(models.Model):
    _name = "factoring.batch"
    _description = "Factoring Transfer Batch"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/", tracking=True)
    factor_id = fields.Many2one(
        "factoring.factor",
        required=True,
        readonly=True,
        index=True,
        check_company=True,
        ondelete="restrict",
        tracking=True,
    )
    company_id = fields.Many2one(related="factor_id.company_id", store=True, index=True, precompute=True)
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    currency_id = fields.Many2one("res.currency", required=True, readonly=True, tracking=True)
    date = fields.Date(
        string="Transfer Date",
        required=True,
        readonly=True,
        default=fields.Date.context_today,
        tracking=True,
        help="Date of the transfer: the file's creation date and the rebooking date.",
    )
    cutoff_date = fields.Date(string="Cut-off Date", readonly=True, help="Documents dated up to this day were taken.")
    state = fields.Selection(BATCH_STATES, required=True, readonly=True, default="draft", tracking=True, index=True)
    line_ids = fields.One2many("factoring.batch.line", "batch_id", string="Documents", readonly=True)
    # Totals (in the batch currency)
    line_count = fields.Integer(compute="_compute_totals", store=True, string="Documents Count")
    invoice_count = fields.Integer(compute="_compute_totals", store=True, string="Invoices Count")
    refund_count = fields.Integer(compute="_compute_totals", store=True, string="Credit Notes Count")
    amount_invoices = fields.Monetary(compute="_compute_totals", store=True, string="Invoices")
    amount_refunds = fields.Monetary(compute="_compute_totals", store=True, string="Credit Notes")
    amount_net = fields.Monetary(
        compute="_compute_totals",
        store=True,
        string="Transfer Amount",
        help="Invoices less credit notes, gross (VAT included): the balance the factor takes over with this batch.",
    )
    # Files and accounting
    file_ids = fields.Many2many(
        "ir.attachment",
        "factoring_batch_attachment_rel",
        "batch_id",
        "attachment_id",
        string="Files",
        readonly=True,
        copy=False,
    )
    file_sequence = fields.Integer(
        readonly=True, copy=False, help="Daily sequence of the file at the factor (part of the file name)."
    )
    move_id = fields.Many2one(
        "account.move", string="Rebooking Entry", readonly=True, copy=False, check_company=True, index="btree_not_null"
    )
    reversal_move_id = fields.Many2one(
        "account.move", string="Rebooking Reversal", readonly=True, copy=False, check_company=True
    )
    move_line_ids = fields.One2many(
        related="move_id.line_ids",
        string="Rebooking Journal Items",
        help="The lines of the rebooking entry: each document's receivable moved to the factor's clearing account.",
    )
    confirmed_by_id = fields.Many2one("res.users", string="Confirmed by", readonly=True, copy=False)
    confirmed_date = fields.Datetime(string="Confirmed on", readonly=True, copy=False)
    sent_by_id = fields.Many2one("res.users", string="Sent by", readonly=True, copy=False)
    sent_date = fields.Datetime(string="Sent on", readonly=True, copy=False)
    # Upload
    transport = fields.Selection(related="factor_id.transport", string="Transport")
    upload_error = fields.Text(readonly=True, copy=False,
                               help="Why the last upload failed; cleared when the upload succeeds.")
    upload_attempts = fields.Integer(readonly=True, copy=False,
                                     help="Failed uploads since the last success.")
    upload_last_try = fields.Datetime(string="Last Upload Attempt", readonly=True, copy=False)
    upload_next_try = fields.Datetime(
        string="Next Upload Attempt", readonly=True, copy=False, index="btree_not_null",
        help="When the scheduled action retries the failed upload (factors that upload automatically).",
    )
    upload_needs_attention = fields.Boolean(
        readonly=True, copy=False,
        help="The last upload failed for a reason that trying again cannot fix (login or host key refused, another "
        "file under the same name, missing directory or settings): the scheduled action leaves the batch alone until "
        "a Factoring Manager changes the factor's transport settings or someone presses Send to Factor again.",
    )

    _file_sequence_once = models.UniqueIndex(
        "(factor_id, date, file_sequence) WHERE file_sequence > 0",
        "A factor's daily file number is given to one batch only.",
    )

    @api.depends("line_ids.amount_residual", "line_ids.doc_type")
    def _compute_totals(self):
        for batch in self:
            invoices = batch.line_ids.filtered(lambda line: line.doc_type == "invoice")
            refunds = batch.line_ids - invoices
            batch.line_count = len(batch.line_ids)
            batch.invoice_count = len(invoices)
            batch.refund_count = len(refunds)
            batch.amount_invoices = sum(invoices.mapped("amount_residual"))
            batch.amount_refunds = sum(refunds.mapped("amount_residual"))
            batch.amount_net = batch.amount_invoices - batch.amount_refunds

    @api.model_create_multi
    def create(self, vals_list):
        factors = self.env["factoring.factor"].browse([vals["factor_id"] for vals in vals_list])
        for vals, factor in zip(vals_list, factors, strict=True):
            if vals.get("name", "/") == "/":
                date = vals.get("date") or fields.Date.context_today(self)
                vals["name"] = factor.sudo().sequence_id.with_company(factor.company_id).next_by_id(
                    sequence_date=date
                )
            vals.setdefault("currency_id", factor.currency_id.id)
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Validate, write the factor's file, rebook the receivables and mark the documents transferred.

        Everything happens in the current transaction: an error anywhere leaves no file, entry or change.
        """
        for batch in self:
            batch.draft2confirmed()
        return True

    def draft2confirmed(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("Batch %(batch)s is not a draft.", batch=self.name))
        self._lock_documents()
        self._check_before_confirm()
        self._allocate_file_sequence()
        self._attach_files(self.factor_id._generate_export_files(self))
        if self.factor_id.rebook_receivables:
            self._own().move_id = self._create_rebooking_move()
        self._own().write(
            {"state": "confirmed", "confirmed_by_id": self.env.uid, "confirmed_date": fields.Datetime.now()}
        )
        self._stamp_partners()
        self.message_post(
            body=self.env._(
                "Batch confirmed: %(count)s documents, net %(amount)s, files: %(files)s.",
                count=self.line_count,
                amount=self.currency_id.format(self.amount_net),
                files=", ".join(self.file_ids.mapped("name")),
            )
        )
        return True

    def action_mark_sent(self):
        """The user sent the file to the factor by hand (after downloading it)."""
        for batch in self:
            batch.confirmed2sent()
        return True

    def confirmed2sent(self, message=None):
        self.ensure_one()
        if self.state != "confirmed":
            raise UserError(self.env._("Only confirmed batches can be marked as sent: %(batch)s", batch=self.name))
        self._own().write({"state": "sent", "sent_by_id": self.env.uid, "sent_date": fields.Datetime.now()})
        self.message_post(body=message or self.env._("File sent to the factor."))
        return True

    def action_cancel(self):
        for batch in self:
            batch._cancel()
        return True

    def _cancel(self):
        self.ensure_one()
        if self.state == "cancelled":
            return
        if self.state == "sent" and not self.env.user.has_group("factoring_base.group_factoring_manager"):
            raise AccessError(
                self.env._("Batch %(batch)s was already sent to the factor: only a Factoring Manager can cancel it.",
                           batch=self.name)
            )
        if self.move_id:
            self._reverse_rebooking_move()
        previous = self.state
        self._own().state = "cancelled"
        # The documents are free at once, also for a new batch in the same transaction: the unique index on live
        # batch lines reads the lines' stored batch state.
        self.line_ids.flush_recordset(["batch_state"])
        self.message_post(
            body=self.env._(
                "Batch cancelled (was %(state)s). Its documents can be transferred again; the file stays attached "
                "for audit.",
                state=dict(BATCH_STATES)[previous],
            )
        )

    def action_draft(self):
        """Reopen a cancelled batch that never reached the factor? Not allowed: documents may be in a new batch."""
        raise UserError(self.env._("A cancelled batch cannot be reopened; transfer the documents in a new batch."))

    # ------------------------------------------------------------------
    # Confirmation steps
    # ------------------------------------------------------------------
    def _lock_documents(self):
        """Lock the documents (no one pays, resets or re-batches them while we confirm)."""
        moves = self.line_ids.move_id
        if moves:
            self.env.cr.execute("SELECT id FROM account_move WHERE id IN %s FOR UPDATE", [tuple(moves.ids)])
            moves.invalidate_recordset()
            # sudo: the system takes the figures from the documents; users never write them (access rights)
            self.line_ids.sudo()._refresh_from_documents()

    def _check_before_confirm(self):
        """Collect every problem of the batch, its documents and debtors; raise one error listing them all."""
        problems = self._get_confirm_problems()
        problems += self.factor_id._get_export_problems(self)
        if problems:
            raise UserError(
                self.env._(
                    "Batch %(batch)s cannot be confirmed:\n%(problems)s",
                    batch=self.name,
                    problems="\n".join(f"- {problem}" for problem in problems),
                )
            )

    def _get_confirm_problems(self):
        """The batch's own problems, then every document the factor's transfer rules refuse (the rules the transfer
        wizard leaves documents out by), each named with its reason."""
        self.ensure_one()
        problems = []
        factor = self.factor_id
        if not self.line_ids:
            problems.append(self.env._("The batch has no documents."))
        if factor.rebook_receivables and not (factor.clearing_account_id and factor.journal_id):
            problems.append(
                self.env._("Factor %(factor)s rebooks receivables but has no clearing account or journal.",
                           factor=factor.display_name)
            )
        exclusions = factor._get_transfer_exclusions(self.line_ids.move_id, cutoff_date=self.cutoff_date, batch=self)
        for move in self.line_ids.move_id:
            if move in exclusions:
                problems.append(self.env._("%(doc)s: %(reason)s.", doc=move.display_name, reason=exclusions[move]))
        return problems

    def _allocate_file_sequence(self):
        """Give the batch the factor's next daily file number (part of the file name), one confirmation at a time.

        The factor's row is locked (NOWAIT) until the confirming transaction ends: a second confirmation of the same
        factor meanwhile is refused at once instead of counting the same batches and taking the same number. A
        transaction that began before another one committed its number cannot see that number (repeatable read):
        the unique index on (factor, date, number) refuses the copy, with the same message.
        """
        self.ensure_one()
        busy = self.env._(
            "Another user is confirming a batch of factor %(factor)s right now (file numbers are given one at a "
            "time): try again in a moment.",
            factor=self.factor_id.display_name,
        )
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM factoring_factor WHERE id = %s FOR NO KEY UPDATE NOWAIT", [self.factor_id.id]
                )
        except (pg_errors.LockNotAvailable, pg_errors.SerializationFailure) as err:
            raise UserError(busy) from err
        last = self.search(
            [("factor_id", "=", self.factor_id.id), ("date", "=", self.date), ("file_sequence", ">", 0)],
            order="file_sequence desc",
            limit=1,
        )
        try:
            with self.env.cr.savepoint():
                self._own().file_sequence = last.file_sequence + 1
                self.flush_recordset(["file_sequence"])
        except (pg_errors.UniqueViolation, pg_errors.SerializationFailure) as err:
            raise UserError(busy) from err

    def _attach_files(self, files):
        """Attach the generated files: a list of dicts with name, content (bytes) and mimetype."""
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": file["name"],
                    "raw": file["content"],
                    "mimetype": file.get("mimetype", "application/octet-stream"),
                    "res_model": self._name,
                    "res_id": self.id,
                    "description": self.env._("Transfer file of batch %(batch)s", batch=self.name),
                }
                for file in files
            ]
        )
        self._own().file_ids = [Command.link(att.id) for att in attachments]
        return attachments

    def _get_open_receivables(self):
        """The documents' open receivable lines: {document: lines} (read for all documents at once)."""
        lines = self.line_ids.move_id.line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable" and not aml.reconciled
        )
        return lines.grouped("move_id")

    def _prepare_rebooking_move_vals(self, receivables=None):
        self.ensure_one()
        factor = self.factor_id
        if receivables is None:
            receivables = self._get_open_receivables()
        line_vals = []
        AccountMoveLine = self.env["account.move.line"]
        for line in self._job_items(self.line_ids, self.env._("Preparing the rebooking entry")):
            line_vals += line._prepare_rebooking_line_vals(receivables.get(line.move_id, AccountMoveLine))
        return {
            "move_type": "entry",
            "journal_id": factor.journal_id.id,
            "date": self.date,
            "ref": self.env._("Factoring transfer %(batch)s to %(factor)s", batch=self.name, factor=factor.name),
            "company_id": self.company_id.id,
            "line_ids": [Command.create(vals) for vals in line_vals],
        }

    def _create_rebooking_move(self):
        """Post one entry moving every document's receivable from the customer to the factor; reconcile."""
        self.ensure_one()
        receivables = self._get_open_receivables()
        # The same entry as account.move.create makes, faster for thousands of lines (see fast_entry).
        move = fast_entry.create_entry(self.env, self._prepare_rebooking_move_vals(receivables))
        move.action_post()
        self._reconcile_rebooking_move(move, receivables)
        return move

    def _reconcile_rebooking_move(self, move, receivables):
        """Reconcile the customer's lines of the rebooking entry ``move`` with the documents' ``receivables``."""
        customer_lines = move.line_ids.filtered(lambda aml: aml.partner_id != self.factor_id.partner_id
                                                or aml.account_id != self.factor_id.clearing_account_id)
        by_move = customer_lines.grouped("factoring_source_move_id")
        plan = []
        for line in self._job_items(self.line_ids, self.env._("Matching the documents with the rebooking entry")):
            # One reconciliation per receivable account of the document (Odoo reconciles within one account).
            plan += (by_move[line.move_id] | receivables[line.move_id]).grouped("account_id").values()
        # Like Odoo's payment registration: reconciling changes no invoice line, so the invoices' dynamic lines
        # (taxes, payment terms) are not synchronized again.
        self.env["account.move.line"].with_context(skip_invoice_sync=True)._reconcile_plan(plan)

    def _reverse_rebooking_move(self):
        self.ensure_one()
        factor_lines = self.move_id.line_ids.filtered(lambda aml: aml.account_id == self.factor_id.clearing_account_id)
        settled = factor_lines.filtered(lambda aml: aml.matched_debit_ids or aml.matched_credit_ids)
        if settled:
            raise UserError(
                self.env._(
                    "Batch %(batch)s cannot be cancelled: the factor already settled %(docs)s. "
                    "Cancel the settlement first.",
                    batch=self.name,
                    docs=", ".join(settled.mapped("name")),
                )
            )
        # Only the batch's cancel undoes the rebooking reconciliations (see account.partial.reconcile).
        rebooking = self.move_id.with_context(**self.move_id._get_factoring_owner_cancel_context())
        reversal = rebooking._reverse_moves(
            [{"date": fields.Date.context_today(self),
              "ref": self.env._("Cancellation of factoring transfer %(batch)s", batch=self.name)}],
            cancel=True,
        )
        self._own().reversal_move_id = reversal

    def _stamp_partners(self):
        # sudo: Factoring Users confirm batches without the right to edit customers; the stamp is the system's record.
        partners = self.line_ids.partner_id.sudo().with_company(self.company_id)
        partners.write({"factor_last_transfer_date": self.date})

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_download(self):
        self.ensure_one()
        if not self.file_ids:
            raise UserError(self.env._("Batch %(batch)s has no file yet: confirm it first.", batch=self.name))
        if len(self.file_ids) > 1:
            return self.action_view_files()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.file_ids.id}?download=true",
            "target": "download",
        }

    def action_view_files(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Files of %(batch)s", batch=self.name),
            "res_model": "ir.attachment",
            "view_mode": "list,form",
            "domain": [("id", "in", self.file_ids.ids)],
        }

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("factoring_base.action_factoring_documents")
        action["domain"] = [("id", "in", self.line_ids.move_id.ids)]
        action["context"] = {}
        return action

    def action_view_move(self):
        self.ensure_one()
        moves = self.move_id | self.reversal_move_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Rebooking entries"),
            "res_model": "account.move",
            "view_mode": "list,form" if len(moves) > 1 else "form",
            "res_id": moves.id if len(moves) == 1 else False,
            "domain": [("id", "in", moves.ids)],
        }

    def action_print_cover_sheet(self):
        return self.env.ref("factoring_base.action_report_factoring_batch").report_action(self)
