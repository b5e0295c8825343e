# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_factoring_transfer_file(self):
        """A transfer file of a batch is what the factor received (or may have): it is kept, cancelled or not."""
        # sudo: whoever deletes an attachment may not read the batches; the check is the system's own.
        batches = self.env["factoring.batch"].sudo().search([("file_ids", "in", self.ids)])
        if batches:
            files = self & batches.file_ids
            raise UserError(
                self.env._(
                    "Transfer files of factoring batches are kept for audit and cannot be deleted: %(files)s "
                    "(batches %(batches)s)",
                    files=", ".join(files.sudo().mapped("name")),
                    batches=", ".join(batches.mapped("name")),
                )
            )
