# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.account_edi_ubl_cii.tools import ubl_21_common as cac

from .account_edi_common import ASSIGNMENT_SUBJECT_CODE


def _with_payee_nodes(template):
    """A copy of a UBL document template that also defines cac:PayeeParty (after the customer, the schema's order)
    and the payment account's name (BT-85). Odoo's shared template dicts are never changed; a template that already
    defines these nodes (a later Odoo) is taken as it is."""
    extended = {}
    for key, value in template.items():
        if key == "cac:PaymentMeans" and "cbc:Name" not in value.get("cac:PayeeFinancialAccount", {"cbc:Name": 1}):
            account = {}
            for account_key, account_value in value["cac:PayeeFinancialAccount"].items():
                account[account_key] = account_value
                if account_key == "cbc:ID":
                    account["cbc:Name"] = {}
            value = {**value, "cac:PayeeFinancialAccount": account}
        extended[key] = value
        if key == "cac:AccountingCustomerParty" and "cac:PayeeParty" not in template:
            extended["cac:PayeeParty"] = cac.Party
    return extended


class AccountEdiXmlUbl20(models.AbstractModel):
    _inherit = "account.edi.xml.ubl_20"

    def _get_document_template(self, vals):
        # EXTENDS account_edi_ubl_cii
        template = super()._get_document_template(vals)
        if vals["document_type"] not in ("invoice", "credit_note", "debit_note"):
            return template
        return _with_payee_nodes(template)

    def _factoring_edi_single_note(self, vals):
        """Whether the format allows only one document-level note (the assignment clause is then merged into it)."""
        return False

    def _add_invoice_header_nodes(self, document_node, vals):
        # EXTENDS account_edi_ubl_cii: the assignment clause (note with subject code ACC) and, on a credit note,
        # the factored invoice it reverses.
        res = super()._add_invoice_header_nodes(document_node, vals)
        invoice = vals["invoice"]
        notice = self._factoring_edi_notice(invoice)
        if notice:
            notes = document_node.get("cbc:Note") or []
            notes = [notes] if isinstance(notes, dict) else list(notes)
            if self._factoring_edi_single_note(vals) and notes:
                text = "\n".join([notice, *(note["_text"] for note in notes)])
                document_node["cbc:Note"] = {"_text": f"#{ASSIGNMENT_SUBJECT_CODE}#{text}"}
            else:
                document_node["cbc:Note"] = [*notes, {"_text": f"#{ASSIGNMENT_SUBJECT_CODE}#{notice}"}]
        preceding = self._factoring_edi_preceding_invoice(invoice)
        if preceding and not document_node.get("cac:BillingReference"):
            document_node["cac:BillingReference"] = {
                "cac:InvoiceDocumentReference": {
                    "cbc:ID": {"_text": preceding.name},
                    "cbc:IssueDate": {"_text": preceding.invoice_date},
                }
            }
        return res

    def _add_invoice_accounting_customer_party_nodes(self, document_node, vals):
        # EXTENDS account_edi_ubl_cii: the factor as payee (EN 16931 BG-10), unless a payee is already written.
        super()._add_invoice_accounting_customer_party_nodes(document_node, vals)
        payee = self._factoring_edi_payee_vals(vals["invoice"])
        if not payee or document_node.get("cac:PayeeParty"):
            return
        document_node["cac:PayeeParty"] = {
            "cac:PartyIdentification": {
                "cbc:ID": {"_text": payee["identifier"], "schemeID": payee["identifier_scheme"]},
            }
            if payee["identifier"]
            else None,
            "cac:PartyName": {"cbc:Name": {"_text": payee["name"]}},
            "cac:PartyLegalEntity": {"cbc:CompanyID": {"_text": payee["legal_registration"]}}
            if payee["legal_registration"]
            else None,
        }

    def _add_invoice_payment_means_nodes(self, document_node, vals):
        # EXTENDS account_edi_ubl_cii: the debtor pays to the factor's account (BG-17), by credit transfer.
        super()._add_invoice_payment_means_nodes(document_node, vals)
        invoice = vals["invoice"]
        bank = self._factoring_edi_bank(invoice)
        payment_means = document_node.get("cac:PaymentMeans")
        if not bank or not payment_means:
            return
        payment_means = {
            **payment_means,
            "cac:PayeeFinancialAccount": {
                **self._get_financial_account_node({**vals, "partner_bank": bank}),
                "cbc:Name": {"_text": bank.acc_holder_name or bank.partner_id.name},
            },
        }
        if invoice.move_type == "out_invoice":
            payment_means["cbc:PaymentMeansCode"] = {
                "_text": self._factoring_edi_payment_means_code(invoice, bank),
                "name": "credit transfer",
            }
        document_node["cac:PaymentMeans"] = payment_means
