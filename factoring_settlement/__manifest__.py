# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Factoring Settlement",
    "summary": "Book a factor statement against many customers' open items in one entry",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "Odoo Factoring contributors",
    "maintainers": ["odoo-factoring"],
    "website": "https://github.com/odoo-factoring/odoo-factoring",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["factoring_base"],
    "external_dependencies": {"python": ["openpyxl"]},
    "data": [
        "security/ir.model.access.csv",
        "security/factoring_settlement_security.xml",
        "data/ir_sequence_data.xml",
        "data/factoring_deduction_reason_data.xml",
        "views/factoring_settlement.xml",
        "wizards/factoring_settlement_wizards.xml",
        "wizards/factoring_settle_batch.xml",
        "views/factoring_return.xml",
        "data/factoring_settlement_job_cron.xml",
        "views/factoring_settlement_job.xml",
    ],
    "demo": [
        "demo/factoring_settlement_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "factoring_settlement/static/tests/tours/**/*",
        ],
    },
}
