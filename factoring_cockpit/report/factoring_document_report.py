# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Factored documents for analysis (pivot, graph): one row per posted invoice or credit note assigned to a factor.

A read-only database view (``_auto = False``): amounts in company currency, signed (credit notes negative).
*Open at the Factor* is what is still open of a transferred document: its receivable (a factor that does not
rebook) plus its lines on the factor's clearing account (a factor that rebooks), as the factor reconciliation counts
it at today's date."""

from odoo import fields, models

# The batch that transferred document ``m``: its last live (confirmed or sent) batch, as ``tb(batch_id, date)``
# after ``JOIN LATERAL`` (the factored documents analysis and the month report date transfers by it).
TRANSFER_BATCH_SQL = """(
    SELECT b.id AS batch_id, b.date
      FROM factoring_batch_line bl
      JOIN factoring_batch b ON b.id = bl.batch_id
     WHERE bl.move_id = m.id AND b.state IN ('confirmed', 'sent')
     ORDER BY b.date DESC, b.id DESC
     LIMIT 1
) tb ON TRUE"""


class FactoringDocumentReport(models.Model):
    _name = "factoring.document.report"
    _description = "Factored Documents Analysis"
    _auto = False
    _order = "invoice_date desc, id desc"
    # What the query reads: flushed before each search.
    _depends = {
        "account.move": [
            "factor_id", "company_id", "commercial_partner_id", "move_type", "factoring_state", "invoice_date",
            "invoice_date_due", "amount_total_signed", "amount_residual_signed", "state",
        ],
        "account.move.line": ["amount_residual", "parent_state", "move_id", "account_id", "factoring_source_move_id"],
        "factoring.batch": ["state", "date"],
        "factoring.batch.line": ["batch_id", "move_id"],
        "factoring.factor": ["clearing_account_id"],
    }

    move_id = fields.Many2one("account.move", string="Document", readonly=True)
    factor_id = fields.Many2one("factoring.factor", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", readonly=True)
    move_type = fields.Selection(
        [("out_invoice", "Invoice"), ("out_refund", "Credit Note")], string="Type", readonly=True
    )
    state = fields.Selection(
        [
            ("none", "Not factored"),
            ("to_transfer", "To transfer"),
            ("transferred", "Transferred"),
            ("rejected", "Rejected by factor"),
            ("settled", "Settled"),
            ("netted", "Netted, nothing to transfer"),
        ],
        string="Factoring Status",
        readonly=True,
    )
    invoice_date = fields.Date(string="Document Date", readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True)
    transfer_date = fields.Date(readonly=True, help="Date of the batch that transferred the document.")
    batch_id = fields.Many2one("factoring.batch", string="Transfer Batch", readonly=True)
    amount_total = fields.Monetary(string="Total", readonly=True)
    amount_waiting = fields.Monetary(string="Waiting to Transfer", readonly=True)
    amount_open_factor = fields.Monetary(string="Open at the Factor", readonly=True)
    amount_overdue = fields.Monetary(
        string="Overdue at the Factor", readonly=True, help="Open at the factor and past its due date."
    )
    is_overdue = fields.Boolean(string="Overdue", readonly=True)

    @property
    def _table_query(self):
        return f"""
            SELECT m.id AS id,
                   m.id AS move_id,
                   m.factor_id,
                   m.company_id,
                   c.currency_id,
                   m.commercial_partner_id AS partner_id,
                   m.move_type,
                   m.factoring_state AS state,
                   m.invoice_date,
                   m.invoice_date_due AS date_due,
                   tb.date AS transfer_date,
                   tb.batch_id,
                   m.amount_total_signed AS amount_total,
                   CASE WHEN m.factoring_state = 'to_transfer' THEN m.amount_residual_signed ELSE 0 END
                       AS amount_waiting,
                   COALESCE(op.amount, 0) AS amount_open_factor,
                   CASE WHEN m.invoice_date_due < CURRENT_DATE THEN COALESCE(op.amount, 0) ELSE 0 END
                       AS amount_overdue,
                   (m.invoice_date_due < CURRENT_DATE AND COALESCE(op.amount, 0) != 0) AS is_overdue
              FROM account_move m
              JOIN res_company c ON c.id = m.company_id
              JOIN factoring_factor f ON f.id = m.factor_id
              LEFT JOIN LATERAL {TRANSFER_BATCH_SQL}
              LEFT JOIN LATERAL (
                    SELECT SUM(l.amount_residual) AS amount
                      FROM account_move_line l
                      JOIN account_account a ON a.id = l.account_id
                     WHERE m.factoring_state IN ('transferred', 'settled')
                       AND l.parent_state = 'posted'
                       AND ((l.move_id = m.id AND a.account_type = 'asset_receivable')
                            OR (l.factoring_source_move_id = m.id AND l.account_id = f.clearing_account_id
                                AND l.move_id != m.id))
              ) op ON TRUE
             WHERE m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
        """
