# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# UNTDID 4451 text subject code "factor assignment clause".
ASSIGNMENT_SUBJECT_CODE = "ACC"
# UNTDID 4461 payment means: SEPA credit transfer, and credit transfer (non-SEPA).
SEPA_CREDIT_TRANSFER = 58
CREDIT_TRANSFER = 30
FACTORED_MOVE_TYPES = ("out_invoice", "out_refund")


class AccountEdiCommon(models.AbstractModel):
    _inherit = "account.edi.common"

    # The data of EN 16931 BG-10 (payee), BG-16/BG-17 (payment account) and the assignment clause, shared by the
    # UBL and the CII builders. Every helper returns nothing for a document that is not factored: such a document's
    # XML stays exactly Odoo's.

    def _factoring_edi_factor(self, invoice):
        """The factor a customer invoice or credit note is assigned to, or an empty recordset."""
        if invoice.move_type not in FACTORED_MOVE_TYPES:
            return self.env["factoring.factor"]
        return invoice.factor_id.sudo()

    def _factoring_edi_payee_vals(self, invoice):
        """BT-59 name, BT-60 identifier (with its scheme when known), BT-61 legal registration of the factor."""
        factor = self._factoring_edi_factor(invoice)
        if not factor:
            return {}
        partner = factor.partner_id.commercial_partner_id
        identifier, scheme = False, False
        # An ISO 6523 ICD scheme (e.g. 0088 GLN) from the factor's Peppol address; the 99xx codes are EAS-only.
        if partner.peppol_eas and partner.peppol_endpoint and not partner.peppol_eas.startswith("99"):
            identifier, scheme = partner.peppol_endpoint, partner.peppol_eas
        elif partner.vat:
            identifier = partner.vat
        return {
            "name": partner.name,
            "identifier": identifier,
            "identifier_scheme": scheme,
            "legal_registration": partner.company_registry or False,
        }

    def _factoring_edi_bank(self, invoice):
        """The factor's bank account the debtor pays to (also on credit notes, whose own account is the customer's)."""
        return self._factoring_edi_factor(invoice).bank_account_id

    def _factoring_edi_payment_means_code(self, invoice, bank):
        """58 (SEPA credit transfer) for a euro payment to an IBAN, else 30 (credit transfer)."""
        if bank.acc_type == "iban" and invoice.currency_id.name == "EUR":
            return SEPA_CREDIT_TRANSFER
        return CREDIT_TRANSFER

    def _factoring_edi_notice(self, invoice):
        """The assignment clause the debtor must read, in the debtor's language."""
        if not self._factoring_edi_factor(invoice):
            return False
        return (invoice.factor_notice or "").strip() or False

    def _factoring_edi_preceding_invoice(self, invoice):
        """The factored invoice a credit note reverses (BT-25/BT-26)."""
        if invoice.move_type == "out_refund" and self._factoring_edi_factor(invoice):
            return invoice.reversed_entry_id
        return self.env["account.move"]
