# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo.tests import tagged

from .common import MisdirectedCommon


@tagged("post_install", "-at_install")
class TestStatementImportPaymentReceivedByUs(MisdirectedCommon):
    def _mapping(self, **columns):
        empty = dict.fromkeys(("column_amount", "column_fee", "column_retention", "column_deduction", "column_reason"))
        return self.env["factoring.statement.mapping"].create(
            {"factor_id": self.factor.id, **{key: False for key in empty}, **columns}
        )

    def test_import_row_deducting_payment_received_by_us(self):
        """The factor's statement settles a document the debtor paid to us and deducts that payment (a negative row
        of the same document): the import takes the document's item and the payment to forward, the settlement closes
        both, the reconciliation shows no difference."""
        inv = self._create_invoice(amount=1000.0)  # 1190.00, paid to us
        inv2 = self._create_invoice(amount=500.0)  # 595.00, paid to the factor
        self._transfer(inv + inv2)
        payment = self._book(self._bank_transaction(1190.0, f"RE {inv.name}"))
        self._mapping(column_document="Beleg", column_amount="Betrag", column_fee="Gebühr")
        rows = [
            ("Beleg", "Betrag", "Gebühr"),
            (inv.name, "1.190,00", ""),
            (inv.name, "-1.190,00", ""),  # paid to the client: deducted
            (inv2.name, "595,00", "10,00"),
        ]
        content = "\n".join(";".join(row) for row in rows).encode()
        settlement = self._settlement(amount_to_settle=585.0)
        wizard = self.env["factoring.settlement.import"].create(
            {"settlement_id": settlement.id, "file": base64.b64encode(content), "filename": "abrechnung.csv"}
        )
        wizard.action_import()
        self.assertEqual((wizard.matched_count, wizard.problem_count), (3, 0), wizard.result)
        forward_line = payment.line_ids.move_line_id
        items = {(line.item_type, line.document_id, line.move_line_id == forward_line) for line in settlement.line_ids}
        self.assertEqual(
            {(item_type, document) for item_type, document, _forward in items if _forward}, {("forward", inv)}
        )
        self.assertEqual(
            sorted((line.document_id.name, line.amount_settled) for line in settlement.line_ids),
            sorted([(inv.name, 1190.0), (inv.name, -1190.0), (inv2.name, 595.0)]),
        )
        self.assertAlmostEqual(settlement.amount_open, 0.0)
        settlement.action_post()
        self.assertTrue(forward_line.reconciled)
        self.assertEqual(payment.state, "settled")
        self.assertEqual((inv + inv2).mapped("factoring_state"), ["settled", "settled"])
        data = self._reconciliation("2026-11-20")
        self.assertAlmostEqual(data["difference"], 0.0)
        self.assertEqual(data["documents"], [])
        self.assertAlmostEqual(data["forward_balance"], 0.0)

    def test_import_row_without_amount_is_ambiguous(self):
        """Without an amount a row of such a document could mean either item: it is listed, not taken."""
        inv = self._create_invoice(amount=1000.0)
        self._transfer(inv)
        self._book(self._bank_transaction(1190.0, f"RE {inv.name}"))
        self._mapping(column_document="Beleg")
        settlement = self._settlement()
        wizard = self.env["factoring.settlement.import"].create(
            {
                "settlement_id": settlement.id,
                "file": base64.b64encode(f"Beleg\n{inv.name}".encode()),
                "filename": "a.csv",
            }
        )
        wizard.action_import()
        self.assertEqual((wizard.matched_count, wizard.problem_count), (0, 1))
        self.assertIn("Several open items match", wizard.result)
        self.assertFalse(settlement.line_ids)
