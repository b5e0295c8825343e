# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Factoring Base",
    "summary": "Sell customer invoices to a factoring company: factors, assigned customers and invoices",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "Odoo Factoring contributors",
    "maintainers": ["odoo-factoring"],
    "website": "https://github.com/odoo-factoring/odoo-factoring",
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["account"],
    "external_dependencies": {"python": ["paramiko>=3.4", "xlsxwriter"]},
    "data": [
        "security/factoring_security.xml",
        "security/ir.model.access.csv",
        "views/factoring_factor.xml",
        "views/factoring_batch.xml",
        "wizards/factoring_transfer.xml",
        "wizards/factoring_transfer_volume.xml",
        "wizards/factoring_host_key.xml",
        "wizards/factoring_reconciliation.xml",
        "data/factoring_cron.xml",
        "data/factoring_job_cron.xml",
        "views/factoring_background.xml",
        "views/res_partner.xml",
        "views/account_move.xml",
        "views/factoring_menus.xml",
        "report/report_invoice.xml",
        "report/factoring_batch_report.xml",
        "report/factoring_reconciliation_report.xml",
    ],
    "demo": [
        "demo/factoring_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "factoring_base/static/src/**/*",
        ],
        "web.assets_tests": [
            "factoring_base/static/tests/tours/**/*",
        ],
    },
}
