# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Faults and bad input: nothing is lost, every refusal names what is wrong (docs/RELIABILITY.md).

Each test provokes a real fault (a rebooking entry that cannot be posted, a lock date, a document without amount,
a user of another company...) and checks the outcome in the database: what exists afterwards, the states, the
amounts, and the words of the error the user sees.
"""

import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.factoring_base.tests.test_batch import BatchCommon
from odoo.addons.factoring_settlement.tests.common import SettlementCommon


class ReliabilityMixin:
    """Helpers to prove that a failed operation left nothing behind."""

    def _last_id(self, table):
        """Last value handed out by the table's id sequence (sequences are not rolled back: a record created and
        rolled back still used up its id)."""
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT last_value FROM %s", SQL.identifier(f"{table}_id_seq")))
        return self.env.cr.fetchone()[0]

    def _batch_attachments(self, factor=None):
        batches = self.env["factoring.batch"].search([("factor_id", "=", (factor or self.factor).id)])
        return self.env["ir.attachment"].search([("res_model", "=", "factoring.batch"), ("res_id", "in", batches.ids)])

    def _stranger(self, login="factoring_stranger"):
        """A Factoring Manager of another company: the strongest factoring rights, but not in our company."""
        other_company = self.setup_other_company(name=f"Other Client GmbH ({login})")["company"]
        return new_test_user(
            self.env,
            login=login,
            groups="factoring_base.group_factoring_manager,account.group_account_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )


@tagged("post_install", "-at_install")
class TestReliabilityTransfer(ReliabilityMixin, BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({"street": "Industriestraße 12", "zip": "70565", "city": "Stuttgart"})
        cls.user = cls._create_factoring_user("reliability_user", "Reliability User")

    # ------------------------------------------------------------------
    # An exception after the file was written, before the commit
    # ------------------------------------------------------------------
    def test_wizard_error_after_file_leaves_no_batch_file_or_entry(self):
        """Transfer with "Confirm Immediately": the file is written, then the rebooking entry fails (the clearing
        account was archived meanwhile). The request's transaction is rolled back: no batch, no file, no entry, the
        invoice is still to transfer, and the same transfer goes through once the account is active again."""
        invoice = self._create_invoice(amount=1000.0)
        self.clearing_account.active = False
        batches_before = self.env["factoring.batch"].search_count([])
        moves_before = self.env["account.move"].search_count([])
        last_attachment = self._last_id("ir_attachment")
        with self.assertRaises(UserError) as caught, self.env.cr.savepoint():  # the request's transaction
            self._transfer(confirm=True)
        self.env.invalidate_all()
        self.assertIn(f"The account {self.clearing_account.name} (1421) is archived", str(caught.exception))
        # The file had been written (its id is used up) ...
        self.assertGreater(self._last_id("ir_attachment"), last_attachment, "the file was written before the fault")
        # ... and nothing is left of it, nor of the batch or the entry.
        self.assertEqual(self.env["factoring.batch"].search_count([]), batches_before, "no batch")
        self.assertFalse(self._batch_attachments(), "no file")
        self.assertFalse(self.env["ir.attachment"].search([("id", ">", last_attachment)]), "no file anywhere")
        self.assertEqual(self.env["account.move"].search_count([]), moves_before, "no entry")
        self.assertEqual(invoice.factoring_state, "to_transfer")
        self.assertFalse(invoice.factoring_batch_id)
        self.assertAlmostEqual(invoice.amount_residual, 1190.0)
        # Once the account is active again, the same transfer goes through.
        self.clearing_account.active = True
        batch = self._transfer(confirm=True)
        self.assertEqual(batch.state, "confirmed")
        self.assertEqual(batch.line_ids.move_id, invoice)
        self.assertEqual(len(batch.file_ids), 1)

    def test_cron_error_after_file_leaves_no_batch_and_tells_why(self):
        """The scheduled action transfers a factor whose rebooking entry cannot be made (the clearing account was
        archived): the factor's savepoint is rolled back, no batch, file or entry remains, the factor's chatter says
        why, and the next run after the fix transfers the invoice."""
        self.factor.write({"auto_transfer": True, "transport": "manual"})
        invoice = self._create_invoice(amount=500.0, invoice_date="2026-01-15")
        self.clearing_account.active = False
        moves_before = self.env["account.move"].search_count([])
        last_attachment = self._last_id("ir_attachment")
        self.env["factoring.factor"]._cron_transfer_and_upload()
        self.env.invalidate_all()
        self.assertGreater(self._last_id("ir_attachment"), last_attachment, "the file was written before the fault")
        self.assertFalse(self.env["factoring.batch"].search([("factor_id", "=", self.factor.id)]), "no batch")
        self.assertFalse(self.env["ir.attachment"].search([("id", ">", last_attachment)]), "no file")
        self.assertEqual(self.env["account.move"].search_count([]), moves_before, "no entry")
        self.assertEqual(invoice.factoring_state, "to_transfer")
        self.assertIn("Automatic transfer failed", self.factor.message_ids[:1].body)
        self.assertIn(f"{self.clearing_account.name} (1421) is archived", self.factor.message_ids[:1].body,
                      "the message says what is wrong")
        # Fixed: the next run transfers the invoice once.
        self.clearing_account.active = True
        self.env["factoring.factor"]._cron_transfer_and_upload()
        batch = self.env["factoring.batch"].search([("factor_id", "=", self.factor.id)])
        self.assertEqual(len(batch), 1)
        self.assertEqual(batch.state, "confirmed")
        self.assertEqual(batch.line_ids.move_id, invoice)
        self.assertEqual(invoice.factoring_state, "transferred")

    # ------------------------------------------------------------------
    # Amounts, currencies, companies
    # ------------------------------------------------------------------
    def test_zero_amount_document_refused_and_named(self):
        zero = self._create_invoice(amount=0.0)
        ok = self._create_invoice(amount=100.0)
        self.assertEqual(zero.state, "posted")
        self.assertNotIn(zero, self._wizard().selected_line_ids.move_id, "never offered for a transfer")
        # Forced into a batch (as an old draft batch or an API call could): confirmation names it, keeps nothing.
        batch = self.env["factoring.batch"].create(
            {"factor_id": self.factor.id, "line_ids": [Command.create({"move_id": m.id}) for m in zero | ok]}
        )
        with self.assertRaises(UserError) as caught:
            batch.action_confirm()
        message = str(caught.exception)
        self.assertIn(f"{zero.display_name}: Nothing open (zero amount, paid or reversed).", message)
        self.assertNotIn(ok.name, message)
        self.assertEqual(batch.state, "draft")
        self.assertFalse(batch.file_ids or batch.move_id)
        self.assertEqual(ok.factoring_state, "to_transfer")

    def test_negative_document_refused_and_named(self):
        """An invoice with a negative total is refused when posted (Odoo: make a credit note instead); left in draft
        it is never offered, and a batch holding it is refused naming it."""
        negative = self._create_invoice(amount=-100.0, post=False)
        with self.assertRaisesRegex(UserError, "negative total amount"):
            negative.action_post()
        self.assertEqual(negative.state, "draft")
        reasons = {line.move_id: line.reason for line in self._wizard().line_ids}
        self.assertEqual(reasons[negative], "Not posted")
        ok = self._create_invoice(amount=100.0)
        batch = self.env["factoring.batch"].create(
            {"factor_id": self.factor.id, "line_ids": [Command.create({"move_id": m.id}) for m in negative | ok]}
        )
        with self.assertRaises(UserError) as caught:
            batch.action_confirm()
        self.assertIn(f"{negative.display_name}: Not posted.", str(caught.exception))
        self.assertEqual(batch.state, "draft")
        self.assertFalse(batch.file_ids or batch.move_id)
        # The correction as Odoo wants it, a credit note, is transferred normally.
        refund = self._create_invoice(amount=100.0, move_type="out_refund")
        self.assertEqual(refund.factoring_state, "to_transfer")

    def test_document_in_another_currency_refused_and_named(self):
        chf = self.setup_other_currency("CHF", rates=[("2026-01-01", 0.5)])
        eur_invoice = self._create_invoice(amount=100.0)
        chf_invoice = self._create_invoice(amount=100.0, currency=chf)
        batch = self.env["factoring.batch"].create(
            {
                "factor_id": self.factor.id,
                "line_ids": [Command.create({"move_id": m.id}) for m in eur_invoice | chf_invoice],
            }
        )
        self.assertEqual(batch.currency_id, self.company.currency_id)
        with self.assertRaises(UserError) as caught:
            batch.action_confirm()
        self.assertIn(f"{chf_invoice.name}: In CHF, but the batch is in EUR.", str(caught.exception))
        self.assertEqual(batch.state, "draft")
        self.assertFalse(batch.file_ids or batch.move_id)
        self.assertEqual(chf_invoice.factoring_state, "to_transfer")

    def test_invoice_of_another_company_is_never_transferred(self):
        other_company = self.setup_other_company()["company"]
        foreign = self.env["account.move"].with_company(other_company).create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "company_id": other_company.id,
                "invoice_date": "2026-11-02",
                "invoice_line_ids": [Command.create({"name": "Service", "quantity": 1, "price_unit": 100.0})],
            }
        )
        foreign.action_post()
        self.assertFalse(foreign.factor_id, "the customer is assigned in our company only")
        self.assertEqual(foreign.factoring_state, "none")
        self.assertNotIn(foreign, self._wizard().line_ids.move_id)
        with self.assertRaisesRegex(UserError, "None of the selected documents is assigned to a factor"):
            self.env["factoring.transfer"].with_context(active_model="account.move", active_ids=foreign.ids).create(
                {}
            )
        with self.assertRaises(UserError) as caught, self.env.cr.savepoint():
            self.env["factoring.batch"].create(
                {"factor_id": self.factor.id, "line_ids": [Command.create({"move_id": foreign.id})]}
            )
        self.assertIn("company inconsistencies", str(caught.exception))
        self.assertIn(foreign.name, str(caught.exception))
        self.assertFalse(self.env["factoring.batch.line"].search([("move_id", "=", foreign.id)]))

    # ------------------------------------------------------------------
    # Transferred documents and their entries stay as they are
    # ------------------------------------------------------------------
    def test_document_reset_to_draft_after_transfer_refused(self):
        invoice = self._create_invoice(amount=1000.0)
        refund = self._create_invoice(amount=100.0, move_type="out_refund")
        batch = self._transfer(confirm=True)
        rebooking = batch.move_id
        for document in (invoice, refund):
            for action, verb in ((document.button_draft, "Resetting to draft"), (document.button_cancel, "Cancelling")):
                with self.subTest(document=document.name, action=verb), self.assertRaises(UserError) as caught:
                    action()
                message = str(caught.exception)
                self.assertIn(f"{verb} is not possible: {document.name} were transferred to the factor", message)
                self.assertIn("Correct them with a credit note", message)
        # Nothing changed.
        self.assertEqual((invoice | refund).mapped("state"), ["posted", "posted"])
        self.assertEqual((invoice | refund).mapped("factoring_state"), ["transferred", "transferred"])
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertEqual(batch.state, "confirmed")
        self.assertEqual(rebooking.state, "posted")
        self.assertEqual(self.factor.factor_open_amount, 1071.0)

    def test_rebooking_entry_reset_to_draft_refused(self):
        """Resetting the rebooking entry to draft (and then cancelling or editing it) would undo the transfer in the
        books behind the batch's back: refused, naming the batch. Cancelling the batch reverses it; the entry and
        its reversal then stay as they are too."""
        invoice = self._create_invoice(amount=1000.0)
        batch = self._transfer(confirm=True)
        rebooking = batch.move_id
        for action in (rebooking.button_draft, rebooking.button_cancel):
            with self.subTest(action=action.__name__), self.assertRaises(UserError) as caught:
                action()
            self.assertIn(f"{rebooking.name} were made by transfer batch {batch.name}", str(caught.exception))
        self.assertEqual(rebooking.state, "posted")
        self.assertTrue(all(invoice.line_ids.filtered(lambda aml: aml.account_type == "asset_receivable")
                            .mapped("reconciled")))
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertEqual(invoice.factoring_state, "transferred")
        batch.action_cancel()
        self.assertEqual(invoice.amount_residual, 1190.0)
        for entry in (rebooking, batch.reversal_move_id):
            with self.subTest(entry=entry.name), self.assertRaisesRegex(UserError, f"transfer batch {batch.name}"):
                entry.button_draft()
        self.assertEqual(invoice.amount_residual, 1190.0)
        self.assertEqual(invoice.factoring_state, "to_transfer")

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_user_of_another_company_cannot_see_transfer_or_confirm(self):
        self._create_invoice(amount=100.0)
        draft = self._transfer()
        self._create_invoice(amount=200.0)
        confirmed = self._transfer(confirm=True)
        stranger = self._stranger()
        Batch = self.env["factoring.batch"].with_user(stranger)
        self.assertFalse(Batch.search([("id", "in", (draft | confirmed).ids)]))
        self.assertFalse(self.env["factoring.batch.line"].with_user(stranger).search(
            [("batch_id", "in", (draft | confirmed).ids)]))
        self.assertFalse(self.env["factoring.factor"].with_user(stranger).search([("id", "=", self.factor.id)]))
        with self.assertRaises(AccessError):
            draft.with_user(stranger).read(["name"])
        with self.assertRaises(AccessError):
            draft.line_ids.with_user(stranger).read(["amount_residual"])
        with self.assertRaises(AccessError):
            draft.with_user(stranger).action_confirm()
        with self.assertRaises(AccessError):
            confirmed.with_user(stranger).action_mark_sent()
        with self.assertRaises(AccessError):
            confirmed.with_user(stranger).action_cancel()
        with self.assertRaises(AccessError):
            confirmed.with_user(stranger).action_download()
        with self.assertRaises(AccessError):
            confirmed.file_ids.with_user(stranger).read(["raw"])
        with self.assertRaises(AccessError):
            wizard = self.env["factoring.transfer"].with_user(stranger).create({"factor_id": self.factor.id})
            wizard.action_create_batches()
        with self.assertRaises(AccessError):
            Batch.create({"factor_id": self.factor.id})
        # Nothing changed.
        self.assertEqual((draft.state, confirmed.state), ("draft", "confirmed"))
        self.assertEqual(self.env["factoring.batch"].search_count([("factor_id", "=", self.factor.id)]), 2)

    def test_plain_user_cannot_read_or_export_secrets(self):
        self.factor.write(
            {
                "transport": "sftp",
                "sftp_host": "127.0.0.1",
                "sftp_user": "client",
                "sftp_password": "sftp-secret",
                "sftp_private_key": "-----BEGIN OPENSSH PRIVATE KEY-----\nkey-secret\n",
                "sftp_passphrase": "passphrase-secret",
                "ftp_password": "ftp-secret",
            }
        )
        # With the right to export (so that it is the fields' protection that refuses, not the missing right).
        self.user.group_ids = [Command.link(self.env.ref("base.group_allow_export").id)]
        factor = self.factor.with_user(self.user)
        secrets = ("sftp_password", "sftp_private_key", "sftp_passphrase", "ftp_password")
        for fname in secrets:
            with self.subTest(field=fname):
                with self.assertRaises(AccessError):
                    factor.read([fname])
                with self.assertRaises(AccessError):
                    factor.search_read([("id", "=", self.factor.id)], [fname])
                with self.assertRaises(AccessError):
                    factor.export_data([fname])
                with self.assertRaises(AccessError):
                    factor.web_read({fname: {}})
                with self.assertRaises(AccessError):
                    factor.search([(fname, "=", self.factor[fname])])
                self.assertNotIn(fname, factor.fields_get())
                # Not offered in the export dialog even to managers, not copied.
                self.assertFalse(self.factor.fields_get([fname], ["exportable"])[fname]["exportable"])
        # The rest of the factor stays readable for the user.
        self.assertEqual(factor.read(["name", "transport"])[0]["transport"], "sftp")
        copy = self.factor.copy({"code": "COPY"})
        self.assertFalse(any(copy[fname] for fname in secrets), "secrets are not copied")


@tagged("post_install", "-at_install")
class TestReliabilitySettlement(ReliabilityMixin, SettlementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mapping = cls.env["factoring.statement.mapping"].create(
            {
                "factor_id": cls.factor.id,
                "name": "TFB statement",
                "header_row": 1,
                "column_document": "Beleg",
                "column_amount": "Betrag",
                "column_fee": False,
                "column_retention": False,
                "column_deduction": False,
                "column_reason": False,
                "csv_delimiter": ";",
                "decimal_separator": ",",
            }
        )

    def _import(self, settlement, rows):
        content = "\n".join(";".join(row) for row in rows).encode()
        wizard = self.env["factoring.settlement.import"].create(
            {"settlement_id": settlement.id, "file": base64.b64encode(content), "filename": "statement.csv"}
        )
        wizard.action_import()
        return wizard

    def test_unbalanced_settlement_refused_with_figures_nothing_posted(self):
        invoice = self._create_invoice(amount=1000.0)
        settlement = self._settlement(self._receivable(invoice), amount_to_settle=1000.0)
        self._line(settlement, invoice).fee_amount = 10.0
        moves_before = self.env["account.move"].search_count([])
        with self.assertRaises(UserError) as caught:
            settlement.action_post()
        message = str(caught.exception)
        self.assertIn(f"Settlement {settlement.name} cannot be posted", message)
        text = message.replace("\xa0", " ").replace("\ufeff", "")  # Odoo's number formatting spaces
        self.assertIn(
            "Open must be zero: the amount to settle is 1,000.00 €, the settled amount is 1,180.00 €, the difference "
            "is -180.00 € (settled items 1,190.00 €, deductions 0.00 €, fees 10.00 €, retention 0.00 €, other items "
            "0.00 €).",
            text,
        )
        self.assertEqual(settlement.state, "draft")
        self.assertFalse(settlement.move_id)
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
        self.assertAlmostEqual(invoice.amount_residual, 1190.0)
        self.assertEqual(invoice.factoring_state, "to_transfer")

    def test_statement_row_matching_two_documents_is_ambiguous_and_adds_nothing(self):
        first = self._create_invoice(amount=10.0, payment_reference="ORDER 815")
        second = self._create_invoice(amount=20.0, payment_reference="ORDER 815")
        single = self._create_invoice(amount=30.0)
        settlement = self._settlement()
        wizard = self._import(settlement, [["Beleg", "Betrag"], ["order 815", "11,90"], [single.name, "35,70"]])
        self.assertEqual(wizard.matched_count, 1)
        self.assertEqual(wizard.problem_count, 1)
        self.assertEqual(settlement.line_ids.document_id, single, "only the unambiguous row became an item")
        self.assertIn("Ambiguous", wizard.result)
        self.assertIn("Several open items match", wizard.result)
        self.assertIn(first.name, wizard.result)
        self.assertIn(second.name, wizard.result)
        self.assertIn("order 815", wizard.result)
        self.assertIn("Ambiguous", settlement.message_ids[:1].body, "the result is kept in the chatter")
        self.assertEqual((first | second).mapped("amount_residual"), [11.9, 23.8])

    def test_factor_without_fee_or_retention_account(self):
        self.factor.write({"fee_account_id": False, "retention_account_id": False})
        invoice = self._create_invoice(amount=1000.0)
        settlement = self._settlement(self._receivable(invoice), amount_to_settle=1061.0)
        line = self._line(settlement, invoice)
        line.write({"fee_amount": 10.0, "retention_amount": 119.0})
        self.assertAlmostEqual(settlement.amount_open, 0.0)
        with self.assertRaises(UserError) as caught:
            settlement.action_post()
        message = str(caught.exception)
        self.assertIn(f"Factor {self.factor.display_name} has no fee account.", message)
        self.assertIn(f"Factor {self.factor.display_name} has no security retention account.", message)
        self.assertEqual(settlement.state, "draft")
        self.assertFalse(settlement.move_id)
        self.assertAlmostEqual(invoice.amount_residual, 1190.0)

    def test_settlement_entry_reset_to_draft_refused(self):
        """Resetting the settlement's entry would reopen the items behind the posted settlement: refused."""
        invoice = self._create_invoice(amount=1000.0)
        settlement = self._settlement(self._receivable(invoice), amount_to_settle=1190.0)
        settlement.action_post()
        self.assertEqual(invoice.factoring_state, "settled")
        move = settlement.move_id
        for action in (move.button_draft, move.button_cancel):
            with self.subTest(action=action.__name__), self.assertRaises(UserError) as caught:
                action()
            self.assertIn(f"{move.name} were made by settlement {settlement.name}", str(caught.exception))
        self.assertEqual(move.state, "posted")
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertEqual(invoice.factoring_state, "settled")
        with self.assertRaisesRegex(UserError, "were transferred to the factor"):
            invoice.button_draft()
        # Cancelling the settlement is the way back.
        settlement.action_cancel()
        self.assertAlmostEqual(invoice.amount_residual, 1190.0)
        self.assertEqual(invoice.factoring_state, "to_transfer")

    def test_cancelling_a_batch_the_factor_already_settled_is_refused(self):
        invoice = self._create_invoice(amount=1000.0)
        wizard = self.env["factoring.transfer"].create({"factor_id": self.factor.id})
        batch = wizard._create_batches()
        batch.action_confirm()
        clearing = batch.move_id.line_ids.filtered(lambda aml: aml.account_id == self.clearing_account)
        settlement = self._settlement(clearing, amount_to_settle=1190.0)
        settlement.action_post()
        self.assertEqual(invoice.factoring_state, "settled")
        with self.assertRaises(UserError) as caught:
            batch.action_cancel()
        message = str(caught.exception)
        self.assertIn(f"Batch {batch.name} cannot be cancelled: the factor already settled", message)
        self.assertIn(invoice.name, message)
        self.assertIn("Cancel the settlement first", message)
        self.assertEqual(batch.state, "confirmed")
        self.assertFalse(batch.reversal_move_id)
        self.assertEqual(invoice.factoring_state, "settled")
        # In the order the message gives, both go.
        settlement.action_cancel()
        batch.action_cancel()
        self.assertEqual(batch.state, "cancelled")
        self.assertAlmostEqual(invoice.amount_residual, 1190.0)
        self.assertEqual(invoice.factoring_state, "to_transfer")

    def test_user_of_another_company_cannot_settle_our_items(self):
        invoice = self._create_invoice(amount=1000.0)
        settlement = self._settlement(self._receivable(invoice), amount_to_settle=1190.0)
        stranger = self._stranger("settlement_stranger_rel")
        env = self.env(user=stranger)
        with self.assertRaises(AccessError):
            settlement.with_env(env).action_post()
        with self.assertRaises(AccessError):
            env["factoring.settlement.line"].browse(settlement.line_ids.id).write({"amount_settled": 1.0})
        with self.assertRaises(UserError) as caught, self.env.cr.savepoint():
            env["factoring.settlement"].create({"factor_id": self.factor.id, "amount_to_settle": 1190.0})
        self.assertIn("company inconsistencies", str(caught.exception))
        self.assertIn(self.factor.display_name, str(caught.exception))
        with self.assertRaises(AccessError):
            settlement.with_env(env)._add_move_lines(self._receivable(invoice).with_env(env))
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            env["factoring.settlement.import"].create(
                {"settlement_id": settlement.id, "file": base64.b64encode(b"Beleg;Betrag\n"), "filename": "x.csv"}
            ).action_import()
        self.assertEqual(settlement.state, "draft")
        self.assertAlmostEqual(self._line(settlement, invoice).amount_settled, 1190.0)
        self.assertAlmostEqual(invoice.amount_residual, 1190.0)
