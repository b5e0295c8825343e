# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Factoring Misdirected Payments",
    "summary": "A debtor paid a factored invoice to us: book it for the factor, forward it, settle it",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "Odoo Factoring contributors",
    "maintainers": ["odoo-factoring"],
    "website": "https://github.com/odoo-factoring/odoo-factoring",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["factoring_settlement"],
    "data": [
        "security/ir.model.access.csv",
        "security/factoring_misdirected_security.xml",
        "data/ir_sequence_data.xml",
        "views/factoring_misdirected_payment.xml",
        "views/account_bank_statement_line.xml",
        "views/factoring_factor.xml",
        "views/account_move.xml",
        "views/account_payment.xml",
        "views/factoring_reconciliation.xml",
        "report/factoring_reconciliation_report.xml",
        "wizards/factoring_misdirected_wizard.xml",
    ],
    "demo": [
        "demo/factoring_misdirected_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "factoring_misdirected/static/tests/tours/**/*",
        ],
    },
}
