# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One rule set: the transfer wizard leaves a document out for the same reason the confirmation refuses it for."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.factoring_factor import ACCOUNT_TYPES
from .test_batch import BatchCommon


@tagged("post_install", "-at_install")
class TestTransferRules(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({"street": "Industriestraße 12", "zip": "70565", "city": "Stuttgart"})

    def _forced_batch(self, moves, **vals):
        """A draft batch made without the wizard (as an API call or an old draft could)."""
        return self.env["factoring.batch"].create(
            {"factor_id": self.factor.id, "line_ids": [Command.create({"move_id": m.id}) for m in moves], **vals}
        )

    def test_wizard_reason_is_confirmation_problem(self):
        """Every rule the wizard leaves a document out by refuses a batch holding it, with the same words, every
        document listed, nothing confirmed."""
        ok = self._create_invoice(amount=100.0)
        late = self._create_invoice(amount=300.0, invoice_date="2026-11-20")
        blocked_customer = self.customer.copy({"name": "Blocked GmbH", "factor_id": self.factor.id})
        blocked = self._create_invoice(partner=blocked_customer, amount=400.0)
        late_assignment = self.env["res.partner"].create({"name": "Assigned later AG", "is_company": True})
        before = self._create_invoice(partner=late_assignment, amount=500.0)
        late_assignment.factor_id = self.factor
        draft = self._create_invoice(amount=200.0, post=False)
        # Made while everything was allowed; then the customer is blocked.
        batch = self._forced_batch(ok | late | blocked | before | draft, cutoff_date="2026-11-10")
        blocked_customer.factor_blocked = True

        wizard = self._wizard(cutoff_date="2026-11-10")
        reasons = {line.move_id: line.reason for line in wizard.excluded_line_ids}
        self.assertEqual(reasons[draft], "Not posted")
        self.assertEqual(reasons[late], "Dated after the cut-off date")
        self.assertEqual(reasons[blocked], "Customer blocked for transfers")
        self.assertIn("assigned to the factor after posting", reasons[before])
        self.assertEqual(reasons[ok], f"Already in batch {batch.name}", "the draft batch holds it")
        self.assertEqual(wizard.selected_count, 0)

        with self.assertRaises(UserError) as caught:
            batch.action_confirm()
        message = str(caught.exception)
        for move in late | blocked | before | draft:
            self.assertIn(f"{move.display_name}: {reasons[move]}.", message)
        self.assertNotIn(ok.display_name, message, "the batch itself is not another batch")
        self.assertEqual(batch.state, "draft")
        self.assertFalse(batch.file_ids or batch.move_id)
        self.assertEqual(ok.factoring_state, "to_transfer")

    def test_document_of_another_factor_refused(self):
        other_factor = self.env["factoring.factor"].create(self._factor_vals(
            code="OTH", name="Other Factor", bank_account_id=False,
        ))  # fmt: skip
        other_customer = self.env["res.partner"].create(
            {"name": "Other Customer AG", "is_company": True, "factor_id": other_factor.id}
        )
        invoice = self._create_invoice(partner=other_customer, amount=100.0)
        batch = self._forced_batch(invoice)
        with self.assertRaisesRegex(UserError, f"{invoice.display_name}: Assigned to another factor"):
            batch.action_confirm()

    def test_scheduled_transfer_uses_the_service(self):
        """The scheduled transfer creates and confirms the batches without a transfer wizard."""
        invoice = self._create_invoice(amount=100.0)
        late = self._create_invoice(amount=300.0, invoice_date="2099-01-01")
        wizards_before = self.env["factoring.transfer"].search_count([])
        batches = self.factor._auto_transfer()
        self.assertEqual(batches.line_ids.move_id, invoice, "the cut-off date is today")
        self.assertEqual(batches.state, "confirmed")
        self.assertEqual(late.factoring_state, "to_transfer")
        self.assertEqual(self.env["factoring.transfer"].search_count([]), wizards_before, "no wizard")
        self.assertFalse(self.factor._auto_transfer(), "nothing due: no batch, no error")

    def test_account_domains_read_account_types(self):
        """The account fields' domains and the constraint state the allowed types in one place."""
        for fname, types in ACCOUNT_TYPES.items():
            domain = self.env["factoring.factor"]._fields[fname].domain
            self.assertIn(("account_type", "in", list(types)), domain, fname)
