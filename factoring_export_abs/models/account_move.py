# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date


class AccountMove(models.Model):
    _inherit = "account.move"

    factor_export_date = fields.Date(
        string="Exported to Factor",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Day the document was written to the factor's file. A document with an export date is never "
        "exported again, also not after its batch was cancelled.",
    )

    def action_factor_clear_export_date(self):
        """A Factoring Manager allows a document of a cancelled batch to be exported again.

        Only after the factor confirmed that it disregards the earlier file: otherwise the receivable would be
        sold twice.
        """
        if not self.env.user.has_group("factoring_base.group_factoring_manager"):
            raise AccessError(self.env._("Only a Factoring Manager can allow a document to be exported again."))
        in_batch = self.filtered("factoring_batch_id")
        if in_batch:
            raise UserError(
                self.env._(
                    "These documents are in an active transfer batch; cancel the batch first: %(docs)s",
                    docs=", ".join(in_batch.mapped("display_name")),
                )
            )
        for move in self.filtered("factor_export_date"):
            date = move.factor_export_date
            move.factor_export_date = False
            move.message_post(
                body=self.env._(
                    "Export date %(date)s cleared: the document may be exported to the factor again.",
                    date=format_date(self.env, date),
                )
            )
        return True
