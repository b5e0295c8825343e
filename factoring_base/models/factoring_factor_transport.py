# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The factor's transport settings and the actions that test them (connection, SFTP host key)."""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import transport as transport_tools


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    transport = fields.Selection(
        [
            ("manual", "Manual download"),
            ("folder", "Folder on the server"),
            ("sftp", "SFTP"),
            ("ftp", "FTP / FTPS"),
        ],
        required=True,
        default="manual",
        tracking=True,
        help="How transfer files reach the factor.",
    )
    # Transport settings (Factoring Manager only; secrets are never copied, exported, tracked or logged)
    folder_path = fields.Char(
        string="Folder",
        groups="factoring_base.group_factoring_manager",
        help="Directory on the Odoo server the transfer files are written to (it must exist).",
    )
    sftp_host = fields.Char(string="SFTP Host", groups="factoring_base.group_factoring_manager")
    sftp_port = fields.Integer(string="SFTP Port", default=22, groups="factoring_base.group_factoring_manager")
    sftp_user = fields.Char(string="SFTP User", groups="factoring_base.group_factoring_manager")
    sftp_password = fields.Char(
        string="SFTP Password", copy=False, exportable=False, groups="factoring_base.group_factoring_manager"
    )
    sftp_private_key = fields.Text(
        string="SFTP Private Key",
        copy=False,
        exportable=False,
        groups="factoring_base.group_factoring_manager",
        help="Private key in OpenSSH or PEM format (Ed25519, ECDSA or RSA); tried before the password.",
    )
    sftp_passphrase = fields.Char(
        string="Key Passphrase", copy=False, exportable=False, groups="factoring_base.group_factoring_manager"
    )
    sftp_remote_dir = fields.Char(
        string="SFTP Remote Directory",
        groups="factoring_base.group_factoring_manager",
        help="Absolute, or relative to the login directory; empty means the login directory.",
    )
    sftp_host_key_type = fields.Char(string="Host Key Type", readonly=True, copy=False,
                                     groups="factoring_base.group_factoring_manager")
    sftp_host_key = fields.Text(string="Host Key", readonly=True, copy=False,
                                groups="factoring_base.group_factoring_manager")
    sftp_host_key_fingerprint = fields.Char(
        string="Pinned Host Key",
        readonly=True,
        copy=False,
        groups="factoring_base.group_factoring_manager",
        help="SHA256 fingerprint of the server's host key, confirmed by a manager with \"Fetch host key\". "
        "A server presenting another key is refused.",
    )
    ftp_host = fields.Char(string="FTP Host", groups="factoring_base.group_factoring_manager")
    ftp_port = fields.Integer(string="FTP Port", default=21, groups="factoring_base.group_factoring_manager")
    ftp_user = fields.Char(string="FTP User", groups="factoring_base.group_factoring_manager")
    ftp_password = fields.Char(
        string="FTP Password", copy=False, exportable=False, groups="factoring_base.group_factoring_manager"
    )
    ftp_tls = fields.Boolean(
        string="Explicit TLS (FTPS)", default=True, groups="factoring_base.group_factoring_manager",
        help="AUTH TLS with a protected data channel; the server certificate is verified.",
    )
    ftp_passive = fields.Boolean(string="Passive Mode", default=True, groups="factoring_base.group_factoring_manager")
    ftp_remote_dir = fields.Char(string="FTP Remote Directory", groups="factoring_base.group_factoring_manager")
    ftp_ca_certificate = fields.Text(
        string="Trusted Certificate",
        groups="factoring_base.group_factoring_manager",
        help="PEM certificate to trust for FTPS (e.g. the server's own self-signed certificate); empty: the "
        "system's certificate authorities.",
    )

    def _get_transport_settings(self):
        """The tools/transport settings of this factor (read as superuser: users may send without seeing secrets)."""
        self.ensure_one()
        factor = self.sudo()
        if factor.transport == "folder":
            if not factor.folder_path:
                raise UserError(self.env._("Factor %(factor)s: no folder is configured.", factor=self.display_name))
            return transport_tools.FolderSettings(factor.folder_path)
        if factor.transport == "sftp":
            if not (factor.sftp_host and factor.sftp_user):
                raise UserError(self.env._("Factor %(factor)s: the SFTP host and user are required.",
                                           factor=self.display_name))
            return transport_tools.SftpSettings(
                host=factor.sftp_host,
                port=factor.sftp_port or 22,
                username=factor.sftp_user,
                password=factor.sftp_password or None,
                private_key=factor.sftp_private_key or None,
                passphrase=factor.sftp_passphrase or None,
                remote_dir=factor.sftp_remote_dir or "",
                host_key_fingerprint=factor.sftp_host_key_fingerprint or None,
                timeout=self.env.context.get("factoring_transport_timeout", transport_tools.DEFAULT_TIMEOUT),
            )
        if factor.transport == "ftp":
            if not (factor.ftp_host and factor.ftp_user):
                raise UserError(self.env._("Factor %(factor)s: the FTP host and user are required.",
                                           factor=self.display_name))
            return transport_tools.FtpSettings(
                host=factor.ftp_host,
                port=factor.ftp_port or 21,
                username=factor.ftp_user,
                password=factor.ftp_password or None,
                tls=factor.ftp_tls,
                passive=factor.ftp_passive,
                remote_dir=factor.ftp_remote_dir or "",
                ca_certificate=factor.ftp_ca_certificate or None,
                timeout=self.env.context.get("factoring_transport_timeout", transport_tools.DEFAULT_TIMEOUT),
            )
        raise UserError(self.env._("Factor %(factor)s sends its files manually (no transport configured).",
                                   factor=self.display_name))

    def _check_transport_manager(self):
        if not self.env.user.has_group("factoring_base.group_factoring_manager") and not self.env.su:
            raise AccessError(self.env._("Only Factoring Managers may change or test the transport settings."))

    def action_test_connection(self):
        """Connect, log in and check the target directory; notify success or the exact reason of the failure."""
        self.ensure_one()
        self._check_transport_manager()
        try:
            report = transport_tools.test_connection(self._get_transport_settings())
        except transport_tools.TransportError as exc:
            return self._notification(self.env._("Connection failed"), str(exc), "danger")
        return self._notification(self.env._("Connection successful"), report, "success")

    def _notification(self, title, message, kind):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"title": title, "message": message, "type": kind, "sticky": kind == "danger"},
        }

    def action_fetch_host_key(self):
        """Show the SFTP server's host key in a wizard; the manager compares it out of band and pins it."""
        self.ensure_one()
        self._check_transport_manager()
        factor = self.sudo()
        if not factor.sftp_host:
            raise UserError(self.env._("Enter the SFTP host first."))
        try:
            key_type, fingerprint, key_base64 = transport_tools.fetch_host_key(
                factor.sftp_host, factor.sftp_port or 22,
                timeout=self.env.context.get("factoring_transport_timeout", transport_tools.DEFAULT_TIMEOUT),
            )
        except transport_tools.TransportError as exc:
            raise UserError(str(exc)) from exc
        wizard = self.env["factoring.host.key"].create(
            {
                "factor_id": self.id,
                "host": f"{factor.sftp_host}:{factor.sftp_port or 22}",
                "key_type": key_type,
                "fingerprint": fingerprint,
                "key_base64": key_base64,
                "previous_fingerprint": factor.sftp_host_key_fingerprint,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Confirm the SFTP host key"),
            "res_model": "factoring.host.key",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def _pin_host_key(self, key_type, fingerprint, key_base64):
        self.ensure_one()
        self._check_transport_manager()
        self.sudo().write(
            {"sftp_host_key_type": key_type, "sftp_host_key_fingerprint": fingerprint, "sftp_host_key": key_base64}
        )
        self.message_post(body=self.env._("SFTP host key pinned: %(type)s %(fingerprint)s.",
                                          type=key_type, fingerprint=fingerprint))
