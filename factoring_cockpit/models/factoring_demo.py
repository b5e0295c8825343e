# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import api, models


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _demo_return_file(self):
        """Demo: DFB's return file for the open batch, imported with *Import Return File*: one invoice of Müller
        accepted, one rejected (its return entry moves it back to the customer), and new limits for Müller (near
        its open amount) and König (below it: beyond the limit in the cockpit)."""
        batch = self.env.ref("factoring_export_dfb.demo_batch_dfb_open", raise_if_not_found=False)
        if not batch or self._demo_done("factoring_cockpit.demo_return_dfb"):
            return
        dfb = batch.factor_id.with_company(batch.company_id)
        mapping = self.env["factoring.statement.mapping"].create({
            "factor_id": dfb.id, "name": "DFB Rückmeldung", "kind": "return", "header_row": 1,
            "column_document": "Beleg", "column_answer": "Status", "column_answer_reason": "Grund",
            "column_answer_date": "Datum", "column_debtor": "Debitor", "column_limit": "Limit",
            "date_format": "%d.%m.%Y",
        })
        mueller = self.env.ref("factoring_base.demo_customer_mueller")
        invoices = batch.line_ids.move_id.filtered(
            lambda move: move.move_type == "out_invoice" and move.partner_id == mueller
        ).sorted("invoice_date")
        day = self._demo_days_ago(0).strftime("%d.%m.%Y")
        rows = [
            ["Beleg", "Status", "Grund", "Datum", "Debitor", "Limit"],
            [invoices[0].name, "angekauft", "", day, "", ""],
            [invoices[1].name, "abgelehnt", "Bonität des Debitors", day, "", ""],
            ["", "", "", "", "100101", "5.000,00"],
            ["", "", "", "", "100103", "8.000,00"],
        ]
        content = "\n".join(";".join(row) for row in rows).encode("utf-8-sig")
        wizard = self.env["factoring.return.import"].with_company(dfb.company_id).create({
            "factor_id": dfb.id, "mapping_id": mapping.id, "file": base64.b64encode(content),
            "filename": "dfb_rueckmeldung.csv",
        })
        answer = self.env["factoring.return"].browse(wizard.action_import()["res_id"])
        self._demo_xmlid(answer, "demo_return_dfb", module="factoring_cockpit")
