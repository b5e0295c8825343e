# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools.misc import format_date


class FactoringBatch(models.Model):
    _inherit = "factoring.batch"

    def draft2confirmed(self):
        # EXTENDS factoring_base: after a successful A.B.S. export, stamp the export date (same transaction).
        res = super().draft2confirmed()
        if self.factor_id.export_format == "abs":
            self._abs_stamp_export_dates()
        return res

    def _abs_stamp_export_dates(self):
        """Every document of the batch and every debtor written to the debtors workbook gets today's date."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        debtors = self.factor_id._abs_exported_partners(self)
        # Only the stamp changes: no invoice line synchronisation, and the document is not "manually modified".
        self.line_ids.move_id.with_context(skip_invoice_sync=True, skip_is_manually_modified=True).write(
            {"factor_export_date": today}
        )
        # sudo: a Factoring User confirms batches without the right to edit customers; the stamp is the system's.
        debtors.sudo().with_company(self.company_id).write({"factor_export_date": today})
        self.message_post(
            body=self.env._(
                "Exported to the factor on %(date)s: %(docs)s documents and %(debtors)s debtors carry the export "
                "date now.",
                date=format_date(self.env, today),
                docs=len(self.line_ids),
                debtors=len(debtors),
            )
        )
