# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A large statement is imported in the background: the file is attached to the settlement (a file the factor sent,
kept) and the settlement's job (``factoring.background.mixin``) runs ``action_import``, the same method as the
wizard in the request, in one transaction. The request only counts the file's rows (line ends, the sheet's stored
size), it does not read them: a file that cannot be read fails in the job, its error listed on the settlement."""

from odoo import models

IMPORT = "statement_import"


class FactoringSettlementImport(models.TransientModel):
    _inherit = "factoring.settlement.import"

    def action_import(self):
        # EXTENDS factoring_settlement: a statement of many rows is imported by the scheduled action
        self.ensure_one()
        settlement = self.settlement_id
        if self.env.context.get("factoring_job") or settlement.state != "draft":
            return super().action_import()
        settlement._job_check_idle()
        threshold = settlement.company_id.factoring_background_threshold
        if not threshold or self._count_rows() - (self.mapping_id.header_row or 0) < threshold:
            return super().action_import()
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.filename or "statement",
                "datas": self.file,
                "res_model": settlement._name,
                "res_id": settlement.id,
                "description": self.env._("Statement file imported into settlement %(name)s", name=settlement.name),
            }
        )
        settlement._job_enqueue(
            {"kind": IMPORT, "attachment_id": attachment.id, "mapping_id": self.mapping_id.id,
             "filename": self.filename or attachment.name}
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "The statement has many rows: it is imported in the background. The settlement shows the progress "
                    "and lists the result when it is done."
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _apply(self, accepted):
        self.settlement_id._job_report(self.env._("Adding %(count)s items", count=len(accepted)), 3, 4)
        return super()._apply(accepted)

    def _format_result(self, accepted, problems):
        self.settlement_id._job_report(self.env._("Finishing"), 4, 4)
        return super()._format_result(accepted, problems)


class FactoringSettlement(models.Model):
    _inherit = "factoring.settlement"  # pylint: disable=consider-merging-classes-inherited

    def _job_is_import(self):
        return (self.job_payload or {}).get("kind") == IMPORT

    def _job_title(self):
        if self._job_is_import():
            return self.env._("Statement %(file)s being imported in the background.", file=self.job_payload["filename"])
        return super()._job_title()

    def _job_execute(self):
        if not self._job_is_import():
            return super()._job_execute()
        payload = self.job_payload
        self._job_report(self.env._("Reading and matching the statement"), 2, 4)
        attachment = self.env["ir.attachment"].sudo().browse(payload["attachment_id"])
        wizard = self.env["factoring.settlement.import"].create(
            {"settlement_id": self.id, "mapping_id": payload["mapping_id"], "file": attachment.datas,
             "filename": payload["filename"]}
        )
        wizard.action_import()
        return wizard

    def _job_done_message(self):
        if not self._job_is_import():
            return super()._job_done_message()
        return self.env._(
            "Statement %(file)s imported in the background (the result is in the message above).",
            file=self.job_payload["filename"],
        )
