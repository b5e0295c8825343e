# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from lxml import etree

from odoo.tests import tagged

from odoo.addons.account.tools import dict_to_xml
from odoo.addons.account_edi_ubl_cii.tools import CreditNote, DebitNote, Invoice
from odoo.addons.factoring_base.tests.common import FactoringCommon
from odoo.addons.factoring_edi.models.account_edi_common import AccountEdiCommon

from .edi_rules import validate

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}
FACTOR_IBAN = "DE89370400440532013000"
FACTOR_GLN = "4000001000005"
FACTOR_REGISTRY = "HRB 99999"
NOTICE = "This receivable has been assigned to Test Factoring Bank AG."
FORMATS = ("ubl_bis3", "ubl_de", "cii")


@tagged("post_install", "-at_install")
class TestFactoredEInvoice(FactoringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.write(
            {
                "street": "Hauptstraße 1",
                "zip": "10115",
                "city": "Berlin",
                "vat": "DE123456788",
                "phone": "+49 30 1234567",
                "email": "rechnung@example.com",
            }
        )
        cls.factor_partner.write(
            {"company_registry": FACTOR_REGISTRY, "peppol_eas": "0088", "peppol_endpoint": FACTOR_GLN}
        )
        address = {"is_company": True, "lang": "en_US", "factor_id": cls.factor.id}
        cls.customer_fr = cls.env["res.partner"].create(
            {
                **address,
                "name": "Dupont SARL",
                "street": "12 rue de la Paix",
                "zip": "75002",
                "city": "Paris",
                "country_id": cls.env.ref("base.fr").id,
                "vat": "FR23334175221",
            }
        )
        cls.customer_ch = cls.env["res.partner"].create(
            {
                **address,
                "name": "Keller AG",
                "street": "Bahnhofstrasse 1",
                "zip": "8001",
                "city": "Zürich",
                "country_id": cls.env.ref("base.ch").id,
                "vat": "CHE-123.456.788 MWST",
            }
        )
        cls.unassigned_customer.write(
            {
                "street": "Marktplatz 3",
                "zip": "80331",
                "city": "München",
                "country_id": cls.env.ref("base.de").id,
                "vat": "DE123456788",
            }
        )

    @classmethod
    def _create_invoice(cls, partner=None, amount=1000.0, move_type="out_invoice", post=True, currency=None, **vals):
        # Odoo's CII names an item (BT-153, BR-25) only from its product: the lines carry one.
        move = super()._create_invoice(partner, amount, move_type, post=False, currency=currency, **vals)
        tax = cls.company_data["default_tax_sale"]
        move.invoice_line_ids.write({"product_id": cls.product_a.id})
        move.invoice_line_ids.write({"name": "Machine part", "price_unit": amount, "tax_ids": [(6, 0, tax.ids)]})
        if post:
            move.action_post()
        return move

    def _export(self, fmt, move):
        xml, _errors = self.env[f"account.edi.xml.{fmt}"]._export_invoice(move)
        return xml

    def _refund(self, invoice):
        refund = invoice._reverse_moves(cancel=False)
        refund.action_post()
        return refund

    def _assert_valid(self, xml, fmt, move):
        kind = "cii" if fmt == "cii" else "ubl_credit_note" if move.move_type == "out_refund" else "ubl_invoice"
        problems = validate(xml, kind)
        self.assertFalse(problems, "EN 16931 rules fired on %s %s:\n%s" % (fmt, move.name, "\n".join(problems)))

    def _xpath(self, xml, path):
        return etree.fromstring(xml).xpath(path, namespaces=NS)

    def _assert_factored_ubl(self, xml, move):
        self.assertEqual(self._xpath(xml, "count(/*/cac:PayeeParty)"), 1)
        payee = "/*/cac:PayeeParty"
        self.assertEqual(self._xpath(xml, f"string({payee}/cac:PartyName/cbc:Name)"), "Test Factoring Bank AG")
        identifier = f"string({payee}/cac:PartyIdentification/cbc:ID[@schemeID='0088'])"
        self.assertEqual(self._xpath(xml, identifier), FACTOR_GLN)
        self.assertEqual(self._xpath(xml, f"string({payee}/cac:PartyLegalEntity/cbc:CompanyID)"), FACTOR_REGISTRY)
        account = "/*/cac:PaymentMeans/cac:PayeeFinancialAccount"
        self.assertEqual(self._xpath(xml, f"string({account}/cbc:ID)"), FACTOR_IBAN)
        self.assertEqual(self._xpath(xml, f"string({account}/cbc:Name)"), "Test Factoring Bank AG")
        self.assertEqual(self._xpath(xml, f"string({account}/cac:FinancialInstitutionBranch/cbc:ID)"), "FACTDEFFXXX")
        acc_notes = self._xpath(xml, "/*/cbc:Note[starts-with(., '#ACC#')]/text()")
        self.assertEqual(len(acc_notes), 1)
        self.assertIn(NOTICE, acc_notes[0])
        if move.move_type == "out_invoice":
            self.assertEqual(self._xpath(xml, "string(/*/cac:PaymentMeans/cbc:PaymentMeansCode)"), "58")
        else:
            ref = "/*/cac:BillingReference/cac:InvoiceDocumentReference"
            self.assertEqual(self._xpath(xml, f"string({ref}/cbc:ID)"), move.reversed_entry_id.name)

    def _assert_factored_cii(self, xml, move):
        payee = "//ram:ApplicableHeaderTradeSettlement/ram:PayeeTradeParty"
        self.assertEqual(self._xpath(xml, f"count({payee})"), 1)
        self.assertEqual(self._xpath(xml, f"string({payee}/ram:Name)"), "Test Factoring Bank AG")
        self.assertEqual(self._xpath(xml, f"string({payee}/ram:GlobalID[@schemeID='0088'])"), FACTOR_GLN)
        self.assertEqual(self._xpath(xml, f"string({payee}/ram:SpecifiedLegalOrganization/ram:ID)"), FACTOR_REGISTRY)
        means = "//ram:SpecifiedTradeSettlementPaymentMeans"
        self.assertEqual(self._xpath(xml, f"string({means}/ram:TypeCode)"), "58")
        account = f"{means}/ram:PayeePartyCreditorFinancialAccount"
        self.assertEqual(self._xpath(xml, f"string({account}/ram:IBANID)"), FACTOR_IBAN)
        self.assertEqual(self._xpath(xml, f"string({account}/ram:AccountName)"), "Test Factoring Bank AG")
        bic = f"string({means}/ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID)"
        self.assertEqual(self._xpath(xml, bic), "FACTDEFFXXX")
        self.assertEqual(self._xpath(xml, "string(//ram:IncludedNote[ram:SubjectCode='ACC']/ram:Content)"), NOTICE)
        if move.move_type == "out_refund":
            ref = "string(//ram:InvoiceReferencedDocument/ram:IssuerAssignedID)"
            self.assertEqual(self._xpath(xml, ref), move.reversed_entry_id.name)

    def test_factored_documents_pass_en16931_rules(self):
        for customer in (self.customer, self.customer_fr, self.customer_ch):
            invoice = self._create_invoice(partner=customer)
            for move in (invoice, self._refund(invoice)):
                for fmt in FORMATS:
                    with self.subTest(customer=customer.country_code, move=move.move_type, fmt=fmt):
                        xml = self._export(fmt, move)
                        self._assert_valid(xml, fmt, move)
                        if fmt == "cii":
                            self._assert_factored_cii(xml, move)
                        else:
                            self._assert_factored_ubl(xml, move)

    def test_peppol_one_note_outside_germany(self):
        # PEPPOL-EN16931-R002: one note unless seller and buyer are German; XRechnung keeps notes apart.
        invoice_fr = self._create_invoice(partner=self.customer_fr, narration="Delivered in two parts.")
        notes = self._xpath(self._export("ubl_bis3", invoice_fr), "/*/cbc:Note/text()")
        self.assertEqual(notes, [f"#ACC#{NOTICE}\nDelivered in two parts."])
        notes = self._xpath(self._export("ubl_de", invoice_fr), "/*/cbc:Note/text()")
        self.assertEqual(notes, ["Delivered in two parts.", f"#ACC#{NOTICE}"])
        invoice_de = self._create_invoice(narration="Delivered in two parts.")
        notes = self._xpath(self._export("ubl_bis3", invoice_de), "/*/cbc:Note/text()")
        self.assertEqual(notes, ["Delivered in two parts.", f"#ACC#{NOTICE}"])

    def test_unfactored_invoice_unchanged(self):
        invoice = self._create_invoice(partner=self.unassigned_customer, narration="Thank you.")
        refund = self._refund(invoice)
        for move in (invoice, refund):
            for fmt in FORMATS:
                with self.subTest(move=move.move_type, fmt=fmt):
                    xml = self._export(fmt, move)
                    self._assert_valid(xml, fmt, move)
                    # The addon's hooks switched off give the same bytes...
                    no_factor = lambda _builder, inv: inv.factor_id.browse()  # noqa: E731
                    switched_off = patch.object(AccountEdiCommon, "_factoring_edi_factor", no_factor)
                    with switched_off:
                        self.assertEqual(self._export(fmt, move), xml)
                    if fmt == "cii":
                        continue
                    # ...and so does Odoo's own UBL template (without the payee nodes the addon adds to it).
                    builder = self.env[f"account.edi.xml.{fmt}"]
                    vals = {"invoice": move.with_context(lang=move.partner_id.lang)}
                    node = builder._get_invoice_node(vals)
                    template = Invoice if move.move_type == "out_invoice" else CreditNote
                    odoo_xml = etree.tostring(
                        dict_to_xml(node, nsmap=builder._get_document_nsmap(vals), template=template),
                        xml_declaration=True,
                        encoding="UTF-8",
                    )
                    self.assertEqual(odoo_xml, xml)

    def test_non_euro_invoice_is_plain_credit_transfer(self):
        chf = self.setup_other_currency("CHF")
        invoice = self._create_invoice(partner=self.customer_ch, currency=chf)
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                xml = self._export(fmt, invoice)
                self._assert_valid(xml, fmt, invoice)
                code = "//ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode" if fmt == "cii" else (
                    "/*/cac:PaymentMeans/cbc:PaymentMeansCode"
                )
                self.assertEqual(self._xpath(xml, f"string({code})"), "30")

    def test_unfactored_cii_same_without_addon_template(self):
        # The addon's CII template extension switched off (its view archived) renders the same bytes.
        invoice = self._create_invoice(partner=self.unassigned_customer, narration="Thank you.")
        refund = self._refund(invoice)
        with_addon = [self._export("cii", move) for move in (invoice, refund)]
        self.env.ref("factoring_edi.account_invoice_facturx_export_22_factoring").active = False
        self.env.registry.clear_cache("templates")
        # Runs before the test's rollback: no template compiled without the extension outlives this test.
        self.addCleanup(self.env.registry.clear_cache, "templates")
        self.assertEqual([self._export("cii", move) for move in (invoice, refund)], with_addon)
        # ...while a factored invoice shows the difference, so the switch is real.
        factored = self._create_invoice()
        self.assertNotIn(b"PayeeTradeParty", self._export("cii", factored))

    def test_templates_extended_not_mutated(self):
        # Invoice, credit note and debit note (account_debit_note) templates get the payee after the customer and
        # the account name after the IBAN, in copies: Odoo's shared template dicts stay as they are.
        builder = self.env["account.edi.xml.ubl_bis3"]
        odoo_templates = {"invoice": Invoice, "credit_note": CreditNote, "debit_note": DebitNote}
        for document_type, odoo_template in odoo_templates.items():
            with self.subTest(document_type=document_type):
                template = builder._get_document_template({"document_type": document_type})
                keys = list(template)
                self.assertEqual(keys[keys.index("cac:AccountingCustomerParty") + 1], "cac:PayeeParty")
                account = list(template["cac:PaymentMeans"]["cac:PayeeFinancialAccount"])
                self.assertEqual(account[:2], ["cbc:ID", "cbc:Name"])
                self.assertNotIn("cac:PayeeParty", odoo_template)
                self.assertNotIn("cbc:Name", odoo_template["cac:PaymentMeans"]["cac:PayeeFinancialAccount"])

    def test_never_two_payees(self):
        # A later Odoo that writes a payee itself keeps its own: the addon adds none.
        builder = self.env["account.edi.xml.ubl_bis3"]
        invoice = self._create_invoice()
        vals = {"invoice": invoice}
        builder._add_invoice_config_vals(vals)
        node = {"cac:PayeeParty": {"cac:PartyName": {"cbc:Name": {"_text": "Odoo's payee"}}}}
        builder._add_invoice_accounting_customer_party_nodes(node, vals)
        self.assertEqual(node["cac:PayeeParty"], {"cac:PartyName": {"cbc:Name": {"_text": "Odoo's payee"}}})

    def test_send_wizard_factur_x_carries_the_factor(self):
        # The send wizard's Factur-X (embedded in the PDF; under test Odoo attaches it to the invoice instead).
        self.customer.invoice_edi_format = "facturx"
        invoice = self._create_invoice()
        self.env["account.move.send"]._generate_and_send_invoices(invoice, sending_methods=["manual"])
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "account.move"), ("res_id", "=", invoice.id), ("name", "=", "factur-x.xml")]
        )
        embedded = attachment.raw
        self._assert_valid(embedded, "cii", invoice)
        self._assert_factored_cii(embedded, invoice)
