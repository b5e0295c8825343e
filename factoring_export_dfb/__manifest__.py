# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Factoring Export DFB",
    "summary": "DFB Deutsche Factoring Bank fixed-width transfer file",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "Odoo Factoring contributors",
    "maintainers": ["odoo-factoring"],
    "website": "https://github.com/odoo-factoring/odoo-factoring",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["factoring_base"],
    "external_dependencies": {"python": ["unidecode"]},
    "data": [
        "security/ir.model.access.csv",
        "views/factoring_batch.xml",
        "views/factoring_factor.xml",
    ],
    "demo": [
        "demo/factoring_demo.xml",
    ],
}
