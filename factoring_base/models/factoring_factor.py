# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io
import logging
import re

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.modules import module as odoo_module

from ..tools import transport as transport_tools

_logger = logging.getLogger(__name__)

CODE_RE = re.compile(r"^[A-Za-z0-9]{1,10}$")

# Placeholders that a file name pattern may use (see _prepare_filename).
FILENAME_PLACEHOLDERS = ("code", "client_number", "batch", "date", "seq", "ext")

# The generic CSV transfer file: (column header, value getter on a factoring.batch.line).
CSV_COLUMNS = [
    ("batch", lambda line: line.batch_id.name),
    ("client_number", lambda line: line.batch_id.factor_id.client_number or ""),
    ("doc_type", lambda line: line.doc_type),
    ("number", lambda line: line.move_id.name),
    ("date", lambda line: line.invoice_date and line.invoice_date.isoformat() or ""),
    ("due_date", lambda line: line.date_due and line.date_due.isoformat() or ""),
    ("debtor_ref", lambda line: line.partner_id.factor_debtor_ref or ""),
    ("debtor_name", lambda line: line.partner_id.name or ""),
    ("debtor_vat", lambda line: line.partner_id.vat or ""),
    ("debtor_company_registry", lambda line: line.partner_id.company_registry or ""),
    ("debtor_street", lambda line: line.partner_id.street or ""),
    ("debtor_zip", lambda line: line.partner_id.zip or ""),
    ("debtor_city", lambda line: line.partner_id.city or ""),
    ("debtor_country", lambda line: line.partner_id.country_id.code or ""),
    ("currency", lambda line: line.currency_id.name),
    ("amount_total", lambda line: f"{line.amount_total:.2f}"),
    ("amount_tax", lambda line: f"{line.amount_tax:.2f}"),
    ("amount_open", lambda line: f"{line.amount_residual:.2f}"),
    ("origin_number", lambda line: line.origin_move_id.name or ""),
    ("order_ref", lambda line: line.move_id.ref or ""),
]

# Which account types fit which role on the factor.
ACCOUNT_TYPES = {
    "clearing_account_id": ("asset_receivable", "asset_current"),
    "fee_account_id": ("expense", "expense_direct_cost", "expense_other"),
    "interest_account_id": ("expense", "expense_direct_cost", "expense_other"),
    "retention_account_id": ("asset_receivable", "asset_current", "asset_non_current"),
}


class FactoringFactor(models.Model):
    _name = "factoring.factor"
    _description = "Factor"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, code, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short code of the factor: 1 to 10 letters or digits, unique per company.",
    )
    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Factor Partner",
        required=True,
        tracking=True,
        check_company=True,
        help="The factoring company as a contact: its address and bank accounts.",
    )
    bank_account_id = fields.Many2one(
        "res.partner.bank",
        string="Factor Bank Account",
        tracking=True,
        check_company=True,
        domain="[('partner_id', '=', partner_id)]",
        help="The factor's account that assigned invoices name as payment account: "
        "only a payment to the factor discharges the debt.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        tracking=True,
        default=lambda self: self.env.company.currency_id,
        help="The currency the factor takes documents in.",
    )
    # Contract
    factoring_type = fields.Selection(
        [
            ("standard", "Standard"),
            ("recourse", "Recourse (unechtes Factoring)"),
            ("non_recourse", "Non-recourse (echtes Factoring)"),
        ],
        string="Contract Type",
        required=True,
        default="standard",
        tracking=True,
    )
    reserve_percent = fields.Float(
        string="Reserve (%)",
        digits=(5, 2),
        tracking=True,
        help="Share of each purchased receivable the factor retains (non-recourse contracts only).",
    )
    fee_percent = fields.Float(
        string="Factoring Fee (%)",
        digits=(5, 3),
        tracking=True,
        help="Factoring fee as a share of the transferred turnover.",
    )
    client_number = fields.Char(
        tracking=True,
        help="Our number at the factor (Anschlussnummer, transmitter number, client ID).",
    )
    seller_code = fields.Char(tracking=True)
    # Accounting
    clearing_account_id = fields.Many2one(
        "account.account",
        string="Factor Clearing Account",
        tracking=True,
        check_company=True,
        domain="[('account_type', 'in', ('asset_receivable', 'asset_current')), ('reconcile', '=', True)]",
        help="Receivable at the factor: rebooked receivables and the factor's payments meet here.",
    )
    fee_account_id = fields.Many2one(
        "account.account",
        tracking=True,
        check_company=True,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost', 'expense_other'))]",
    )
    interest_account_id = fields.Many2one(
        "account.account",
        tracking=True,
        check_company=True,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost', 'expense_other'))]",
    )
    retention_account_id = fields.Many2one(
        "account.account",
        string="Security Retention Account",
        tracking=True,
        check_company=True,
        domain="[('account_type', 'in', ('asset_receivable', 'asset_current', 'asset_non_current'))]",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Transfer Journal",
        tracking=True,
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="Miscellaneous journal of the rebooking entries.",
    )
    rebook_receivables = fields.Boolean(
        tracking=True,
        help="At transfer, move each document's receivable from the customer to the factor's clearing account.",
    )
    # Batches and files
    sequence_id = fields.Many2one(
        "ir.sequence",
        string="Batch Sequence",
        copy=False,
        readonly=True,
        check_company=True,
        help="Numbers the transfer batches of this factor; created with the factor.",
    )
    filename_pattern = fields.Char(
        string="File Name Pattern",
        help="Name of the transfer file. Placeholders: {code}, {client_number}, {batch}, "
        "{date} (YYYYMMDD), {seq} (daily sequence) and {ext}. "
        "Empty: the file format's own default.",
    )
    export_format = fields.Selection(
        [("csv", "Generic CSV")],
        string="File Format",
        required=True,
        default="csv",
        tracking=True,
        help="Format of the transfer file; format addons add their factor's format here.",
    )
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
    auto_transfer = fields.Boolean(
        string="Transfer Automatically",
        tracking=True,
        help="The scheduled action creates and confirms a batch of everything due.",
    )
    auto_upload = fields.Boolean(
        string="Upload Automatically",
        tracking=True,
        help="The scheduled action uploads confirmed batches and retries failed uploads with a growing delay.",
    )
    currency_policy = fields.Selection(
        [("refuse", "Only the factor's currency"), ("split", "One batch per currency")],
        string="Other Currencies",
        required=True,
        default="refuse",
        tracking=True,
        help="What happens to documents in another currency than the factor's: left out of the transfer, or "
        "transferred in a separate batch per currency.",
    )
    notice = fields.Text(
        string="Assignment Notice",
        translate=True,
        default=lambda self: self.env._(
            "This receivable has been assigned to our factoring partner. "
            "Payment with discharging effect can only be made to the account named below."
        ),
        help="Printed on every invoice of the factor's customers, in the customer's language.",
    )
    # Counters
    customer_count = fields.Integer(compute="_compute_counters", string="Customers")
    to_transfer_count = fields.Integer(compute="_compute_counters", string="To Transfer")
    open_amount = fields.Monetary(
        compute="_compute_counters",
        currency_field="company_currency_id",
        help="Open amount of the factor's posted documents, in company currency.",
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    batch_ids = fields.One2many("factoring.batch", "factor_id", string="Batches")
    batch_count = fields.Integer(compute="_compute_batch_stats", string="Batches Count")
    last_batch_id = fields.Many2one("factoring.batch", compute="_compute_batch_stats")
    factor_open_amount = fields.Monetary(
        compute="_compute_batch_stats",
        currency_field="company_currency_id",
        string="Open at Factor",
        help="Receivables rebooked to the factor and not settled yet (open balance of the clearing account).",
    )

    _code_company_uniq = models.Constraint(
        "UNIQUE(company_id, code)",
        "The code of a factor must be unique per company.",
    )
    _reserve_range = models.Constraint(
        "CHECK(reserve_percent >= 0 AND reserve_percent <= 100)",
        "The reserve must lie between 0 and 100 %.",
    )
    _fee_range = models.Constraint(
        "CHECK(fee_percent >= 0 AND fee_percent <= 100)",
        "The factoring fee must lie between 0 and 100 %.",
    )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for factor in self:
            factor.display_name = f"[{factor.code}] {factor.name}" if factor.code else factor.name

    @api.model
    def _search_display_name(self, operator, value):
        if operator in ("ilike", "=ilike", "like", "=like") and value:
            return Domain.OR([[("code", operator, value)], [("name", operator, value)]])
        return super()._search_display_name(operator, value)

    def _get_assigned_partner_domain(self):
        self.ensure_one()
        return [("factor_id", "=", self.id)]

    def _compute_counters(self):
        moves = self.env["account.move"]
        to_transfer = dict(
            moves._read_group(
                [("factor_id", "in", self.ids), ("factoring_state", "=", "to_transfer")],
                ["factor_id"],
                ["__count"],
            )
        )
        open_amounts = dict(
            moves._read_group(
                [
                    ("factor_id", "in", self.ids),
                    ("state", "=", "posted"),
                    ("payment_state", "not in", ("paid", "in_payment", "reversed")),
                ],
                ["factor_id"],
                ["amount_residual_signed:sum"],
            )
        )
        for factor in self:
            partners = self.env["res.partner"].with_company(factor.company_id)
            factor.customer_count = partners.search_count(factor._get_assigned_partner_domain()) if factor.id else 0
            factor.to_transfer_count = to_transfer.get(factor, 0)
            factor.open_amount = open_amounts.get(factor, 0.0)

    def _compute_batch_stats(self):
        batches = self.env["factoring.batch"]
        counts = dict(batches._read_group([("factor_id", "in", self.ids)], ["factor_id"], ["__count"]))
        last = dict(
            batches._read_group(
                [("factor_id", "in", self.ids), ("state", "in", ("confirmed", "sent"))], ["factor_id"], ["id:max"]
            )
        )
        open_amounts = {}
        for factor in self.filtered(lambda f: f.clearing_account_id and f.id):
            open_amounts[factor.id] = sum(
                self.env["account.move.line"]._read_group(
                    [
                        ("account_id", "=", factor.clearing_account_id.id),
                        ("partner_id", "=", factor.partner_id.id),
                        ("parent_state", "=", "posted"),
                        ("reconciled", "=", False),
                    ],
                    [],
                    ["amount_residual:sum"],
                )[0]
            )
        for factor in self:
            factor.batch_count = counts.get(factor, 0)
            factor.last_batch_id = batches.browse(last.get(factor))
            factor.factor_open_amount = open_amounts.get(factor.id, 0.0)

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------
    @api.constrains("code")
    def _check_code(self):
        bad = self.filtered(lambda f: not CODE_RE.match(f.code or ""))
        if bad:
            raise ValidationError(
                self.env._(
                    "The code of a factor is 1 to 10 letters or digits. Invalid: %(codes)s",
                    codes=", ".join(repr(f.code or "") for f in bad),
                )
            )

    @api.constrains("factoring_type", "reserve_percent")
    def _check_reserve(self):
        bad = self.filtered(lambda f: f.reserve_percent and f.factoring_type != "non_recourse")
        if bad:
            raise ValidationError(
                self.env._(
                    "A reserve only applies to non-recourse contracts. Set it to 0 or change the contract type of: "
                    "%(factors)s",
                    factors=", ".join(bad.mapped("display_name")),
                )
            )

    @api.constrains("bank_account_id", "partner_id")
    def _check_bank_account(self):
        for factor in self:
            bank = factor.bank_account_id
            if bank and bank.partner_id.commercial_partner_id != factor.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "The bank account %(account)s of factor %(factor)s belongs to %(holder)s, "
                        "not to the factor %(partner)s.",
                        account=bank.display_name,
                        factor=factor.display_name,
                        holder=bank.partner_id.display_name,
                        partner=factor.partner_id.display_name,
                    )
                )

    @api.constrains(*ACCOUNT_TYPES, "journal_id", "rebook_receivables", "company_id")
    def _check_accounting(self):
        errors = []
        for factor in self:
            for fname, types in ACCOUNT_TYPES.items():
                account = factor[fname]
                if not account:
                    continue
                if account.account_type not in types:
                    errors.append(
                        self.env._(
                            "%(factor)s: the %(role)s %(account)s has the type %(type)s; allowed are: %(allowed)s.",
                            factor=factor.display_name,
                            role=factor._fields[fname].get_description(self.env)["string"],
                            account=account.display_name,
                            type=dict(account._fields["account_type"]._description_selection(self.env)).get(
                                account.account_type
                            ),
                            allowed=", ".join(
                                dict(account._fields["account_type"]._description_selection(self.env))[t]
                                for t in types
                            ),
                        )
                    )
            if factor.clearing_account_id and not factor.clearing_account_id.reconcile:
                errors.append(
                    self.env._(
                        "%(factor)s: the clearing account %(account)s must allow reconciliation.",
                        factor=factor.display_name,
                        account=factor.clearing_account_id.display_name,
                    )
                )
            if factor.journal_id and factor.journal_id.type != "general":
                errors.append(
                    self.env._(
                        "%(factor)s: the transfer journal %(journal)s must be a miscellaneous journal.",
                        factor=factor.display_name,
                        journal=factor.journal_id.display_name,
                    )
                )
            if factor.rebook_receivables and not (factor.clearing_account_id and factor.journal_id):
                errors.append(
                    self.env._(
                        "%(factor)s: rebooking receivables needs a clearing account and a transfer journal.",
                        factor=factor.display_name,
                    )
                )
        if errors:
            raise ValidationError("\n".join(errors))

    @api.constrains("filename_pattern")
    def _check_filename_pattern(self):
        for factor in self.filtered("filename_pattern"):
            try:
                factor._prepare_filename(batch_name="X/1", seq=1, ext="txt", date=fields.Date.today())
            except (KeyError, ValueError, IndexError) as err:
                raise ValidationError(
                    self.env._(
                        "The file name pattern %(pattern)s of %(factor)s is invalid (%(error)s). "
                        "Allowed placeholders: %(placeholders)s.",
                        pattern=factor.filename_pattern,
                        factor=factor.display_name,
                        error=err,
                        placeholders=", ".join("{%s}" % p for p in FILENAME_PLACEHOLDERS),
                    )
                ) from err

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        factors = super().create(vals_list)
        for factor in factors.filtered(lambda f: not f.sequence_id):
            factor.sequence_id = self.env["ir.sequence"].sudo().create(factor._prepare_sequence_vals())
        return factors

    def write(self, vals):
        res = super().write(vals)
        if any(fname == "transport" or fname.startswith(("folder_", "sftp_", "ftp_")) for fname in vals):
            self.env["factoring.batch"]._release_upload_attention(self)
        if "code" in vals:
            for factor in self.filtered("sequence_id"):
                sequence_vals = factor._prepare_sequence_vals()
                factor.sequence_id.sudo().write({"name": sequence_vals["name"], "prefix": sequence_vals["prefix"]})
        return res

    def _prepare_sequence_vals(self):
        self.ensure_one()
        return {
            "name": self.env._("Factoring batches %(code)s", code=self.code),
            "code": "factoring.batch",
            "prefix": f"{self.code}/%(range_year)s/",
            "padding": 4,
            "use_date_range": True,
            "company_id": self.company_id.id,
        }

    # ------------------------------------------------------------------
    # Helpers for batches and files
    # ------------------------------------------------------------------
    def _prepare_filename(self, batch_name, seq, ext, date, pattern=None):
        """Return the transfer file name from the factor's pattern (or ``pattern``)."""
        self.ensure_one()
        pattern = self.filename_pattern or pattern or "{code}_{date}_{seq}.{ext}"
        name = pattern.format(
            code=self.code or "",
            client_number=self.client_number or "",
            batch=(batch_name or "").replace("/", "-"),
            date=fields.Date.to_date(date).strftime("%Y%m%d"),
            seq=f"{seq:03d}",
            ext=ext,
        )
        if "/" in name or "\\" in name or not name.strip():
            raise ValueError(self.env._("a file name cannot be empty or contain a path separator"))
        return name

    # ------------------------------------------------------------------
    # File format plug-in point
    # ------------------------------------------------------------------
    def _generate_export_files(self, batch):
        """Return the transfer file(s) of ``batch``: a list of dicts ``{name, content (bytes), mimetype}``.

        Format addons add their value to ``export_format`` and a method ``_generate_export_files_<format>``.
        """
        self.ensure_one()
        generator = getattr(self, f"_generate_export_files_{self.export_format}", None)
        if generator is None:
            raise UserError(
                self.env._(
                    "No generator is installed for the file format %(format)s of factor %(factor)s. Install the "
                    "format's addon or choose another format.",
                    format=self.export_format,
                    factor=self.display_name,
                )
            )
        files = generator(batch)
        if not files:
            raise UserError(
                self.env._("The file format %(format)s produced no file for batch %(batch)s.",
                           format=self.export_format, batch=batch.name)
            )
        return files

    def _get_export_problems(self, batch):
        """Return the problems (translated strings) that keep ``batch`` from being written in the factor's format.

        Format addons may add ``_get_export_problems_<format>(batch)``; the debtor checks apply to all formats.
        """
        self.ensure_one()
        problems = self._get_debtor_problems(batch.line_ids.partner_id)
        checker = getattr(self, f"_get_export_problems_{self.export_format}", None)
        if checker is not None:
            problems += checker(batch)
        return problems

    def _get_debtor_problems(self, partners):
        """Every factor needs to identify each debtor and know its address."""
        problems = []
        for partner in partners.with_company(self.company_id):
            missing = []
            if not (partner.factor_debtor_ref or partner.vat or partner.company_registry):
                missing.append(self.env._("debtor number, VAT or company ID"))
            for fname in ("street", "zip", "city", "country_id"):
                if not partner[fname]:
                    missing.append(partner._fields[fname].get_description(self.env)["string"])
            if missing:
                problems.append(
                    self.env._("Debtor %(partner)s lacks: %(fields)s.", partner=partner.display_name,
                               fields=", ".join(missing))
                )
        return problems

    def _generate_export_files_csv(self, batch):
        """The generic CSV file: one row per document, semicolon separated, UTF-8, amounts with a dot."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([header for header, _getter in CSV_COLUMNS])
        lines = batch.line_ids.with_company(batch.company_id)
        for line in lines:
            writer.writerow([getter(line) for _header, getter in CSV_COLUMNS])
        name = self._prepare_filename(batch.name, batch.file_sequence or 1, "csv", batch.date)
        return [{"name": name, "content": buffer.getvalue().encode("utf-8"), "mimetype": "text/csv"}]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_transfer(self):
        """Open the transfer wizard for this factor."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Transfer to Factor"),
            "res_model": "factoring.transfer",
            "view_mode": "form",
            "target": "new",
            "context": {"default_factor_id": self.id},
        }

    def action_view_batches(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("factoring_base.action_factoring_batch")
        action["domain"] = [("factor_id", "=", self.id)]
        action["context"] = {"default_factor_id": self.id}
        return action

    def action_view_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.res_partner_action_customer")
        action["domain"] = self._get_assigned_partner_domain()
        action["context"] = {"default_factor_id": self.id}
        action["display_name"] = self.env._("Customers of %(factor)s", factor=self.display_name)
        return action

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("factoring_base.action_factoring_documents")
        action["domain"] = [("factor_id", "=", self.id)]
        action["context"] = {"search_default_to_transfer": 1}
        return action

    # ------------------------------------------------------------------
    # Transport
    # ------------------------------------------------------------------
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

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_transfer_and_upload(self):
        """Create and confirm batches of auto-transfer factors, then upload due batches of auto-upload factors.

        Every factor and every batch is handled in its own savepoint and committed on its own, so one failure never
        blocks the others. Rows are locked with SKIP LOCKED: a factor or batch another worker holds is left to it.
        """
        factors = self.sudo().search([("auto_transfer", "=", True), ("transport", "!=", False)])
        for factor in factors:
            factor._auto_transfer()
            self._cron_commit()
        self.env["factoring.batch"].sudo()._cron_upload()

    def _cron_commit(self, processed=0):
        """Commit the work done so far, except in tests (the test transaction must not be committed).

        Returns the time left for the cron run (``ir.cron._commit_progress``; unlimited outside a cron run).
        """
        if odoo_module.current_test:
            return float("inf")
        return self.env["ir.cron"]._commit_progress(processed)

    def _auto_transfer(self):
        """Create and confirm the batches of everything due; returns them (empty when locked, nothing due or failed).

        Everything, the lock included, runs in one savepoint: a failure is recorded on the factor and rolled back,
        and the scheduled action goes on with the next factor.
        """
        self.ensure_one()
        batches = self.env["factoring.batch"]
        try:
            with self.env.cr.savepoint():
                if not self._lock_for_auto_transfer():
                    return batches  # another worker transfers this factor right now
                wizard = self.env["factoring.transfer"].with_company(self.company_id).create(
                    {"factor_id": self.id, "cutoff_date": fields.Date.context_today(self)}
                )
                if not any(not reason for _move, reason in wizard._get_candidates()):
                    return batches
                batches = wizard._create_batches()
                batches.action_confirm()
        except Exception as exc:  # noqa: BLE001 - recorded on the factor; other factors go on
            _logger.warning("Automatic transfer of factor %s failed: %s", self.code, exc)
            self.message_post(body=self.env._("Automatic transfer failed: %(error)s", error=str(exc)))
            return self.env["factoring.batch"]
        return batches

    def _lock_for_auto_transfer(self):
        """Lock the factor's row (SKIP LOCKED); False when another transaction holds it or changed it meanwhile."""
        self.ensure_one()
        self.flush_recordset()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute("SELECT id FROM factoring_factor WHERE id = %s FOR UPDATE SKIP LOCKED", [self.id])
                return bool(self.env.cr.fetchone())
        except pg_errors.SerializationFailure:
            return False  # another worker changed the factor since our snapshot
