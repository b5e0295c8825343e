# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import copy
import csv
import io
from contextlib import closing
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..models import fast_entry
from .common import FactoringCommon


class BatchCommon(FactoringCommon):
    @classmethod
    def _transfer(cls, factor=None, moves=None, confirm=False, **vals):
        """Run the transfer wizard like a user; return the created batches."""
        ctx = {"default_factor_id": (factor or cls.factor).id}
        if moves:
            ctx = {"active_model": "account.move", "active_ids": moves.ids}
        with Form(cls.env["factoring.transfer"].with_context(**ctx)) as form:
            for fname, value in vals.items():
                setattr(form, fname, value)
            form.confirm = confirm
        wizard = form.save()
        action = wizard.action_create_batches()
        return cls.env["factoring.batch"].browse(action.get("res_id") or action["domain"][0][2])

    @classmethod
    def _wizard(cls, factor=None, **vals):
        return cls.env["factoring.transfer"].create({"factor_id": (factor or cls.factor).id, **vals})

    @classmethod
    def _refund(cls, invoice, price_unit):
        reversal = cls.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"reason": "Return", "journal_id": invoice.journal_id.id})
        refund = cls.env["account.move"].browse(reversal.refund_moves()["res_id"])
        refund.invoice_line_ids.price_unit = price_unit
        refund.action_post()
        return refund

    def _csv_rows(self, batch):
        self.assertEqual(len(batch.file_ids), 1)
        return list(csv.DictReader(io.StringIO(batch.file_ids.raw.decode()), delimiter=";"))


@tagged("post_install", "-at_install")
class TestTransferBatch(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({"street": "Industriestraße 12", "zip": "70565", "city": "Stuttgart"})

    def test_full_flow_with_rebooking(self):
        inv1 = self._create_invoice(amount=1000.0)  # 1190.00 gross
        inv2 = self._create_invoice(amount=500.0)  # 595.00
        refund = self._create_invoice(amount=100.0, move_type="out_refund", ref=inv1.name)  # 119.00
        other = self._create_invoice(partner=self.unassigned_customer, amount=70.0)

        batch = self._transfer()
        self.assertEqual(batch.state, "draft")
        self.assertEqual(batch.line_ids.move_id, inv1 | inv2 | refund)
        self.assertTrue(batch.name.startswith("TFB/"))
        self.assertEqual((batch.invoice_count, batch.refund_count), (2, 1))
        self.assertAlmostEqual(batch.amount_invoices, 1785.0)
        self.assertAlmostEqual(batch.amount_refunds, 119.0)
        self.assertAlmostEqual(batch.amount_net, 1666.0)
        self.assertEqual(inv1.factoring_batch_id, batch)
        self.assertEqual(inv1.factoring_state, "to_transfer")

        batch.action_confirm()
        self.assertEqual(batch.state, "confirmed")
        self.assertEqual(batch.confirmed_by_id, self.env.user)
        self.assertEqual((inv1 | inv2 | refund).mapped("factoring_state"), ["transferred"] * 3)
        self.assertEqual(other.factoring_state, "none")
        self.assertEqual(self.customer.factor_last_transfer_date, batch.date)

        # The file
        rows = self._csv_rows(batch)
        self.assertEqual([row["number"] for row in rows], batch.line_ids.mapped("move_name"))
        refund_row = next(row for row in rows if row["doc_type"] == "credit_note")
        self.assertEqual(refund_row["order_ref"], inv1.name)
        self.assertEqual(refund_row["amount_open"], "119.00")
        self.assertEqual(refund_row["debtor_vat"], "DE123456788")
        self.assertEqual(refund_row["client_number"], "4711")

        # The rebooking entry: balanced, customer lines reconciled with the documents.
        move = batch.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.misc_journal)
        self.assertAlmostEqual(sum(move.line_ids.mapped("debit")), sum(move.line_ids.mapped("credit")))
        factor_lines = move.line_ids.filtered(lambda aml: aml.account_id == self.clearing_account)
        customer_lines = move.line_ids - factor_lines
        self.assertEqual(factor_lines.partner_id, self.factor_partner)
        self.assertEqual(customer_lines.partner_id, self.customer)
        self.assertEqual(
            sorted(factor_lines.mapped("balance")), [-119.0, 595.0, 1190.0]
        )
        self.assertTrue(all(customer_lines.mapped("reconciled")))
        self.assertFalse(any(factor_lines.mapped("reconciled")))
        for doc in inv1 | inv2 | refund:
            self.assertEqual(doc.amount_residual, 0.0)
        # As Odoo computes it: matched by an entry that is not a payment.
        self.assertEqual((inv1 | inv2).mapped("payment_state"), ["paid", "paid"])
        self.assertEqual(refund.payment_state, "reversed")
        self.assertEqual(self.factor.factor_open_amount, 1666.0)
        # The customer owes nothing any more; the factor owes the net amount.
        receivable = self.company_data["default_account_receivable"]
        customer_balance = sum(self.env["account.move.line"].search(
            [("partner_id", "=", self.customer.id), ("account_id", "=", receivable.id)]).mapped("balance"))
        self.assertAlmostEqual(customer_balance, 0.0)

        # Never offered again
        with self.assertRaisesRegex(UserError, "nothing to transfer"):
            self._transfer()
        batch.action_mark_sent()
        self.assertEqual(batch.state, "sent")
        self.assertEqual(batch.sent_by_id, self.env.user)

    def test_fast_entry_equals_public_path(self):
        """The rebooking entry made by fast_entry holds in every stored field what Odoo's public path makes of it.

        The same entry is made both ways (fast_entry.create_entry, account.move.create) and every stored field of the
        entry, of its lines and of the documents' receivables is compared when created, posted and reconciled, for
        every kind of document: open invoice, credit note, partly paid invoice, receivable on two accounts, another
        currency (its own batch). An Odoo update that computes a field fast_entry gives in another way fails here."""
        chf = self.setup_other_currency("CHF", rates=[("2026-01-01", 0.5)])
        self.factor.currency_policy = "split"
        self._create_invoice(amount=1000.0)
        self._create_invoice(amount=200.0, move_type="out_refund")
        partly_paid = self._create_invoice(amount=500.0)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=partly_paid.ids
        ).create({"amount": 95.0})._create_payments()
        self.assertEqual(partly_paid.payment_state, "partial")
        halves = self.env["account.payment.term"].create({
            "name": "Half now, half in 30 days",
            "line_ids": [
                Command.create({"value": "percent", "value_amount": 50.0, "nb_days": 0}),
                Command.create({"value": "percent", "value_amount": 50.0, "nb_days": 30}),
            ],
        })
        two_accounts = self._create_invoice(amount=300.0, invoice_payment_term_id=halves.id)
        two_accounts.line_ids.filtered(lambda aml: aml.display_type == "payment_term")[-1:].account_id = (
            self.env["account.account"].create({"code": "149902", "name": "Receivables (instalments)",
                                                "account_type": "asset_receivable", "reconcile": True})
        )
        self._create_invoice(amount=1000.0, currency=chf)
        self._create_invoice(amount=100.0, move_type="out_refund", currency=chf)

        batches = self._transfer()
        self.assertEqual(len(batches), 2)
        for batch in batches:
            receivables = batch._get_open_receivables()
            move_vals = batch._prepare_rebooking_move_vals(receivables)
            self.assertEqual(len(move_vals["line_ids"]),
                             2 * len(batch.line_ids) + (1 if batch.currency_id != chf else 0))
            fast = self._rebooking_snapshots(batch, receivables, lambda vals=move_vals: fast_entry.create_entry(
                self.env, copy.deepcopy(vals)))
            public = self._rebooking_snapshots(
                batch, receivables, lambda vals=move_vals: self.env["account.move"].create(copy.deepcopy(vals))
            )
            differences = [
                f"{model}.{fname} of {public_values.get('name')} ({stage}, {batch.currency_id.name}): "
                f"{fast_values[fname]!r} instead of {value!r}"
                for stage, records in public.items()
                for model, values in records.items()
                for fast_values, public_values in zip(fast[stage][model], values, strict=True)
                for fname, value in public_values.items()
                if fast_values[fname] != value
            ]
            if differences:
                self.fail("fast_entry differs from account.move.create:\n" + "\n".join(differences))

        # The entry the batch makes is that one, reconciled with the documents.
        batches.action_confirm()
        lines = batches.move_id.line_ids
        self.assertEqual(len(lines), 13)
        self.assertEqual(lines.currency_id, self.company.currency_id | chf)
        self.assertTrue(all(lines.filtered(lambda aml: aml.account_id != self.clearing_account).mapped("reconciled")))
        self.assertFalse(batches.line_ids.move_id.line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable" and not aml.reconciled))

    # Stored fields that differ between two makings of the same entry: the records' own ids and timestamps, and what
    # holds the ids of records made with the entry (compared by whether they are set).
    SNAPSHOT_SKIPPED = {"id", "create_uid", "create_date", "write_uid", "write_date"}
    SNAPSHOT_SET_ONLY = {"move_id", "full_reconcile_id", "matching_number"}

    def _rebooking_snapshots(self, batch, receivables, create):
        """Every stored field of the entry ``create()`` makes, of its lines and of ``receivables``, read from the
        database when created, posted and reconciled; everything is rolled back afterwards.

        :return: {stage: {model: [{field: value}]}}
        """
        snapshots = {}
        with closing(self.env.cr.savepoint()):
            move = create()
            snapshots["created"] = self._stored_values(move)
            move.action_post()
            snapshots["posted"] = self._stored_values(move)
            batch._reconcile_rebooking_move(move, receivables)
            snapshots["reconciled"] = self._stored_values(move, move.browse().line_ids.concat(*receivables.values()))
        self.env.invalidate_all()
        return snapshots

    def _stored_values(self, move, receivables=None):
        self.env.flush_all()
        self.env.invalidate_all()
        snapshot = {}
        for model, records in (("account.move", move), ("account.move.line", move.line_ids),
                               ("receivables", receivables)):
            if records is None:
                continue
            fnames = [fname for fname, field in records._fields.items()
                      if field.store and (field.column_type or field.type == "many2many")
                      and fname not in self.SNAPSHOT_SKIPPED]
            snapshot[model] = [
                {fname: self._snapshot_value(fname, record[fname]) for fname in fnames}
                for record in records.sorted("id")
            ]
        return snapshot

    def _snapshot_value(self, fname, value):
        if fname in self.SNAPSHOT_SET_ONLY:
            return bool(value)
        if isinstance(value, models.BaseModel):
            return value.ids
        return value

    def test_company_check_of_many_lines(self):
        """Checked once per combination of companies, thousands of lines still refuse another company's records."""
        other = self.setup_other_company()
        invoice = self._create_invoice(amount=100.0)
        foreign_invoice = self.env["account.move"].with_company(other["company"]).create({
            "move_type": "out_invoice", "partner_id": self.customer.id, "company_id": other["company"].id,
            "invoice_line_ids": [Command.create({"name": "x", "price_unit": 10.0})],
        })
        batch = self.env["factoring.batch"].create({"factor_id": self.factor.id, "currency_id": invoice.currency_id.id})
        with self.assertRaisesRegex(UserError, "company"):
            self.env["factoring.batch.line"].create(
                [{"batch_id": batch.id, "move_id": move.id} for move in invoice | foreign_invoice]
            )

        # The lines of an entry made by fast_entry: one line of each combination is checked.
        foreign_account = other["default_account_revenue"]
        receivable = self.company_data["default_account_receivable"]
        line_vals = [
            {"account_id": account.id, "partner_id": self.customer.id, "balance": balance, "amount_currency": balance,
             "currency_id": self.company.currency_id.id, "name": "x", "analytic_distribution": False}
            for account, balance in ((receivable, 10.0), (receivable, -10.0), (foreign_account, 0.0))
        ]
        entry_vals = {"move_type": "entry", "journal_id": self.misc_journal.id}
        with self.assertRaisesRegex(UserError, "company"):
            fast_entry.create_entry(self.env, {**entry_vals, "line_ids": [Command.create(v) for v in line_vals]})
        entry = fast_entry.create_entry(  # the same lines without the foreign account pass
            self.env, {**entry_vals, "line_ids": [Command.create(v) for v in line_vals[:2]]})
        self.assertEqual(len(entry.line_ids), 2)

    def test_without_rebooking(self):
        self.factor.rebook_receivables = False
        invoice = self._create_invoice(amount=100.0)
        batch = self._transfer(confirm=True)
        self.assertEqual(batch.state, "confirmed")
        self.assertFalse(batch.move_id)
        self.assertEqual(invoice.factoring_state, "transferred")
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertEqual(self._csv_rows(batch)[0]["amount_open"], "119.00")

    def test_partial_payment_transfers_residual(self):
        invoice = self._create_invoice(amount=1000.0)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 190.0})._create_payments()
        self.assertEqual(invoice.payment_state, "partial")
        batch = self._transfer(confirm=True)
        self.assertAlmostEqual(batch.line_ids.amount_residual, 1000.0)
        self.assertAlmostEqual(batch.line_ids.amount_total, 1190.0)
        factor_line = batch.move_id.line_ids.filtered(lambda aml: aml.account_id == self.clearing_account)
        self.assertAlmostEqual(factor_line.balance, 1000.0)
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_foreign_currency_separate_batches(self):
        chf = self.setup_other_currency("CHF", rates=[("2026-01-01", 0.5)])  # 1 EUR = 0.5 CHF
        self.factor.currency_policy = "split"
        eur_invoice = self._create_invoice(amount=100.0)
        chf_invoice = self._create_invoice(amount=1000.0, currency=chf)  # 1190 CHF = 2380 EUR
        batches = self._transfer(confirm=True)
        self.assertEqual(len(batches), 2)
        chf_batch = batches.filtered(lambda b: b.currency_id == chf)
        self.assertEqual(chf_batch.line_ids.move_id, chf_invoice)
        self.assertEqual((batches - chf_batch).line_ids.move_id, eur_invoice)
        self.assertAlmostEqual(chf_batch.amount_net, 1190.0)
        self.assertAlmostEqual(chf_batch.line_ids.amount_residual_company, 2380.0)
        move = chf_batch.move_id
        self.assertEqual(move.line_ids.currency_id, chf)
        self.assertAlmostEqual(sum(move.line_ids.mapped("amount_currency")), 0.0)
        self.assertAlmostEqual(sum(move.line_ids.mapped("balance")), 0.0)
        factor_line = move.line_ids.filtered(lambda aml: aml.account_id == self.clearing_account)
        self.assertAlmostEqual(factor_line.amount_currency, 1190.0)
        self.assertAlmostEqual(factor_line.balance, 2380.0)
        self.assertEqual(chf_invoice.amount_residual, 0.0)

    def test_other_currency_refused(self):
        chf = self.setup_other_currency("CHF", rates=[("2026-01-01", 0.5)])
        self.factor.currency_policy = "refuse"
        self._create_invoice(amount=100.0, currency=chf)
        wizard = self._wizard()
        self.assertEqual(wizard.selected_count, 0)
        self.assertRegex(wizard.excluded_line_ids.reason, "In CHF: the factor takes EUR only")

    def test_exclusion_reasons(self):
        ok = self._create_invoice(amount=100.0)
        draft = self._create_invoice(amount=200.0, post=False)
        late = self._create_invoice(amount=300.0, invoice_date="2026-11-20")
        blocked_customer = self.customer.copy({"name": "Blocked GmbH", "factor_id": self.factor.id})
        blocked_customer.factor_blocked = True
        blocked = self._create_invoice(partner=blocked_customer, amount=400.0)
        late_assignment = self.env["res.partner"].create({"name": "Assigned later AG", "is_company": True})
        before = self._create_invoice(partner=late_assignment, amount=500.0)
        late_assignment.factor_id = self.factor
        in_batch = self._create_invoice(amount=600.0)
        other_batch = self._transfer(moves=in_batch)

        wizard = self._wizard(cutoff_date="2026-11-10")
        self.assertEqual(wizard.selected_line_ids.move_id, ok)
        reasons = {line.move_id: line.reason for line in wizard.excluded_line_ids}
        self.assertEqual(reasons[draft], "Not posted")
        self.assertEqual(reasons[late], "Dated after the cut-off date")
        self.assertEqual(reasons[blocked], "Customer blocked for transfers")
        self.assertIn("assigned to the factor after posting", reasons[before])
        self.assertEqual(reasons[in_batch], f"Already in batch {other_batch.name}")
        self.assertIn("1 invoices", wizard.summary)

    def test_limit_to_selected_documents(self):
        first = self._create_invoice(amount=100.0)
        self._create_invoice(amount=200.0)
        batch = self._transfer(moves=first)
        self.assertEqual(batch.line_ids.move_id, first)
        with self.assertRaisesRegex(UserError, "one factor at a time"):
            other_factor = self.env["factoring.factor"].create(self._factor_vals(code="OTHER", name="Other"))
            other_customer = self.env["res.partner"].create({"name": "X", "factor_id": other_factor.id})
            self._transfer(moves=first | self._create_invoice(partner=other_customer))

    @mute_logger("odoo.sql_db")
    def test_exactly_once_database_index(self):
        invoice = self._create_invoice(amount=100.0)
        batch = self._transfer()
        other = self.env["factoring.batch"].create({"factor_id": self.factor.id})
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            other.line_ids = [Command.create({"move_id": invoice.id})]
            other.line_ids.flush_recordset()
        # Cancelled batches free their documents.
        batch.action_cancel()
        other.line_ids = [Command.create({"move_id": invoice.id})]
        other.line_ids.flush_recordset()
        self.assertEqual(invoice.factoring_batch_id, other)

    def test_credit_note_from_untransferred_invoice(self):
        """Odoo matches a credit note with its open invoice: the invoice goes with its residual."""
        invoice = self._create_invoice(amount=1000.0)
        refund = self._refund(invoice, 100.0)
        batch = self._transfer(confirm=True)
        self.assertEqual(batch.line_ids.move_id, invoice)
        self.assertAlmostEqual(batch.line_ids.amount_residual, 1071.0)
        self.assertEqual(refund.payment_state, "paid")
        self.assertEqual(refund.factoring_state, "netted", "nothing open is left to transfer")
        self.assertFalse(self._wizard().line_ids)

    def test_cancel_and_transfer_again(self):
        invoice = self._create_invoice(amount=1000.0)
        batch = self._transfer(confirm=True)
        file = batch.file_ids
        rebooking = batch.move_id
        batch.action_cancel()
        self.assertEqual(batch.state, "cancelled")
        self.assertEqual(batch.file_ids, file, "the cancelled file stays attached for audit")
        reversal = batch.reversal_move_id
        self.assertEqual(reversal.reversed_entry_id, rebooking)
        self.assertEqual(reversal.state, "posted")
        self.assertTrue(all(rebooking.line_ids.mapped("reconciled")))
        self.assertEqual(invoice.amount_residual, 1190.0)
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertEqual(invoice.factoring_state, "to_transfer")
        self.assertEqual(self.factor.factor_open_amount, 0.0)
        again = self._transfer(confirm=True)
        self.assertNotEqual(again, batch)
        self.assertEqual(again.line_ids.move_id, invoice)
        self.assertEqual(invoice.factoring_state, "transferred")

    def test_cancel_sent_batch_needs_manager(self):
        self._create_invoice(amount=100.0)
        batch = self._transfer(confirm=True)
        batch.action_mark_sent()
        user = self._create_factoring_user("plain_factoring", "Plain factoring user")
        with self.assertRaisesRegex(AccessError, "only a Factoring Manager"):
            batch.with_user(user).action_cancel()
        batch.action_cancel()
        self.assertEqual(batch.state, "cancelled")

    def test_plain_factoring_user_transfers_and_confirms(self):
        self.factor.rebook_receivables = True
        invoice = self._create_invoice(amount=1000.0)
        user = self._create_factoring_user("transfer_clerk", "Transfer clerk")
        self.assertFalse(user.has_group("account.group_account_manager"))
        wizard = self.env["factoring.transfer"].with_user(user).create({"factor_id": self.factor.id})
        batch = self.env["factoring.batch"].browse(wizard.action_create_batches()["res_id"]).with_user(user)
        batch.action_confirm()
        self.assertEqual(batch.state, "confirmed")
        self.assertEqual(batch.confirmed_by_id, user)
        self.assertEqual(invoice.factoring_state, "transferred")
        self.assertEqual(batch.move_id.state, "posted")
        self.assertEqual(self.customer.with_company(self.company).factor_last_transfer_date, batch.date)
        self.assertEqual(len(batch.file_ids), 1)

    def test_transferred_document_is_locked(self):
        invoice = self._create_invoice(amount=1000.0)
        self._transfer(confirm=True)
        with self.assertRaisesRegex(UserError, "credit note"):
            invoice.button_draft()
        with self.assertRaisesRegex(UserError, "transferred to the factor"):
            invoice.invoice_date_due = "2027-01-31"
        with self.assertRaisesRegex(UserError, "transferred to the factor"):
            invoice.partner_id = self.unassigned_customer
        # Corrections go through a credit note, transferred next time with the original's reference.
        refund = self._refund(invoice, 200.0)
        batch = self._transfer(confirm=True)
        self.assertEqual(batch.line_ids.move_id, refund)
        self.assertEqual(batch.line_ids.origin_move_id, invoice)
        self.assertEqual(self._csv_rows(batch)[0]["origin_number"], invoice.name)

    def test_validation_lists_every_offender_and_leaves_nothing(self):
        bare1 = self.env["res.partner"].create({"name": "Bare One GmbH", "factor_id": self.factor.id})
        bare2 = self.env["res.partner"].create({"name": "Bare Two AG", "factor_id": self.factor.id})
        documents = (
            self._create_invoice(partner=bare1, amount=10.0)
            | self._create_invoice(partner=bare2, amount=20.0)
            | self._create_invoice(amount=30.0)
        )
        # The transfer wizard leaves such documents out (test_transfer_screens); a batch made by an API call or
        # before the debtors' data was removed still holds them: the confirmation names every offender.
        batch = self.env["factoring.batch"].create(
            {"factor_id": self.factor.id, "line_ids": [Command.create({"move_id": move.id}) for move in documents]}
        )
        with self.assertRaises(UserError) as caught:
            batch.action_confirm()
        message = str(caught.exception)
        self.assertIn("Bare One GmbH lacks: debtor number, VAT or company ID, Street, Zip, City, Country", message)
        self.assertIn("Bare Two AG lacks", message)
        self.assertEqual(batch.state, "draft")
        self.assertFalse(batch.file_ids)
        self.assertFalse(batch.move_id)
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", "factoring.batch"),
                                                           ("res_id", "=", batch.id)]))

    def test_error_after_file_leaves_nothing(self):
        """The rebooking fails after the file was written: no file, no entry, still draft."""
        self._create_invoice(amount=100.0)
        batch = self._transfer()
        # The clearing account was restricted to another currency: posting the rebooking entry fails.
        self.clearing_account.currency_id = self.env.ref("base.USD")
        moves_before = self.env["account.move"].search_count([])
        with self.assertRaises(UserError):
            batch.action_confirm()
        self.assertEqual(batch.state, "draft")
        self.assertFalse(batch.file_ids)
        self.assertFalse(batch.move_id)
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", "factoring.batch"),
                                                           ("res_id", "=", batch.id)]))

    def test_payment_arriving_before_confirmation(self):
        invoice = self._create_invoice(amount=1000.0)
        batch = self._transfer()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        with self.assertRaisesRegex(UserError, "Nothing open"):
            batch.action_confirm()

    def test_due_date_moved_before_confirmation(self):
        invoice = self._create_invoice(amount=1000.0)
        batch = self._transfer()
        new_due = invoice.invoice_date_due + timedelta(days=30)
        # Not transferred yet: the document may still be reset to draft and changed.
        invoice.button_draft()
        invoice.invoice_date_due = new_due
        invoice.action_post()
        self.assertEqual(invoice.invoice_date_due, new_due)
        self.assertNotEqual(batch.line_ids.date_due, new_due)  # taken when the batch was drafted
        batch.action_confirm()
        self.assertEqual(batch.line_ids.date_due, new_due)
        self.assertEqual(self._csv_rows(batch)[0]["due_date"], new_due.isoformat())
        self.assertEqual(batch.move_id.line_ids.mapped("date_maturity"), [new_due, new_due])

    def test_cover_sheet(self):
        inv = self._create_invoice(amount=1000.0)
        self._create_invoice(amount=100.0, move_type="out_refund")
        batch = self._transfer(confirm=True)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "factoring_base.report_factoring_batch", batch.ids
        )[0].decode()
        self.assertIn(batch.name, html)
        self.assertIn('name="client_number">4711</span>', html)
        self.assertIn(inv.name, html)
        for amount in ("1,190.00", "119.00", "1,071.00"):
            self.assertIn(amount, html)
        self.assertIn("Signature", html)

    def test_draft_batch_unlink_and_confirmed_guard(self):
        self._create_invoice(amount=100.0)
        batch = self._transfer(confirm=True)
        with self.assertRaisesRegex(UserError, "Only draft batches"):
            batch.unlink()

    def test_sequence_and_file_name(self):
        self.factor.filename_pattern = "SAR{client_number}_{date}.{seq}"
        self._create_invoice(amount=100.0)
        first = self._transfer(confirm=True, date=fields.Date.to_date("2026-11-22"))
        self._create_invoice(amount=200.0)
        second = self._transfer(confirm=True, date=fields.Date.to_date("2026-11-22"))
        self.assertEqual(first.file_ids.name, "SAR4711_20261122.001")
        self.assertEqual(second.file_ids.name, "SAR4711_20261122.002")
        self.assertNotEqual(first.name, second.name)
