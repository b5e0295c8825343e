# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Factoring E-Invoices",
    "summary": "XRechnung, Peppol BIS 3 and Factur-X/ZUGFeRD of factored invoices name the factor as payee",
    "version": "19.0.1.0.0",
    "category": "Accounting/Localizations",
    "author": "Odoo Factoring contributors",
    "maintainers": ["odoo-factoring"],
    "website": "https://github.com/odoo-factoring/odoo-factoring",
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["factoring_base", "account_edi_ubl_cii"],
    "data": [
        "data/cii_templates.xml",
    ],
    "auto_install": True,
}
