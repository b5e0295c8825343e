# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class FactoringBatchLine(models.Model):
    _name = "factoring.batch.line"
    _description = "Factoring Transfer Batch Document"
    _order = "batch_id, doc_type, move_name, id"
    _check_company_auto = True

    batch_id = fields.Many2one("factoring.batch", required=True, index=True, ondelete="cascade")
    batch_state = fields.Selection(related="batch_id.state", store=True, string="Batch Status")
    company_id = fields.Many2one(related="batch_id.company_id", store=True)
    move_id = fields.Many2one(
        "account.move", string="Document", required=True, index=True, ondelete="restrict", check_company=True
    )
    # The document's figures are taken when the line is created (see ``create``), again when the batch is confirmed
    # (``_refresh_from_documents``), and then kept: the file, the cover sheet and the rebooking use what was
    # transferred, whatever happens to the document afterwards.
    move_name = fields.Char(string="Number", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", readonly=True)
    doc_type = fields.Selection(
        [("invoice", "Invoice"), ("credit_note", "Credit Note")], string="Type", readonly=True
    )
    invoice_date = fields.Date(string="Date", readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    amount_total = fields.Monetary(string="Total", readonly=True, help="Document total (unsigned).")
    amount_tax = fields.Monetary(string="Tax", readonly=True)
    amount_residual = fields.Monetary(
        string="Transferred Amount",
        readonly=True,
        help="Open amount of the document at transfer (unsigned, in the document currency).",
    )
    amount_residual_company = fields.Monetary(
        string="Transferred Amount (Company Currency)", currency_field="company_currency_id", readonly=True
    )
    origin_move_id = fields.Many2one(
        "account.move", string="Original Invoice", readonly=True, help="For a credit note: the invoice it corrects."
    )

    _move_once = models.UniqueIndex(
        "(move_id) WHERE batch_state != 'cancelled'",
        "A document can belong to one active transfer batch only.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # The figures of all the documents are read at once (a batch holds thousands of them), not line by line.
        moves = self.env["account.move"].browse({vals["move_id"] for vals in vals_list if vals.get("move_id")})
        values = self._get_move_values(moves)
        for vals in vals_list:
            for fname, value in values.get(vals.get("move_id"), {}).items():
                vals.setdefault(fname, value)
        self._check_batches_draft(self.env["factoring.batch"].browse({vals.get("batch_id") for vals in vals_list}))
        return super().create(vals_list)

    def write(self, vals):
        # EXTENDS base: the documents of a batch change only while it is a draft; from its confirmation on, its lines
        # are what the factor received. The system's own refresh (``_refresh_from_documents``) runs while the batch
        # is still a draft, before it is confirmed.
        batches = self.batch_id
        if vals.get("batch_id"):
            batches |= self.env["factoring.batch"].browse(vals["batch_id"])
        self._check_batches_draft(batches)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_draft_batch(self):
        self._check_batches_draft(self.batch_id)

    @api.model
    def _check_batches_draft(self, batches):
        """Refuse a change to the documents of ``batches`` unless every one of them is a draft."""
        closed = batches.exists().filtered(lambda batch: batch.state != "draft")
        if closed:
            raise UserError(
                self.env._(
                    "The documents of a batch change only while it is a draft: once confirmed, they are what the "
                    "factor received. Cancel the batch and transfer the documents again instead: %(batches)s",
                    batches=", ".join(closed.mapped("name")),
                )
            )

    def _check_company(self, fnames=None):
        # EXTENDS base: a batch holds thousands of lines. Its one company-checked field is the document, and the
        # check of a document looks at the document's company only (account.move keeps the default company
        # domain): one line per pair of companies is checked instead of every line.
        checked = [name for name, field in self._fields.items() if field.relational and field.check_company]
        if len(self) < 2 or checked != ["move_id"]:
            return super()._check_company(fnames)
        representatives = {}
        for line in self:
            representatives.setdefault((line.company_id, line.move_id.company_id), line.id)
        return super(FactoringBatchLine, self.browse(representatives.values()))._check_company(fnames)

    @api.model
    def _get_move_values(self, moves):
        """The values a batch line takes from its document: {move id: values}."""
        residuals = self._get_move_residuals(moves)
        return {
            move.id: {
                "move_name": move.name,
                "invoice_date": move.invoice_date,
                "date_due": move.invoice_date_due,
                "currency_id": move.currency_id.id,
                "partner_id": move.commercial_partner_id.id,
                "doc_type": "credit_note" if move.move_type == "out_refund" else "invoice",
                "amount_total": move.amount_total,
                "amount_tax": move.amount_tax,
                "origin_move_id": move.reversed_entry_id.id,
                "amount_residual": residuals[move][0],
                "amount_residual_company": residuals[move][1],
            }
            for move in moves
        }

    @api.model
    def _get_move_residuals(self, moves):
        """Open amount of the documents now, unsigned: {move: (in its currency, in the company currency)}."""
        groups = self.env["account.move.line"]._read_group(
            [("move_id", "in", moves.ids), ("account_id.account_type", "=", "asset_receivable")],
            ["move_id"],
            ["amount_residual_currency:sum", "amount_residual:sum"],
        )
        residuals = dict.fromkeys(moves, (0.0, 0.0))
        residuals.update({move: (abs(residual), abs(residual_company)) for move, residual, residual_company in groups})
        return residuals

    def _refresh_from_documents(self):
        """Take the documents' figures again (a payment may have arrived, a due date moved since the batch was drafted).

        Only the lines whose figures changed are written: one write per line would run the ORM's whole write
        machinery thousands of times for nothing.
        """
        values = self._get_move_values(self.move_id)
        will_change = self.env["account.move"]._field_will_change
        for line in self:
            vals = values[line.move_id.id]
            changed = {fname: value for fname, value in vals.items() if will_change(line, vals, fname)}
            if changed:
                line.write(changed)

    def _prepare_rebooking_line_vals(self, receivables):
        """The customer's receivable leaves (one line per receivable account the document's open items are on), the
        factor's clearing account takes it (one line per document).

        :param receivables: the document's open receivable lines
        """
        self.ensure_one()
        move = self.move_id
        factor = self.batch_id.factor_id
        label = self.env._("Transfer %(doc)s to %(factor)s", doc=move.name, factor=factor.name)
        # Plain values of a misc entry's lines; no analytic distribution (a receivable moves, nothing is earned or
        # spent).
        common = {
            "name": label,
            "analytic_distribution": False,
            "currency_id": move.currency_id.id,
            "date_maturity": move.invoice_date_due,
            "factoring_source_move_id": move.id,
        }

        def line_vals(account, partner, balance, amount_currency):
            return {
                **common,
                "account_id": account.id,
                "partner_id": partner.id,
                "balance": balance,
                "amount_currency": amount_currency,
            }

        vals_list = []
        for account, lines in receivables.grouped("account_id").items():
            vals_list.append(line_vals(
                account,
                move.commercial_partner_id,
                -sum(lines.mapped("amount_residual")),
                -sum(lines.mapped("amount_residual_currency")),
            ))
        vals_list.append(line_vals(
            factor.clearing_account_id,
            factor.partner_id,
            sum(receivables.mapped("amount_residual")),
            sum(receivables.mapped("amount_residual_currency")),
        ))
        return vals_list
