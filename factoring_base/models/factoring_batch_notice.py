# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class FactoringBatch(models.Model):
    _inherit = "factoring.batch"  # pylint: disable=consider-merging-classes-inherited

    def draft2confirmed(self):
        # EXTENDS factoring_base: with *Debtors Not Notified* = *Transfer with a warning*, the confirmed batch names
        # the debtors not notified yet in its chatter (the scheduled transfer shows no wizard).
        res = super().draft2confirmed()
        factor = self.factor_id
        if factor.unnotified_debtors == "warn":
            unnotified = factor._get_unnotified_debtors(self.line_ids.move_id.commercial_partner_id)
            if unnotified:
                self.message_post(
                    body=self.env._(
                        "Customers not notified of the assignment yet: %(partners)s. Send them the notice of "
                        "assignment (Send Notice of Assignment on the customer).",
                        partners=", ".join(unnotified.mapped("display_name")),
                    )
                )
        return res
