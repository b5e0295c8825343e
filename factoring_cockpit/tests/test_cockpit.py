# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo.tests import tagged

from odoo.addons.factoring_misdirected.tests.common import MisdirectedCommon


@tagged("post_install", "-at_install")
class TestFactoringCockpit(MisdirectedCommon):
    def _report(self, document):
        # A database view: read it afresh, as each request of the web client does.
        self.env["factoring.document.report"].invalidate_model()
        return self.env["factoring.document.report"].search([("move_id", "=", document.id)])

    def test_cockpit_figures(self):
        self.customer.factor_credit_limit = 2000.0
        no_terms = {"invoice_payment_term_id": False}
        due_later = self._create_invoice(amount=500.0, invoice_date_due="2099-12-31", **no_terms)  # 595.00
        overdue = self._create_invoice(amount=1000.0, invoice_date_due="2026-11-15", **no_terms)  # 1,190.00
        waiting = self._create_invoice(amount=100.0)  # 119.00, not transferred
        self._transfer(due_later + overdue)

        self.assertRecordValues(self._report(overdue), [{
            "factor_id": self.factor.id, "partner_id": self.customer.id, "state": "transferred",
            "amount_total": 1190.0, "amount_open_factor": 1190.0, "amount_overdue": 1190.0, "is_overdue": True,
            "amount_waiting": 0.0, "batch_id": overdue.factoring_batch_id.id,
        }])
        self.assertRecordValues(self._report(due_later), [{"amount_open_factor": 595.0, "is_overdue": False}])
        self.assertRecordValues(self._report(waiting), [{"state": "to_transfer", "amount_waiting": 119.0,
                                                         "amount_open_factor": 0.0}])
        factor = self.factor
        self.assertRecordValues(factor, [{
            "cockpit_open_count": 2, "cockpit_overdue_count": 1, "cockpit_overdue_amount": 1190.0,
            "cockpit_retention_balance": 0.0, "cockpit_difference": 0.0, "cockpit_rejected_count": 0,
            "to_transfer_count": 1, "forward_amount": 0.0,
        }])
        self.assertIn("Müller Maschinenbau GmbH", factor.cockpit_debtor_limits)
        self.assertIn("89%", factor.cockpit_debtor_limits)  # 1,785.00 of 2,000.00
        self.assertIn(overdue.factoring_batch_id.name, factor.cockpit_upload_status)

        # The debtor pays the overdue invoice to us: it stays open at the factor, the money is to forward.
        self._book(self._bank_transaction(1190.0, overdue.name))
        factor.invalidate_recordset()
        self.assertRecordValues(factor, [{"forward_amount": 1190.0, "cockpit_overdue_count": 1,
                                          "cockpit_difference": 0.0}])
        # Settled with a retention: no longer open at the factor, the retention shows.
        settlement = self._settlement(self._item(overdue), amount_to_settle=1071.0)
        self._line(settlement, overdue).retention_amount = 119.0
        settlement.action_post()
        factor.invalidate_recordset()
        self.assertRecordValues(self._report(overdue), [{"state": "settled", "amount_open_factor": 0.0,
                                                         "is_overdue": False}])
        self.assertRecordValues(factor, [{"cockpit_open_count": 1, "cockpit_overdue_count": 0,
                                          "cockpit_retention_balance": 119.0, "cockpit_difference": 0.0}])

    def test_open_at_factor_over_time(self):
        invoice = self._create_invoice(amount=1000.0)
        self._transfer(invoice)
        action = self.factor.action_open_factor_history()
        lines = self.env["account.move.line"].search(action["domain"])
        self.assertAlmostEqual(sum(lines.mapped("balance")), 1190.0)
        graph = self.env["account.move.line"].formatted_read_group(action["domain"], ["date:month"], ["balance:sum"])
        self.assertEqual([group["balance:sum"] for group in graph], [1190.0])

    def test_rejected_documents_on_the_card(self):
        accepted = self._create_invoice(amount=100.0)
        rejected = self._create_invoice(amount=200.0)
        self._transfer(accepted + rejected)
        self.assertFalse(self.factor._get_cockpit_rejected())
        mapping = self.env["factoring.statement.mapping"].create({
            "factor_id": self.factor.id, "name": "Return", "kind": "return", "header_row": 1,
            "column_document": "Beleg", "column_answer": "Status", "column_answer_reason": "Grund",
            "column_answer_date": "Datum", "column_debtor": "Debitor", "column_limit": "Limit",
        })
        content = "\n".join(["Beleg;Status;Grund;Datum;Debitor;Limit", f"{accepted.name};accepted;;;;",
                             f"{rejected.name};rejected;Limit;;;"])
        wizard = self.env["factoring.return.import"].create({
            "factor_id": self.factor.id, "mapping_id": mapping.id, "filename": "return.csv",
            "file": base64.b64encode(content.encode()),
        })
        wizard.action_import()
        self.assertEqual(rejected.factoring_state, "rejected")
        self.assertEqual(self.factor._get_cockpit_rejected(), rejected)
        self.factor.invalidate_recordset()
        self.assertEqual(self.factor.cockpit_rejected_count, 1)
        # The analysis shows it with its status: the report knows every factoring status of a document (the web
        # client's graph fails on a status that its selection lacks).
        report = self.env["factoring.document.report"].search([("move_id", "=", rejected.id)])
        self.assertEqual(report.state, "rejected")
        self.assertIn("rejected", dict(report._fields["state"]._description_selection(self.env)))
        self.assertLessEqual(set(dict(self.env["account.move"]._fields["factoring_state"].selection)),
                             set(dict(report._fields["state"].selection)))
