# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo database shows every screen filled (issue #17 §4, #19): asserted on the demo data of the test database,
which setup/test and setup/run build with our addons' demo data."""

import base64

from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestFactoringDemo(TransactionCase):
    def _ref(self, xmlid):
        record = self.env.ref(xmlid, raise_if_not_found=False)
        if not record:
            self.fail(f"the test database must hold the demo data (setup/test builds it with demo): no {xmlid}")
        return record.sudo().with_company(self.env.ref("base.main_company"))  # the demo company

    def test_demo_batches(self):
        dfb = self._ref("factoring_base.demo_factor_dfb")
        settled, batch = self._ref("factoring_export_dfb.demo_batch_dfb_settled"), self._ref(
            "factoring_export_dfb.demo_batch_dfb_open"
        )
        for each in settled | batch:
            self.assertEqual((each.factor_id, each.state), (dfb, "sent"))
            self.assertEqual(len(each.file_ids), 1)
            self.assertTrue(each.file_ids.name.startswith("DFB4711_"), "the factor's DFB file")
            self.assertTrue(base64.b64decode(each.file_ids.datas))
            # Fees and retention booked at transfer: the expected payout is what is left.
            self.assertTrue(each.amount_fee and each.amount_fee_tax and each.amount_reserve)
            self.assertAlmostEqual(
                each.amount_payout,
                each.amount_net - each.amount_fee - each.amount_fee_tax - each.amount_reserve,
                places=2,
            )
            self.assertEqual(each.fee_move_id.state, "posted")
        self.assertEqual(set(settled.line_ids.move_id.mapped("factoring_state")), {"settled"})
        self.assertTrue(batch.amount_open_at_factor)

        abs_batch = self._ref("factoring_export_abs.demo_batch_abs")
        self.assertTrue(abs_batch.factor_id.send_pdf_bundle)
        self.assertEqual((abs_batch.state, abs_batch.line_count), ("sent", 3))
        self.assertIn(abs_batch.bundle_file_id, abs_batch.file_ids)
        self.assertTrue(base64.b64decode(abs_batch.bundle_file_id.datas).startswith(b"%PDF"))

        # Credit notes made after the open batch wait for the next one.
        waiting = self.env["account.move"].sudo().search(
            [("factor_id", "=", dfb.id), ("move_type", "=", "out_refund"), ("factoring_state", "=", "to_transfer"),
             ("reversed_entry_id", "in", batch.line_ids.move_id.ids)]
        )
        self.assertEqual(len(waiting), 2)

    def test_demo_settlements_and_notices(self):
        posted = self._ref("factoring_settlement.demo_settlement_dfb")
        self.assertEqual(posted.state, "posted")
        self.assertTrue(posted.statement_line_id.is_reconciled, "linked to DFB's bank transaction")
        draft = self._ref("factoring_settlement.demo_settlement_abs")
        self.assertEqual(draft.state, "draft")
        self.assertEqual(len(draft.line_ids), 3)
        dfb = self._ref("factoring_base.demo_factor_dfb")
        data = dfb._get_reconciliation_data(fields.Date.context_today(dfb))
        batches = self._ref("factoring_export_dfb.demo_batch_dfb_settled") | self._ref(
            "factoring_export_dfb.demo_batch_dfb_open"
        )
        # Kept at transfer by both batches; the settlement of the first leaves its retention with the factor.
        self.assertAlmostEqual(data["retention_balance"], sum(batches.mapped("amount_reserve")), places=2)
        self.assertAlmostEqual(data["difference"], 0.0, places=2)

        notified = self._ref("factoring_base.demo_customer_mueller")
        self.assertEqual(notified.factor_notice_factor_id, dfb)
        self.assertTrue(notified.factor_notice_date)
        self.assertFalse(self._ref("factoring_base.demo_customer_weber").factor_notice_date)

    def test_demo_misdirected_return_limits_cockpit(self):
        dfb = self._ref("factoring_base.demo_factor_dfb")
        payment = self._ref("factoring_misdirected.demo_misdirected_payment")
        self.assertEqual((payment.factor_id, payment.state), (dfb, "forwarding"))
        forwarding = payment.forward_payment_ids
        self.assertEqual(forwarding.mapped("state"), ["draft"])
        self.assertEqual((forwarding.payment_type, forwarding.partner_id), ("outbound", dfb.partner_id))
        self.assertAlmostEqual(forwarding.amount, payment.amount, places=2)

        answer = self._ref("factoring_cockpit.demo_return_dfb")
        self.assertEqual((answer.accepted_count, answer.rejected_count), (1, 1))
        rejected = answer.line_ids.filtered(lambda line: line.answer == "rejected").move_id
        self.assertEqual(rejected.factoring_state, "rejected")
        self.assertEqual(answer.move_id.state, "posted", "the return entry of the rejected document")

        limits = {row["partner"].name: row for row in dfb._get_cockpit_debtor_limits()}
        koenig, mueller = limits["König Elektrotechnik AG"], limits["Müller Maschinenbau GmbH"]
        self.assertGreater(koenig["open"], koenig["limit"], "König is beyond its limit")
        self.assertGreater(mueller["open"], mueller["limit"] * 0.8, "Müller is near its limit")
        self.assertLessEqual(mueller["open"], mueller["limit"])

        self.assertTrue(dfb.cockpit_open_count)
        self.assertTrue(dfb.cockpit_overdue_count, "15 days to pay: the older transferred invoices are overdue")
        self.assertTrue(dfb.cockpit_retention_balance)
        self.assertEqual(dfb.cockpit_rejected_count, 1)
        self.assertAlmostEqual(dfb.forward_amount, payment.amount, places=2)
        self.assertAlmostEqual(dfb.cockpit_difference, 0.0, places=2)
        self.assertIn(self._ref("factoring_export_dfb.demo_batch_dfb_open").name, dfb.cockpit_upload_status)
