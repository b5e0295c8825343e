# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Factoring Export A.B.S.",
    "summary": "A.B.S. Factoring Excel exports of debtors and documents",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "Odoo Factoring contributors",
    "maintainers": ["odoo-factoring"],
    "website": "https://github.com/odoo-factoring/odoo-factoring",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["factoring_base"],
    "external_dependencies": {"python": ["xlsxwriter", "python-stdnum"]},
    "data": [
        "views/account_move.xml",
        "views/res_partner.xml",
    ],
    "demo": [
        "demo/factoring_demo.xml",
    ],
}
