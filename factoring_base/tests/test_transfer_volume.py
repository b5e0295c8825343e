# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The transfer wizard with more candidates than it lists at once: counts, totals and grouped reasons; the
documents in paged lists on demand; the batch as before."""

from odoo.tests import Form, tagged

from ..wizards import factoring_transfer_volume
from .test_batch import BatchCommon


@tagged("post_install", "-at_install")
class TestTransferManyCandidates(BatchCommon):
    def setUp(self):
        super().setUp()
        # A handful of documents stands for thousands: the wizard lists at most two at once here.
        self.patch(factoring_transfer_volume, "INLINE_LIMIT", 2)
        self.going = self._create_invoice(amount=100.0) | self._create_invoice(amount=200.0)
        self.refund = self._create_invoice(amount=50.0, move_type="out_refund")
        self.late = self._create_invoice(amount=300.0, invoice_date="2026-12-30")
        self.late_too = self._create_invoice(amount=400.0, invoice_date="2026-12-31")
        bare = self.env["res.partner"].create(
            {"name": "Bare One GmbH", "is_company": True, "factor_id": self.factor.id}
        )
        self.bare_doc = self._create_invoice(partner=bare, amount=10.0)

    def test_counts_totals_and_reasons_without_rows(self):
        with Form(self.env["factoring.transfer"].with_context(default_factor_id=self.factor.id)) as form:
            form.cutoff_date = "2026-11-30"
            self.assertTrue(form.many_candidates)
            self.assertEqual((form.candidate_count, form.selected_count, form.excluded_count), (6, 3, 3))
            self.assertFalse(form.selected_line_ids, "no rows are built")
            self.assertFalse(form.excluded_line_ids)
            self.assertEqual(form.summary, "EUR: 2 invoices (357.00\xa0€), 1 credit notes (59.50\xa0€)")
            reasons = form.reason_summary.splitlines()
            self.assertEqual(len(reasons), 2)
            self.assertTrue(reasons[0].startswith("2 × "), "the most frequent reason first")
            self.assertIn("after the cut-off date", reasons[0])
            self.assertTrue(reasons[1].startswith("1 × Debtor Bare One GmbH lacks"))
        wizard = form.save()

        wizard.action_list_documents()
        self.assertTrue(wizard.lines_listed)
        self.assertEqual(wizard.page_selected_line_ids.move_id, self.going | self.refund)
        self.assertEqual(wizard.page_excluded_line_ids.move_id, self.late | self.late_too | self.bare_doc)
        self.assertTrue(all(wizard.page_excluded_line_ids.mapped("reason")))
        # Listing again does not add the lines twice.
        wizard.action_list_documents()
        self.assertEqual(len(wizard.page_selected_line_ids | wizard.page_excluded_line_ids), 6)

        action = wizard.action_create_batches()
        batch = self.env["factoring.batch"].browse(action["res_id"])
        self.assertEqual(batch.line_ids.move_id, self.going | self.refund)

    def test_few_candidates_are_listed_at_once_with_reasons_grouped(self):
        self.patch(factoring_transfer_volume, "INLINE_LIMIT", 500)
        wizard = self._wizard(cutoff_date="2026-11-30")
        self.assertFalse(wizard.many_candidates)
        self.assertEqual(wizard.selected_line_ids.move_id, self.going | self.refund)
        self.assertEqual(wizard.excluded_count, 3)
        self.assertTrue(wizard.reason_summary.startswith("2 × "))
