# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Debtor limits: checked at transfer, shown per debtor in the wizard, refused or warned as the factor says."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_batch import BatchCommon


@tagged("post_install", "-at_install")
class TestDebtorLimit(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 1,000 + 19 % VAT = 1,190.00 per invoice
        cls.transferred = cls._create_invoice(amount=1000.0, invoice_date="2026-11-01")
        cls._transfer(moves=cls.transferred, confirm=True)
        cls.first = cls._create_invoice(amount=1000.0, invoice_date="2026-11-02")
        cls.second = cls._create_invoice(amount=1000.0, invoice_date="2026-11-03")
        cls.refund = cls._create_invoice(amount=100.0, move_type="out_refund", invoice_date="2026-11-04")  # 119.00
        cls.customer.factor_credit_limit = 2500.0

    def _debtor_line(self, wizard, partner):
        line = wizard.debtor_line_ids.filtered(lambda line: line.partner_id == partner)
        self.assertEqual(len(line), 1)
        return line

    def test_exclude_beyond_limit(self):
        """Open at the factor 1,190.00; the credit note (-119.00) goes first, then the first invoice (2,261.00
        within 2,500.00); the second would make 3,451.00: left out with the figures, and a confirmation holding it
        is refused with the same reason."""
        self.factor.limit_policy = "exclude"
        wizard = self._wizard(cutoff_date="2026-11-30")
        self.assertEqual(wizard.selected_line_ids.move_id, self.first | self.refund)
        reason = wizard.excluded_line_ids.filtered(lambda line: line.move_id == self.second).reason
        self.assertEqual(
            reason,
            "Beyond the factor's limit for Müller Maschinenbau GmbH: limit 2,500.00\xa0€, open at the factor "
            "1,190.00\xa0€, with this transfer 3,451.00\xa0€",
        )
        debtor = self._debtor_line(wizard, self.customer)
        self.assertEqual(debtor.limit, 2500.0)
        self.assertEqual(debtor.open_amount, 1190.0)
        self.assertEqual(debtor.transfer_amount, 1071.0)
        self.assertEqual(debtor.total_amount, 2261.0)
        self.assertEqual(debtor.available_amount, 239.0)
        self.assertFalse(debtor.beyond_limit)

        batch = self.env["factoring.batch"].create(
            {
                "factor_id": self.factor.id,
                "line_ids": [Command.create({"move_id": move.id}) for move in self.first | self.second],
            }
        )
        with self.assertRaises(UserError) as caught:
            batch.action_confirm()
        # without the credit note in this batch: 1,190.00 open + 2 x 1,190.00
        self.assertIn(
            f"{self.second.display_name}: {reason.replace('3,451.00', '3,570.00')}.", str(caught.exception)
        )
        self.assertEqual(batch.state, "draft")
        batch.unlink()

        # The limit raised: everything goes.
        self.customer.factor_credit_limit = 5000.0
        wizard = self._wizard(cutoff_date="2026-11-30")
        self.assertEqual(wizard.selected_line_ids.move_id, self.first | self.second | self.refund)

    def test_warn_beyond_limit(self):
        """*Warn only*: the invoice goes with the warning; the debtor shows beyond its limit."""
        self.assertEqual(self.factor.limit_policy, "warn")
        wizard = self._wizard(cutoff_date="2026-11-30")
        self.assertEqual(wizard.selected_line_ids.move_id, self.first | self.second | self.refund)
        notes = {line.move_id: line.note for line in wizard.selected_line_ids}
        self.assertIn("Beyond the factor's limit for Müller Maschinenbau GmbH", notes[self.second])
        self.assertFalse(notes[self.first] or notes[self.refund])
        debtor = self._debtor_line(wizard, self.customer)
        self.assertEqual(debtor.transfer_amount, 2261.0)
        self.assertEqual(debtor.total_amount, 3451.0)
        self.assertEqual(debtor.available_amount, -951.0)
        self.assertTrue(debtor.beyond_limit)
        batches = self._transfer(cutoff_date="2026-11-30", confirm=True)
        self.assertEqual(batches.line_ids.move_id, self.first | self.second | self.refund)

    def test_no_limit_not_checked(self):
        """0 is no limit recorded: nothing is checked, the debtor shows without limit."""
        self.factor.limit_policy = "exclude"
        self.customer.factor_credit_limit = 0.0
        wizard = self._wizard(cutoff_date="2026-11-30")
        self.assertEqual(wizard.excluded_count, 0)
        debtor = self._debtor_line(wizard, self.customer)
        self.assertEqual((debtor.limit, debtor.available_amount, debtor.beyond_limit), (0.0, 0.0, False))

    def test_limit_history_tracked(self):
        """A change of the limit is tracked in the customer's chatter (the tests run without tracking otherwise)."""
        customer = self.customer.with_context(tracking_disable=False, mail_notrack=False)
        customer.factor_credit_limit = 3000.0
        self.env.flush_all()
        self.env.cr.precommit.run()  # messages of tracked changes are written before the commit
        values = self.customer.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "factor_credit_limit"
        )
        self.assertEqual(
            sorted((value.old_value_float, value.new_value_float) for value in values),
            [(2500.0, 3000.0)],
        )
