# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Transferred and settled per month: one row per document transferred (dated by its transfer batch) and one per
document item a posted settlement cleared (dated by the settlement), for the graph *Transferred and Settled per Month*.

A read-only database view (``_auto = False``), amounts in company currency, signed (credit notes negative).
*Transferred* takes the document's total on the date of the batch that transferred it (as the factored documents
analysis). *Settled* takes what each posted settlement cleared of the document, on the settlement's date, in company
currency at the rate of its journal item in the settlement entry (which several items share when the settlement
groups them): a document settled in parts counts in each settlement's month. Security retention releases and payments
received by us that the factor deducts are no documents settled and are left out."""

from odoo import fields, models

from .factoring_document_report import TRANSFER_BATCH_SQL


class FactoringMonthReport(models.Model):
    _name = "factoring.month.report"
    _description = "Transferred and Settled per Month"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "account.move": ["factor_id", "company_id", "commercial_partner_id", "move_type", "state",
                         "amount_total_signed"],
        "account.move.line": ["balance", "amount_currency"],
        "factoring.batch": ["state", "date"],
        "factoring.batch.line": ["batch_id", "move_id"],
        "factoring.settlement": ["state", "date", "factor_id"],
        "factoring.settlement.line": [
            "settlement_id", "document_id", "item_type", "settlement_move_line_id", "amount_settled",
        ],
    }  # fmt: skip

    kind = fields.Selection([("transferred", "Transferred"), ("settled", "Settled")], readonly=True)
    date = fields.Date(readonly=True, help="Transferred: the date of the transfer batch; settled: of the settlement.")
    move_id = fields.Many2one("account.move", string="Document", readonly=True)
    factor_id = fields.Many2one("factoring.factor", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", readonly=True)
    batch_id = fields.Many2one("factoring.batch", string="Transfer Batch", readonly=True)
    settlement_id = fields.Many2one("factoring.settlement", readonly=True)
    amount = fields.Monetary(readonly=True)

    @property
    def _table_query(self):
        # ids: 2 * document id for the transfer row, 2 * settlement item id + 1 for the settled rows (unique).
        return f"""
            SELECT 2 * m.id AS id,
                   'transferred' AS kind,
                   tb.date,
                   m.id AS move_id,
                   m.factor_id,
                   m.company_id,
                   c.currency_id,
                   m.commercial_partner_id AS partner_id,
                   tb.batch_id,
                   NULL::integer AS settlement_id,
                   m.amount_total_signed AS amount
              FROM account_move m
              JOIN res_company c ON c.id = m.company_id
              JOIN LATERAL {TRANSFER_BATCH_SQL}
             WHERE m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.factor_id IS NOT NULL
            UNION ALL
            SELECT 2 * sl.id + 1 AS id,
                   'settled' AS kind,
                   s.date,
                   sl.document_id AS move_id,
                   s.factor_id,
                   s.company_id,
                   c.currency_id,
                   m.commercial_partner_id AS partner_id,
                   NULL::integer AS batch_id,
                   s.id AS settlement_id,
                   COALESCE(sl.amount_settled * aml.balance / NULLIF(aml.amount_currency, 0), 0) AS amount
              FROM factoring_settlement_line sl
              JOIN factoring_settlement s ON s.id = sl.settlement_id
              JOIN res_company c ON c.id = s.company_id
              JOIN account_move m ON m.id = sl.document_id
              JOIN account_move_line aml ON aml.id = sl.settlement_move_line_id
             WHERE s.state = 'posted'
               AND sl.item_type IN ('receivable', 'clearing')
        """
