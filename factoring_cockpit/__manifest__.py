# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Factoring Cockpit",
    "summary": "Per factor: waiting, open and overdue at the factor, retention, payments to forward, reconciliation",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "Odoo Factoring contributors",
    "maintainers": ["odoo-factoring"],
    "website": "https://github.com/odoo-factoring/odoo-factoring",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["factoring_misdirected"],
    "data": [
        "security/ir.model.access.csv",
        "security/factoring_cockpit_security.xml",
        "report/factoring_document_report.xml",
        "report/factoring_month_report.xml",
        "views/factoring_factor.xml",
    ],
    "demo": [
        "demo/factoring_cockpit_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "factoring_cockpit/static/tests/tours/**/*",
        ],
    },
}
