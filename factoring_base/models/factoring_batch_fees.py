# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The fees and security retention of a batch, booked at transfer in a second entry of the batch.

Why a second entry and not more lines in the rebooking entry: the rebooking entry is made by ``fast_entry`` for
plain lines without taxes (thousands of them, compared field by field with Odoo's public path); a fee with input
VAT needs Odoo's tax engine (tax lines, grids, refund distribution), so the fee entry goes through Odoo's public
path (``account.move.create`` with the fee line's ``tax_ids``, ``action_post``) and is reversed with
``_reverse_moves`` when the batch is cancelled. It has a handful of lines: no speed is lost. Both entries belong to
the batch and change only through it (see ``account.move._get_factoring_entry_owners``).
"""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

# The batch's fee entry and its reversal, kept like the rebooking entry (see factoring.batch ``_check_history``).
FEE_HISTORY_FIELDS = {"fee_move_id", "fee_reversal_move_id"}


class FactoringBatch(models.Model):
    _inherit = "factoring.batch"  # pylint: disable=consider-merging-classes-inherited

    book_fees_at_transfer = fields.Boolean(related="factor_id.book_fees_at_transfer")
    amount_fee = fields.Monetary(
        compute="_compute_charges",
        store=True,
        string="Factoring Fees",
        help="The factor's fee on this batch, without VAT, booked at transfer (invoices add, credit notes subtract). "
        "Worked out from the factor's settings while the batch is a draft, kept from its confirmation on.",
    )
    amount_fee_tax = fields.Monetary(
        compute="_compute_charges", store=True, string="Input VAT on Fees",
        help="The input VAT the factor charges on its fee.",
    )
    amount_reserve = fields.Monetary(
        compute="_compute_charges", store=True, string="Security Retention",
        help="Share of the batch the factor keeps back as security retention until the debtors pay.",
    )
    amount_payout = fields.Monetary(
        compute="_compute_charges",
        store=True,
        string="Expected Payout",
        help="Transfer amount less fees, their VAT and the security retention: what the factor pays for this batch, "
        "the balance it leaves on the clearing account.",
    )
    fee_move_id = fields.Many2one(
        "account.move", string="Fees and Retention Entry", readonly=True, copy=False, check_company=True,
        index="btree_not_null",
    )
    fee_reversal_move_id = fields.Many2one(
        "account.move", string="Fees and Retention Reversal", readonly=True, copy=False, check_company=True
    )
    fee_move_line_ids = fields.One2many(
        related="fee_move_id.line_ids",
        string="Fees and Retention Journal Items",
        help="The lines of the fees and retention entry: fee, input VAT and retention against the clearing account.",
    )

    @api.depends(
        "state", "amount_net", "line_ids.amount_residual", "line_ids.doc_type",
        "factor_id.book_fees_at_transfer", "factor_id.fee_basis", "factor_id.fee_percent", "factor_id.fee_minimum",
        "factor_id.fee_tax_id", "factor_id.reserve_percent",
    )
    def _compute_charges(self):
        for batch in self:
            if batch.state != "draft":
                # What confirmation booked stays, whatever the factor's settings become.
                amounts = {fname: batch[fname] for fname in ("amount_fee", "amount_fee_tax", "amount_reserve")}
            else:
                charges = batch.factor_id._get_transfer_charges(batch.line_ids)
                amounts = {
                    "amount_fee": charges["fee"],
                    "amount_fee_tax": batch._get_fee_tax_amounts(charges["fee"])[0],
                    "amount_reserve": charges["reserve"],
                }
            batch.update(amounts)
            batch.amount_payout = batch.currency_id.round(
                batch.amount_net - amounts["amount_fee"] - amounts["amount_fee_tax"] - amounts["amount_reserve"]
            )

    def _get_history_fields(self):
        # EXTENDS factoring_base: the fee entry and its reversal are kept like the rebooking entry.
        return super()._get_history_fields() | FEE_HISTORY_FIELDS

    # ------------------------------------------------------------------
    # The fee entry
    # ------------------------------------------------------------------
    def _convert_to_company(self, amount):
        return self.currency_id._convert(amount, self.company_currency_id, self.company_id, self.date)

    def _get_fee_base_line(self, fee):
        """The fee line as Odoo's tax engine sees it (a base line; the entry's line values in ``record``)."""
        factor = self.factor_id
        balance = self._convert_to_company(fee)
        vals = {
            "name": self.env._("Factoring fee %(batch)s", batch=self.name),
            "account_id": factor.fee_account_id.id,
            "partner_id": factor.partner_id.id,
            "currency_id": self.currency_id.id,
            "amount_currency": fee,
            "balance": balance,
            "tax_ids": [Command.set(factor.fee_tax_id.ids)],
        }
        AccountTax = self.env["account.tax"]
        return AccountTax._prepare_base_line_for_taxes_computation(
            vals,
            tax_ids=factor.fee_tax_id,
            price_unit=fee,
            quantity=1.0,
            currency_id=self.currency_id,
            rate=abs(fee / balance) if balance else 1.0,
            sign=1.0,
            # A credit with a purchase tax (a batch of credit notes) uses the tax's refund distribution, as Odoo
            # decides for a journal entry line.
            is_refund=fee < 0,
            # The fee percentage gives the fee without VAT; the input VAT comes on top (also for a tax set up as
            # price-included).
            special_mode="total_excluded",
            partner_id=factor.partner_id,
            account_id=factor.fee_account_id,
        )

    def _get_fee_tax_lines(self, base_lines):
        """Run Odoo's tax engine on ``base_lines``: update them (net amount, tax grids) and return the tax lines."""
        return self.env["account.tax"]._get_factoring_tax_lines(base_lines, self.company_id)

    def _get_fee_tax_amounts(self, fee):
        """The input VAT on the fee ``fee``: (in the batch currency, in the company currency)."""
        if not self.factor_id.fee_tax_id or self.currency_id.is_zero(fee):
            return 0.0, 0.0
        tax_lines = self._get_fee_tax_lines([self._get_fee_base_line(fee)])
        return (
            self.currency_id.round(sum(vals["amount_currency"] for vals in tax_lines)),
            self.company_currency_id.round(sum(vals["balance"] for vals in tax_lines)),
        )

    def _prepare_fee_move_vals(self):
        """The fees and retention entry: debit the fee account (and input VAT) and the retention account, credit the
        clearing account (one line for the fee with its VAT, one for the retention). Negative amounts (more credit
        notes than invoices) swap the sides."""
        self.ensure_one()
        factor = self.factor_id
        currency = self.currency_id
        partner = factor.partner_id
        line_vals = []

        def clearing_vals(name, amount_currency, balance):
            return {
                "name": name,
                "account_id": factor.clearing_account_id.id,
                "partner_id": partner.id,
                "currency_id": currency.id,
                "amount_currency": -amount_currency,
                "balance": -balance,
            }

        if not currency.is_zero(self.amount_fee):
            base_line = self._get_fee_base_line(self.amount_fee)
            tax_lines = self._get_fee_tax_lines([base_line]) if factor.fee_tax_id else []
            fee_vals = base_line["record"]
            line_vals += [fee_vals, *tax_lines]
            line_vals.append(clearing_vals(
                self.env._("Factoring fee %(batch)s, VAT included", batch=self.name) if tax_lines
                else self.env._("Factoring fee %(batch)s", batch=self.name),
                sum(vals["amount_currency"] for vals in [fee_vals, *tax_lines]),
                sum(vals["balance"] for vals in [fee_vals, *tax_lines]),
            ))
        if not currency.is_zero(self.amount_reserve):
            name = self.env._("Security retention %(batch)s", batch=self.name)
            balance = self._convert_to_company(self.amount_reserve)
            line_vals.append({
                "name": name,
                "account_id": factor.retention_account_id.id,
                "partner_id": partner.id,
                "currency_id": currency.id,
                "amount_currency": self.amount_reserve,
                "balance": balance,
            })
            line_vals.append(clearing_vals(name, self.amount_reserve, balance))
        return {
            "move_type": "entry",
            "journal_id": factor.journal_id.id,
            "date": self.date,
            "ref": self.env._("Factoring fees and retention %(batch)s of %(factor)s", batch=self.name,
                              factor=factor.name),
            "company_id": self.company_id.id,
            "line_ids": [Command.create(vals) for vals in line_vals],
        }

    def _create_rebooking_move(self):
        # EXTENDS factoring_base: with the rebooking, the factor's fees and retention (a second entry of the batch).
        move = super()._create_rebooking_move()
        if self.factor_id.book_fees_at_transfer and not (
            self.currency_id.is_zero(self.amount_fee) and self.currency_id.is_zero(self.amount_reserve)
        ):
            self._own().fee_move_id = self._create_fee_move()
        return move

    def _create_fee_move(self):
        """Post the fees and retention entry through Odoo's public path (the tax lines are Odoo's tax engine's)."""
        self.ensure_one()
        move = self.env["account.move"].create(self._prepare_fee_move_vals())
        move.action_post()
        return move

    def _get_confirm_problems(self):
        # EXTENDS factoring_base: the accounts the fee entry books on.
        problems = super()._get_confirm_problems()
        factor = self.factor_id
        if factor.book_fees_at_transfer:
            if not self.currency_id.is_zero(self.amount_fee) and not factor.fee_account_id:
                problems.append(self.env._("Factor %(factor)s books fees at transfer but has no fee account.",
                                           factor=factor.display_name))
            if not self.currency_id.is_zero(self.amount_reserve) and not factor.retention_account_id:
                problems.append(self.env._("Factor %(factor)s books the security retention at transfer but has no "
                                           "security retention account.", factor=factor.display_name))
        return problems

    # ------------------------------------------------------------------
    # Cancel
    # ------------------------------------------------------------------
    def _cancel(self):
        # EXTENDS factoring_base: the fees and retention entry is reversed with the rebooking entry.
        self.ensure_one()
        fee_move = self.fee_move_id if self.state != "cancelled" and not self.fee_reversal_move_id else None
        if fee_move:
            self._check_fee_move_unsettled()
        res = super()._cancel()
        if fee_move:
            # Only the batch's cancel undoes the fee entry's reconciliations (see account.partial.reconcile).
            owned = fee_move.with_context(**fee_move._get_factoring_owner_cancel_context())
            self._own().fee_reversal_move_id = owned._reverse_moves(
                [{"date": fields.Date.context_today(self),
                  "ref": self.env._("Cancellation of fees and retention %(batch)s", batch=self.name)}],
                cancel=True,
            )
        return res

    def _check_fee_move_unsettled(self):
        """The fee and retention lines the factor already settled keep the batch (cancel the settlement first)."""
        factor = self.factor_id
        settled = self.fee_move_id.line_ids.filtered(
            lambda aml: aml.account_id in (factor.clearing_account_id | factor.retention_account_id)
            and (aml.matched_debit_ids or aml.matched_credit_ids)
        )
        if settled:
            raise UserError(
                self.env._(
                    "Batch %(batch)s cannot be cancelled: its fees and security retention were already settled "
                    "(%(lines)s). Cancel the settlement first.",
                    batch=self.name,
                    lines=", ".join(settled.mapped("name")),
                )
            )

    def action_view_move(self):
        # EXTENDS factoring_base: the batch's entries are the rebooking and the fees and retention entry.
        action = super().action_view_move()
        moves = self.move_id | self.reversal_move_id | self.fee_move_id | self.fee_reversal_move_id
        if len(moves) > 1:
            action.update(view_mode="list,form", res_id=False, domain=[("id", "in", moves.ids)])
        return action


class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def _get_factoring_entry_owners(self):
        # EXTENDS factoring_base: a batch's fees and retention entry and its reversal change only through the batch.
        owners = super()._get_factoring_entry_owners()
        batches = self.env["factoring.batch"].sudo().search(
            ["|", ("fee_move_id", "in", self.ids), ("fee_reversal_move_id", "in", self.ids)]
        )
        for batch in batches:
            for entry in (batch.fee_move_id | batch.fee_reversal_move_id) & self:
                owners[entry] = self.env._("transfer batch %(batch)s", batch=batch.name)
        return owners
