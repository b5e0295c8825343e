# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

CODE_RE = re.compile(r"^[A-Za-z0-9]{1,10}$")

# Placeholders that a file name pattern may use (see _prepare_filename).
FILENAME_PLACEHOLDERS = ("code", "client_number", "batch", "date", "seq", "ext")

# Which account types fit which role on the factor: the fields' domains and _check_accounting read it.
ACCOUNT_TYPES = {
    "clearing_account_id": ("asset_receivable", "asset_current"),
    "fee_account_id": ("expense", "expense_direct_cost", "expense_other"),
    "interest_account_id": ("expense", "expense_direct_cost", "expense_other"),
    "retention_account_id": ("asset_receivable", "asset_current", "asset_non_current"),
}


def _account_domain(fname, *extra):
    """The domain of the account field ``fname``: the account types of ACCOUNT_TYPES (and ``extra`` leaves)."""
    return [("account_type", "in", list(ACCOUNT_TYPES[fname])), *extra]


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
        help="Standard: the factor's usual contract without a security retention; as with recourse, we keep the "
        "bad-debt risk. Recourse (unechtes Factoring): we keep the bad-debt risk. Non-recourse (echtes Factoring): "
        "the factor takes the bad-debt risk and keeps a security retention.",
    )
    reserve_percent = fields.Float(
        string="Security Retention (%)",
        digits=(5, 2),
        tracking=True,
        help="Share of each purchased receivable the factor keeps back as security retention until the debtor pays "
        "(non-recourse contracts only).",
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
    seller_code = fields.Char(
        tracking=True,
        help="Our seller code at the factor (Verkäufercode), where the factor's receipt or cover sheet asks for it: "
        "printed on the cover sheet. Not written to the transfer files yet.",
    )
    # Accounting
    clearing_account_id = fields.Many2one(
        "account.account",
        string="Factor Clearing Account",
        tracking=True,
        check_company=True,
        domain=_account_domain("clearing_account_id", ("reconcile", "=", True)),
        help="Receivable at the factor: rebooked receivables and the factor's payments meet here.",
    )
    fee_account_id = fields.Many2one(
        "account.account",
        tracking=True,
        check_company=True,
        domain=_account_domain("fee_account_id"),
        help="Expense account for the factoring fees the factor charges (per item or on the statement); the "
        "settlement books its fees here.",
    )
    interest_account_id = fields.Many2one(
        "account.account",
        tracking=True,
        check_company=True,
        domain=_account_domain("interest_account_id"),
        help="Expense account for the interest the factor charges on advanced amounts. Not booked automatically "
        "yet: book the factor's interest as an other item of the settlement, on this account.",
    )
    retention_account_id = fields.Many2one(
        "account.account",
        string="Security Retention Account",
        tracking=True,
        check_company=True,
        domain=_account_domain("retention_account_id"),
        help="Receivable from the factor for the security retention it keeps back: booked at settlement, cleared "
        "when the factor releases the retention.",
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
