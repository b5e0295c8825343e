# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

FACTORING_MOVE_TYPES = ("out_invoice", "out_refund")
OWNER_CANCEL_KEY = "factoring_owner_cancel"


class FactoringOwnerCancel(frozenset):
    """Ids of the journal entries that their owner (a transfer batch, a settlement) is cancelling right now.

    Put in the context under ``OWNER_CANCEL_KEY`` by the owner's cancel only (see
    ``account.move._get_factoring_owner_cancel_context``): the reversal then may undo the entries' reconciliations. A
    context sent over RPC holds JSON values, never an instance of this class, so no client can open that door.
    """


class AccountMove(models.Model):
    _inherit = "account.move"

    factor_id = fields.Many2one(
        "factoring.factor",
        compute="_compute_factor_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        copy=False,
        check_company=True,
        domain="[('company_id', '=', company_id)]",
        help="The factor this document is assigned to; taken from the customer, frozen once posted.",
    )
    factoring_state = fields.Selection(
        [
            ("none", "Not factored"),
            ("to_transfer", "To transfer"),
            ("transferred", "Transferred"),
            ("settled", "Settled"),
            ("netted", "Netted, nothing to transfer"),
        ],
        string="Factoring Status",
        compute="_compute_factoring_state",
        store=True,
        index=True,
        copy=False,
        default="none",
    )
    factoring_batch_line_ids = fields.One2many(
        "factoring.batch.line", "move_id", string="Factoring Batch Lines", readonly=True, copy=False
    )
    factoring_batch_id = fields.Many2one(
        "factoring.batch",
        string="Transfer Batch",
        compute="_compute_factoring_batch_id",
        help="The active transfer batch of this document.",
    )
    factor_bank_id = fields.Many2one(
        related="factor_id.bank_account_id",
        string="Factor Bank Account",
        help="The factor's account the customer must pay to (printed on invoices and credit notes).",
    )
    factoring_locked_entry = fields.Boolean(
        compute="_compute_factoring_locked_entry",
        string="Factoring Entry",
        help="Made by a transfer batch or a settlement: it changes only through it (cancelling it reverses the "
        "entry), so it cannot be reset to draft, cancelled or reversed here.",
    )
    factor_notice = fields.Text(
        compute="_compute_factor_notice",
        string="Assignment Notice Text",
        help="The factor's assignment notice in the customer's language.",
    )

    @api.depends("partner_id", "company_id", "move_type")
    def _compute_factor_id(self):
        for move in self:
            if move.state == "posted":
                move.factor_id = move.factor_id  # frozen once posted
                continue
            if move.move_type not in FACTORING_MOVE_TYPES or not move.partner_id:
                move.factor_id = False
                continue
            partner = move.partner_id.commercial_partner_id.with_company(move.company_id)
            # sudo: an invoicing user may create invoices without reading the factor's configuration.
            move.factor_id = partner.sudo().factor_id.filtered(lambda f, move=move: f.company_id == move.company_id)

    def _get_factoring_state(self):
        """Return the factoring state of one document. Extended by the settlement logic."""
        self.ensure_one()
        if not self.factor_id or self.move_type not in FACTORING_MOVE_TYPES or self.state != "posted":
            return "none"
        if any(line.batch_state in ("confirmed", "sent") for line in self.factoring_batch_line_ids):
            return "transferred"
        if self.currency_id.is_zero(self.amount_residual):
            # Nothing to sell: netted with the customer's credit notes or invoices, or paid, or zero.
            return "netted" if self._is_factoring_netted() else "none"
        return "to_transfer"

    def _is_factoring_netted(self):
        """Netted: fully reconciled, before any transfer, only with invoices or credit notes of the same customer
        (a credit note Odoo matched with its invoice): nothing of it goes to the factor."""
        self.ensure_one()
        receivables = self.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")
        counterparts = receivables.matched_debit_ids.debit_move_id | receivables.matched_credit_ids.credit_move_id
        if not receivables or not all(receivables.mapped("reconciled")) or not counterparts:
            return False
        partner = self.commercial_partner_id
        return all(
            move.move_type in FACTORING_MOVE_TYPES and move.commercial_partner_id == partner
            for move in counterparts.move_id
        )

    @api.depends("factor_id", "state", "move_type", "amount_residual", "factoring_batch_line_ids.batch_state")
    def _compute_factoring_state(self):
        for move in self:
            move.factoring_state = move._get_factoring_state()

    @api.depends("factoring_batch_line_ids.batch_state")
    def _compute_factoring_batch_id(self):
        for move in self:
            lines = move.factoring_batch_line_ids.filtered(lambda line: line.batch_state != "cancelled")
            move.factoring_batch_id = lines[:1].batch_id

    @api.depends("factor_id", "partner_id.lang")
    def _compute_factor_notice(self):
        for move in self:
            factor = move.factor_id
            if not factor:
                move.factor_notice = False
                continue
            lang = move.partner_id.lang or self.env.lang
            move.factor_notice = factor.sudo().with_context(lang=lang).notice

    # ------------------------------------------------------------------
    # The customer pays to the factor
    # ------------------------------------------------------------------
    @api.depends("factor_id")
    def _compute_bank_partner_id(self):
        # EXTENDS account: an assigned invoice is paid to the factor, not to the company.
        res = super()._compute_bank_partner_id()
        for move in self:
            if move.factor_id and move.is_inbound():
                move.bank_partner_id = move.factor_id.sudo().partner_id
        return res

    @api.depends("factor_id")
    def _compute_partner_bank_id(self):
        # EXTENDS account: the factor's bank account replaces the company's.
        res = super()._compute_partner_bank_id()
        for move in self:
            if move.factor_id and move.is_inbound():
                move.partner_bank_id = move.factor_id.sudo().bank_account_id
        return res

    def _post(self, soft=True):
        # EXTENDS account: on posting, the factor's bank account is the payment account.
        for move in self.filtered(lambda m: m.factor_id and m.is_inbound()):
            factor_bank = move.factor_id.sudo().bank_account_id
            if move.partner_bank_id != factor_bank:
                move.partner_bank_id = factor_bank
        return super()._post(soft=soft)

    # ------------------------------------------------------------------
    # Frozen once posted, locked once transferred
    # ------------------------------------------------------------------
    def _get_factoring_locked_fields(self):
        """Fields of a transferred document that the factor relies on."""
        return {"partner_id", "invoice_date_due", "invoice_date", "currency_id", "invoice_payment_term_id"}

    def _check_factoring_unlocked(self, action):
        transferred = self.filtered(lambda m: m.factoring_state in ("transferred", "settled"))
        if transferred:
            raise UserError(
                self.env._(
                    "%(action)s is not possible: %(docs)s were transferred to the factor, who now owns the "
                    "receivable. Correct them with a credit note: it is transferred in the next batch with the "
                    "reference of the original invoice.",
                    action=action,
                    docs=", ".join(transferred.mapped("display_name")),
                )
            )

    def _get_factoring_entry_owners(self):
        """The records whose journal entries (among ``self``) change only through them: ``{entry: name}``.

        Extended by the settlement logic."""
        batches = self.env["factoring.batch"].sudo().search(
            ["|", ("move_id", "in", self.ids), ("reversal_move_id", "in", self.ids)]
        )
        owners = {}
        for batch in batches:
            for entry in (batch.move_id | batch.reversal_move_id) & self:
                owners[entry] = self.env._("transfer batch %(batch)s", batch=batch.name)
        return owners

    def _compute_factoring_locked_entry(self):
        owners = self.filtered("id")._get_factoring_entry_owners()
        for move in self:
            move.factoring_locked_entry = move in owners

    def _check_factoring_entry_unlocked(self, action):
        owners = self._get_factoring_entry_owners()
        if owners:
            raise UserError(
                self.env._(
                    "%(action)s is not possible: %(entries)s were made by %(owners)s and change only through it "
                    "(cancelling it reverses its entry).",
                    action=action,
                    entries=", ".join(entry.name for entry in owners),
                    owners=", ".join(sorted(set(owners.values()))),
                )
            )

    def button_draft(self):
        # EXTENDS account
        self._check_factoring_unlocked(self.env._("Resetting to draft"))
        self._check_factoring_entry_unlocked(self.env._("Resetting to draft"))
        return super().button_draft()

    def button_cancel(self):
        # EXTENDS account
        self._check_factoring_unlocked(self.env._("Cancelling"))
        self._check_factoring_entry_unlocked(self.env._("Cancelling"))
        return super().button_cancel()

    def write(self, vals):
        locked = self._get_factoring_locked_fields().intersection(vals)
        if locked:
            changed = self.filtered(
                lambda m: any(
                    m[f] != m._fields[f].convert_to_record(m._fields[f].convert_to_cache(vals[f], m), m)
                    for f in locked
                )
            )
            changed._check_factoring_unlocked(self.env._("Changing the customer, dates or currency"))
        if "factor_id" in vals:
            changed = self.filtered(lambda m: m.state != "draft" and m.factor_id.id != vals["factor_id"])
            if changed:
                raise UserError(
                    self.env._(
                        "The factor of a posted document cannot be changed; reset it to draft first if it was not "
                        "transferred yet. Documents: %(moves)s",
                        moves=", ".join(changed.mapped("display_name")),
                    )
                )
        return super().write(vals)

    def _get_factoring_owner_cancel_context(self):
        """The context under which the owner of these entries (a batch, a settlement) reverses them in its cancel and
        so undoes their reconciliations (refused otherwise, see account.partial.reconcile)."""
        return {OWNER_CANCEL_KEY: FactoringOwnerCancel(self.ids)}

    def _get_factoring_cancelled_by_owner(self):
        """Those of these entries that their owner is cancelling in the current call."""
        cancelling = self.env.context.get(OWNER_CANCEL_KEY)
        if not isinstance(cancelling, FactoringOwnerCancel):
            return self.browse()
        return self.filtered(lambda move: move.id in cancelling)

    def _check_factoring_reversal(self, cancel):
        """A transferred document's receivable is the factor's: a reversal that cancels it (reconciles the reversal
        with it) would take it back from the factor. Entries of batches and settlements are reversed by their cancel."""
        if cancel:
            transferred = self.filtered(
                lambda m: m.move_type in FACTORING_MOVE_TYPES and m.factoring_state in ("transferred", "settled")
            )
            if transferred:
                raise UserError(
                    self.env._(
                        "%(docs)s were transferred to the factor, who now owns the receivable: a reversal that cancels "
                        "them (reverse and create a new draft, or a full refund) would take the receivable back from "
                        "the factor's account. Create a plain credit note instead (Credit Note > Reverse): it stays "
                        "open and goes to the factor with the next batch, with the reference of the original invoice.",
                        docs=", ".join(transferred.mapped("display_name")),
                    )
                )
        (self - self._get_factoring_cancelled_by_owner())._check_factoring_entry_unlocked(self.env._("Reversing"))

    def _reverse_moves(self, default_values_list=None, cancel=False):
        # EXTENDS account: a credit note made from an invoice belongs to the invoice's factor; transferred documents
        # and the entries of batches and settlements are never cancelled by a reversal (see _check_factoring_reversal).
        self._check_factoring_reversal(cancel)
        if not default_values_list:
            default_values_list = [{} for _move in self]
        for move, default_values in zip(self, default_values_list, strict=True):
            if move.move_type in FACTORING_MOVE_TYPES and "factor_id" not in default_values:
                default_values["factor_id"] = move.factor_id.id
        return super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)

    @api.depends("factor_id")
    def _compute_display_link_qr_code(self):
        # EXTENDS account: an online payment would reach the company, not the factor.
        res = super()._compute_display_link_qr_code()
        self.filtered("factor_id").display_link_qr_code = False
        return res
