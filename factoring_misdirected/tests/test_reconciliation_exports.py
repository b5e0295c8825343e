# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io

import openpyxl
from PyPDF2 import PdfReader

from odoo.tests import tagged

from .common import MisdirectedCommon

REPORT = "factoring_base.report_factoring_reconciliation"


@tagged("post_install", "-at_install")
class TestReconciliationExports(MisdirectedCommon):
    def test_exports_show_payments_to_forward(self):
        """The PDF and XLSX of the factor reconciliation show what is to forward, as the form does."""
        inv = self._create_invoice(amount=1000.0)  # 1190.00
        inv2 = self._create_invoice(amount=200.0)  # 238.00, stays open at the factor
        self._transfer(inv + inv2)
        self._book(self._bank_transaction(1190.0, f"RE {inv.name}"))
        wizard = self.env["factoring.reconciliation"].create({"factor_id": self.factor.id, "date": "2026-11-15"})
        self.assertAlmostEqual(wizard.forward_balance, 1190.0)

        wizard.action_export_xlsx()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.export_file)))
        figures = {row[0]: row[1] for row in book["Reconciliation"].iter_rows(min_row=3, values_only=True)}
        self.assertEqual(figures["Payments to Forward"], 1190.0)
        self.assertEqual(figures["Documents Open at the Factor"], 1428.0)
        self.assertEqual(figures["Difference"], 0.0)

        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, wizard.ids)[0].decode()
        self.assertRegex(html, r'Payments to forward</td>\s*<td class="text-end" name="forward_balance">1,190.00')
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _type = report._render_qweb_pdf(REPORT, wizard.ids)
        text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
        self.assertIn("Payments to forward 1,190.00", text)

    def test_exports_without_forward_account(self):
        """A factor without payments to forward account: no such figure."""
        self.factor.forward_account_id = False
        wizard = self.env["factoring.reconciliation"].create({"factor_id": self.factor.id, "date": "2026-11-15"})
        wizard.action_export_xlsx()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.export_file)))
        labels = [row[0] for row in book["Reconciliation"].iter_rows(min_row=3, values_only=True)]
        self.assertIn("Security Retention Balance", labels)
        self.assertNotIn("Payments to Forward", labels)
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, wizard.ids)[0].decode()
        self.assertNotIn("Payments to forward", html)
