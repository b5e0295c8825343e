# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from .account_edi_common import ASSIGNMENT_SUBJECT_CODE


class AccountEdiXmlCii(models.AbstractModel):
    _inherit = "account.edi.xml.cii"

    def _factoring_edi_odoo_writes_payee(self):
        """Guard: a later Odoo whose own CII template writes a payee gets no second one from us."""
        view = self.env.ref("account_edi_ubl_cii.account_invoice_facturx_export_22", raise_if_not_found=False)
        return bool(view) and "PayeeTradeParty" in (view.sudo().arch_db or "")

    def _export_invoice_vals(self, invoice):
        # EXTENDS account_edi_ubl_cii: the values the factoring part of the CII template renders (see
        # data/cii_templates.xml); all empty for a document that is not factored.
        vals = super()._export_invoice_vals(invoice)
        payee = self._factoring_edi_payee_vals(invoice)
        bank = self._factoring_edi_bank(invoice)
        vals.update(
            {
                "factoring_notice": self._factoring_edi_notice(invoice),
                "factoring_subject_code": ASSIGNMENT_SUBJECT_CODE,
                "factoring_payee": payee if payee and not self._factoring_edi_odoo_writes_payee() else False,
                "factoring_bank": bank,
                "factoring_payment_means_code": bank and self._factoring_edi_payment_means_code(invoice, bank),
                "factoring_preceding_invoice": self._factoring_edi_preceding_invoice(invoice),
            }
        )
        return vals
