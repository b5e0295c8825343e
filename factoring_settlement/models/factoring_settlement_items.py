# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Filling a settlement with the factor's open items: chosen (*Add Open Items*) or from the factor's statement."""

from odoo import models
from odoo.exceptions import UserError
from odoo.fields import Domain


class FactoringSettlement(models.Model):
    _inherit = "factoring.settlement"  # pylint: disable=consider-merging-classes-inherited

    def _get_candidate_domain(self):
        """Open items of the factor in the settlement's currency that are not in the settlement yet."""
        self.ensure_one()
        domain = self.factor_id._get_open_item_domain()
        currency_domain = Domain("currency_id", "=", self.currency_id.id)
        return Domain.AND([domain, currency_domain, Domain("id", "not in", self.line_ids.move_line_id.ids)])

    def _prepare_line_vals(self, move_lines):
        return [{"settlement_id": self.id, "move_line_id": aml.id} for aml in move_lines]

    def _add_move_lines(self, move_lines):
        """Add journal items (open items) to the settlement; those already in it are skipped."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("Items can only be added to a draft settlement."))
        move_lines -= self.line_ids.move_line_id
        return self.env["factoring.settlement.line"].create(self._prepare_line_vals(move_lines))

    def action_add_candidates(self):
        """Open *Add Open Items*: the wizard is created first, with one row per open item (its filters then only
        choose among these rows)."""
        self.ensure_one()
        wizard = self.env["factoring.settlement.candidate"].create({"settlement_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add Open Items"),
            "res_model": "factoring.settlement.candidate",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_import_statement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Factor Statement"),
            "res_model": "factoring.settlement.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_settlement_id": self.id},
        }
