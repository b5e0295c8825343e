# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Factoring Switzerland",
    "summary": "The Swiss QR-bill of a factored invoice asks for what the customer owes the factor",
    "version": "19.0.1.0.0",
    "category": "Accounting/Localizations",
    "author": "Odoo Factoring contributors",
    "maintainers": ["odoo-factoring"],
    "website": "https://github.com/odoo-factoring/odoo-factoring",
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["factoring_base", "l10n_ch"],
    "data": [
        "report/swissqr_report.xml",
    ],
    "auto_install": True,
}
