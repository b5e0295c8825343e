# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Swiss QR-bill (l10n_ch) of a transferred document asks for what the customer owes the factor.

Odoo builds the QR-bill from ``amount_residual``, which the rebooking entry of the transfer brings to zero: a copy
printed after the transfer would ask the customer for 0.00. The amount due comes from factoring_base's
``account.move._get_factoring_amount_due`` (the invoice's own QR code and amount due use the same rule).
"""

from odoo import api, models

from odoo.addons.factoring_base.models.account_move_report import QR_AMOUNT_KEY


class ReportL10nChQrReportMain(models.AbstractModel):
    _inherit = "report.l10n_ch.qr_report_main"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        for invoice in values["docs"].filtered("factor_id"):
            due = invoice._get_factoring_amount_due()
            if invoice.currency_id.compare_amounts(due, invoice.amount_residual):
                factored = super(ReportL10nChQrReportMain, self.with_context(**{QR_AMOUNT_KEY: due}))
                values["qr_code_urls"][invoice.id] = factored._get_report_values(invoice.ids, data=data)[
                    "qr_code_urls"
                ][invoice.id]
        return values
