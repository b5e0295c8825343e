# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io

import zxingcpp
from PIL import Image

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


def read_qr_code(data_url):
    """The lines of text of a printed QR code (a ``data:image/png;base64,...`` URL as Odoo renders it), decoded from
    the image itself: the PNGs Odoo renders differ between calls, their content does not."""
    png = base64.b64decode(data_url.split(",", 1)[1])
    (code,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return code.text.split("\n")


class FactoringCommon(AccountTestInvoicingCommon):
    """A German company (SKR03) with one factor and factored customers, shared by every factoring test."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country("de")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.factor_partner = cls.env["res.partner"].create(
            {"name": "Test Factoring Bank AG", "is_company": True, "country_id": cls.env.ref("base.de").id}
        )
        cls.factor_bank = cls.env["res.partner.bank"].create(
            {
                "partner_id": cls.factor_partner.id,
                "acc_number": "DE89370400440532013000",
                "bank_id": cls.env["res.bank"].create({"name": "Factor Bank", "bic": "FACTDEFFXXX"}).id,
            }
        )
        cls.company_bank = cls.env["res.partner.bank"].create(
            {"partner_id": cls.company.partner_id.id, "acc_number": "DE02120300000000202051"}
        )
        cls.clearing_account = cls.env["account.account"].create(
            {
                "code": "1421",
                "name": "Receivables from factoring",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        cls.fee_account = cls.env["account.account"].create(
            {"code": "4971", "name": "Factoring fees", "account_type": "expense"}
        )
        cls.retention_account = cls.env["account.account"].create(
            {"code": "1418", "name": "Security retention", "account_type": "asset_current", "reconcile": True}
        )
        cls.misc_journal = cls.company_data["default_journal_misc"]
        cls.factor = cls.env["factoring.factor"].create(cls._factor_vals())
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Müller Maschinenbau GmbH",
                "is_company": True,
                "street": "Industriestraße 12",
                "zip": "70565",
                "city": "Stuttgart",
                "country_id": cls.env.ref("base.de").id,
                "vat": "DE123456788",
                "lang": "en_US",
                "factor_id": cls.factor.id,
                "factor_debtor_ref": "100101",
            }
        )
        cls.unassigned_customer = cls.env["res.partner"].create({"name": "Not Factored KG", "is_company": True})

    @classmethod
    def _create_factoring_user(cls, login, name, manager=False):
        """An internal user of the test company who is a Factoring User (or Manager) and nothing more."""
        group = "factoring_base.group_factoring_manager" if manager else "factoring_base.group_factoring_user"
        return new_test_user(
            cls.env,
            login=login,
            name=name,
            groups=group,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def _factor_vals(cls, **overrides):
        vals = {
            "code": "TFB",
            "name": "Test Factoring Bank",
            "partner_id": cls.factor_partner.id,
            "bank_account_id": cls.factor_bank.id,
            "factoring_type": "recourse",
            "fee_percent": 0.9,
            "client_number": "4711",
            "clearing_account_id": cls.clearing_account.id,
            "fee_account_id": cls.fee_account.id,
            "retention_account_id": cls.retention_account.id,
            "journal_id": cls.misc_journal.id,
            "rebook_receivables": True,
            "notice": "This receivable has been assigned to Test Factoring Bank AG.",
        }
        vals.update(overrides)
        return vals

    @classmethod
    def _setup_fees_at_transfer(cls, second_partner=None):
        """The factor books fees and retention at transfer (non-recourse, 10 % retention, 1 % fee on the gross
        amount with 19 % input VAT); sets ``cls.purchase_vat`` and the documents of the fee tests:
        ``cls.invoice`` 1,190.00, ``cls.invoice2`` 595.00 (of ``second_partner``, default the customer),
        ``cls.refund`` 119.00 (of ``cls.invoice``) and ``cls.documents`` (all three)."""
        cls.purchase_vat = cls.company_data["default_tax_purchase"]
        cls.factor.write({
            "factoring_type": "non_recourse",
            "reserve_percent": 10.0,
            "fee_percent": 1.0,
            "fee_tax_id": cls.purchase_vat.id,
            "book_fees_at_transfer": True,
        })
        cls.invoice = cls._create_invoice(amount=1000.0)
        cls.invoice2 = cls._create_invoice(partner=second_partner, amount=500.0)
        cls.refund = cls._create_invoice(amount=100.0, move_type="out_refund", ref=cls.invoice.name)
        cls.documents = cls.invoice | cls.invoice2 | cls.refund

    @classmethod
    def _create_invoice(cls, partner=None, amount=1000.0, move_type="out_invoice", post=True, currency=None, **vals):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": (partner or cls.customer).id,
                "invoice_date": vals.pop("invoice_date", "2026-11-02"),
                "currency_id": (currency or cls.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Machine part",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.set(cls.company_data["default_tax_sale"].ids)],
                        }
                    )
                ],
                **vals,
            }
        )
        if post:
            move.action_post()
        return move
