# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io

import xlsxwriter

from odoo import api, fields, models


class FactoringReconciliation(models.TransientModel):
    _name = "factoring.reconciliation"
    _description = "Factor Reconciliation"

    factor_id = fields.Many2one("factoring.factor", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today,
                       help="The books are read as they stood at the end of this day.")
    company_id = fields.Many2one(related="factor_id.company_id")
    currency_id = fields.Many2one(related="factor_id.company_id.currency_id", string="Currency")
    clearing_account_id = fields.Many2one(related="factor_id.clearing_account_id")
    retention_account_id = fields.Many2one(related="factor_id.retention_account_id")
    has_ledger = fields.Boolean(
        compute="_compute_reconciliation", string="Compared with the Ledger",
        help="The factor rebooks receivables to its clearing account: the documents are compared with its balance.",
    )
    ledger_balance = fields.Monetary(
        compute="_compute_reconciliation", string="Clearing Account Balance",
        help="Balance of the posted lines of the factor's clearing account up to the date (all partners).",
    )
    open_documents_total = fields.Monetary(
        compute="_compute_reconciliation", string="Documents Open at the Factor",
        help="Transferred less settled, summed over the documents (credit notes negative).",
    )
    retention_balance = fields.Monetary(
        compute="_compute_reconciliation", string="Security Retention Balance",
        help="Balance of the factor's lines on its security retention account up to the date.",
    )
    difference = fields.Monetary(
        compute="_compute_reconciliation",
        help="Clearing account balance less the documents open at the factor; each cause is listed below.",
    )
    document_ids = fields.One2many(
        "factoring.reconciliation.document", compute="_compute_reconciliation", string="Documents"
    )
    difference_ids = fields.One2many(
        "factoring.reconciliation.difference", compute="_compute_reconciliation", string="Differences"
    )
    export_file = fields.Binary(readonly=True, attachment=False)
    export_filename = fields.Char(readonly=True)

    @api.depends("factor_id", "date")
    def _compute_reconciliation(self):
        Document = self.env["factoring.reconciliation.document"]
        Difference = self.env["factoring.reconciliation.difference"]
        for wizard in self:
            if not (wizard.factor_id and wizard.date):
                wizard.update({
                    "has_ledger": False, "ledger_balance": 0.0, "open_documents_total": 0.0,
                    "retention_balance": 0.0, "difference": 0.0, "document_ids": Document, "difference_ids": Difference,
                })
                continue
            data = wizard.factor_id._get_reconciliation_data(wizard.date)
            wizard.update({
                "has_ledger": data["has_ledger"],
                "ledger_balance": data["ledger_balance"],
                "open_documents_total": data["open_documents_total"],
                "retention_balance": data["retention_balance"],
                "difference": data["difference"],
                "document_ids": Document.concat(*(
                    Document.new({
                        "move_id": doc["move"].id,
                        "partner_id": doc["partner"].id,
                        "batch_names": ", ".join(doc["batches"].mapped("name")),
                        "amount_transferred": doc["transferred"],
                        "amount_settled": doc["settled"],
                        "amount_open": doc["open"],
                    })
                    for doc in data["documents"]
                )),
                "difference_ids": Difference.concat(*(
                    Difference.new({
                        "kind": diff["kind"],
                        "move_id": diff["move"].id,
                        "move_line_id": diff["record"].id if diff["kind"] == "entry" else False,
                        "partner_id": diff["partner"].id,
                        "date": diff["date"],
                        "amount": diff["amount"],
                        "reason": diff["reason"],
                    })
                    for diff in data["differences"]
                )),
            })

    def _get_report_filename(self):
        self.ensure_one()
        return self.env._("Factor reconciliation %(code)s %(date)s", code=self.factor_id.code, date=self.date)

    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref("factoring_base.action_report_factoring_reconciliation").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        filename = f"{self._get_report_filename()}.xlsx"
        self.write({"export_file": base64.b64encode(self._get_xlsx_content()), "export_filename": filename})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content?model={self._name}&id={self.id}&field=export_file"
                   "&filename_field=export_filename&download=true",
            "target": "download",
        }

    def _get_xlsx_content(self):
        """The reconciliation as a workbook: the figures, the documents and the differences, one sheet each."""
        self.ensure_one()
        data = self.factor_id._get_reconciliation_data(self.date)
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        digits = self.currency_id.decimal_places
        money = workbook.add_format({"num_format": "#,##0." + "0" * digits if digits else "#,##0"})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})

        summary = workbook.add_worksheet(self.env._("Reconciliation"))
        summary.set_column(0, 0, 40)
        summary.set_column(1, 1, 20)
        summary.write(0, 0, self.env._("Factor Reconciliation"), bold)
        rows = self._get_xlsx_summary_rows(data, money, date_format)
        for row, (label, value, cell_format) in enumerate(rows, start=2):
            summary.write(row, 0, label, bold)
            summary.write(row, 1, value, cell_format)

        documents = workbook.add_worksheet(self.env._("Documents"))
        headers = [
            (self.env._("Number"), 18), (self.env._("Debtor"), 30), (self.env._("Batches"), 18),
            (self.env._("Transferred"), 16), (self.env._("Settled"), 16), (self.env._("Open"), 16),
        ]
        self._write_xlsx_table(documents, headers, [
            [doc["move"].name, doc["partner"].display_name, ", ".join(doc["batches"].mapped("name")),
             doc["transferred"], doc["settled"], doc["open"]]
            for doc in data["documents"]
        ], bold, {3: money, 4: money, 5: money})
        if data["has_ledger"]:
            differences = workbook.add_worksheet(self.env._("Differences"))
            headers = [
                (self.env._("Date"), 12), (self.env._("Entry or Document"), 20), (self.env._("Partner"), 30),
                (self.env._("Amount"), 16), (self.env._("Reason"), 80),
            ]
            self._write_xlsx_table(differences, headers, [
                [diff["date"], diff["move"].name, diff["partner"].display_name or "", diff["amount"], diff["reason"]]
                for diff in data["differences"]
            ], bold, {0: date_format, 3: money})
        workbook.close()
        return output.getvalue()

    def _get_xlsx_summary_rows(self, data, money, date_format):
        """The figures of the first sheet: (label, value, cell format), as the form shows them."""
        rows = [
            (self.env._("Factor"), self.factor_id.display_name, None),
            (self.env._("Date"), self.date, date_format),
            (self.env._("Currency"), self.currency_id.name, None),
        ]
        if data["has_ledger"]:
            rows.append((self.env._("Clearing Account Balance"), data["ledger_balance"], money))
        rows.append((self.env._("Documents Open at the Factor"), data["open_documents_total"], money))
        if data["has_ledger"]:
            rows.append((self.env._("Difference"), data["difference"], money))
        rows.append((self.env._("Security Retention Balance"), data["retention_balance"], money))
        return rows

    def _write_xlsx_table(self, sheet, headers, rows, header_format, column_formats):
        """Write a table: ``headers`` are (title, column width); a frozen header row and an autofilter."""
        for col, (header, width) in enumerate(headers):
            sheet.write(0, col, header, header_format)
            sheet.set_column(col, col, width)
        for row, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                sheet.write(row, col, value, column_formats.get(col))
        sheet.freeze_panes(1, 0)
        if rows:
            sheet.autofilter(0, 0, len(rows), len(headers) - 1)


class FactoringReconciliationDocument(models.TransientModel):
    _name = "factoring.reconciliation.document"
    _description = "Factor Reconciliation: Document"

    reconciliation_id = fields.Many2one("factoring.reconciliation", ondelete="cascade")
    move_id = fields.Many2one("account.move", string="Document", ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Debtor")
    batch_names = fields.Char(string="Batches")
    currency_id = fields.Many2one("res.currency", related="move_id.company_currency_id")
    amount_transferred = fields.Monetary(string="Transferred")
    amount_settled = fields.Monetary(string="Settled")
    amount_open = fields.Monetary(string="Open")


class FactoringReconciliationDifference(models.TransientModel):
    _name = "factoring.reconciliation.difference"
    _description = "Factor Reconciliation: Difference"

    reconciliation_id = fields.Many2one("factoring.reconciliation", ondelete="cascade")
    kind = fields.Selection([("entry", "Journal Item"), ("document", "Document")], string="Cause")
    move_id = fields.Many2one("account.move", string="Entry or Document", ondelete="cascade")
    move_line_id = fields.Many2one("account.move.line", string="Journal Item", ondelete="cascade")
    partner_id = fields.Many2one("res.partner")
    date = fields.Date()
    currency_id = fields.Many2one("res.currency", related="move_id.company_currency_id")
    amount = fields.Monetary()
    reason = fields.Char()
