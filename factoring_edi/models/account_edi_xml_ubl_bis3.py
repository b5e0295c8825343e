# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountEdiXmlUblBis3(models.AbstractModel):
    _inherit = "account.edi.xml.ubl_bis3"

    def _factoring_edi_single_note(self, vals):
        # EXTENDS factoring_edi: PEPPOL-EN16931-R002 allows one document note unless seller and buyer are German.
        parties = vals["supplier"].commercial_partner_id | vals["customer"].commercial_partner_id
        countries = set(parties.mapped("country_code"))
        return countries != {"DE"}


class AccountEdiXmlUblDe(models.AbstractModel):
    _inherit = "account.edi.xml.ubl_de"

    def _factoring_edi_single_note(self, vals):
        # EXTENDS factoring_edi: XRechnung is not bound by the Peppol one-note rule; its notes carry subject codes.
        return False
