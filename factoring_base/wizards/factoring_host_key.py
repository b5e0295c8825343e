# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class FactoringHostKey(models.TransientModel):
    """Shows the host key an SFTP server presents; a Factoring Manager compares it out of band and pins it."""

    _name = "factoring.host.key"
    _description = "Confirm SFTP Host Key"

    factor_id = fields.Many2one("factoring.factor", required=True, ondelete="cascade")
    host = fields.Char(readonly=True)
    key_type = fields.Char(readonly=True)
    fingerprint = fields.Char(string="Fingerprint (SHA256)", readonly=True)
    key_base64 = fields.Text(string="Public Key", readonly=True)
    previous_fingerprint = fields.Char(string="Pinned Until Now", readonly=True)
    changed = fields.Boolean(compute="_compute_changed")

    @api.depends("fingerprint", "previous_fingerprint")
    def _compute_changed(self):
        for wizard in self:
            wizard.changed = bool(wizard.previous_fingerprint) and wizard.previous_fingerprint != wizard.fingerprint

    def action_confirm(self):
        """Pin the shown key: from now on only a server presenting exactly this key is accepted."""
        self.ensure_one()
        self.factor_id._pin_host_key(self.key_type, self.fingerprint, self.key_base64)
        return {"type": "ir.actions.act_window_close"}
