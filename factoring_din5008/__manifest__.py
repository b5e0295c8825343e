# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Factoring DIN 5008",
    "summary": "DIN 5008 invoices of factored customers name the factor's bank account, not the company's",
    "version": "19.0.1.0.0",
    "category": "Accounting/Localizations",
    "author": "Odoo Factoring contributors",
    "maintainers": ["odoo-factoring"],
    "website": "https://github.com/odoo-factoring/odoo-factoring",
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["factoring_base", "l10n_din5008"],
    "data": [
        "report/din5008_report.xml",
    ],
    "auto_install": True,
}
