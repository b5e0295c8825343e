# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, models
from odoo.exceptions import UserError


class FactoringSettlement(models.Model):
    """The settlement entry: its values, and the reconciliation of the items and the bank transaction with it."""

    _inherit = "factoring.settlement"

    def _convert(self, amount):
        """Amount in settlement currency -> balance in company currency at the posting date."""
        return self.currency_id._convert(amount, self.company_currency_id, self.company_id, self.date)

    def _prepare_move_vals(self):
        """Values of the settlement entry; each line says what it is for (``factoring_settlement_role``)."""
        self.ensure_one()
        return {
            "move_type": "entry",
            "journal_id": self.journal_id.id,
            "date": self.date,
            "ref": " - ".join(filter(None, [self.name, self.ref])),
            "currency_id": self.currency_id.id,
            "partner_id": self.factor_id.partner_id.id,
            "line_ids": [Command.create(vals) for vals in self._prepare_move_line_vals()],
        }

    def _get_item_groups(self):
        """The items as they are credited: one line per item, or with ``group_items`` one line per account, debtor
        and sign for all its fully settled items (partly settled items keep their own line)."""
        self.ensure_one()
        lines = self.line_ids
        if not self.group_items:
            return [line for line in lines]
        currency = self.currency_id
        full = lines.filtered(
            lambda line: currency.compare_amounts(line.amount_settled, line.move_line_id.amount_residual_currency) == 0
        )
        groups = list(full.grouped(self._get_item_group_key).values())
        return groups + [line for line in lines - full]

    @staticmethod
    def _get_item_group_key(item):
        """What a group line of fully settled items shares: account, debtor and sign. Invoices and credit notes
        apart: each group line then reconciles only with its own items, never nets them with each other (a
        cancellation must reopen every item as it was)."""
        return item.move_line_id.account_id, item.move_line_id.partner_id, item.amount_settled > 0

    def _prepare_item_group_vals(self, items):
        """The credit of fully settled items of one account and debtor, in one line."""
        if len(items) == 1:
            return items._prepare_move_line_vals()[0]
        amls = items.move_line_id
        return {
            "name": self.env._(
                "%(settlement)s: %(count)s documents of %(partner)s",
                settlement=self.name,
                count=len(items),
                partner=amls[0].partner_id.display_name,
            ),
            "account_id": amls[0].account_id.id,
            "partner_id": amls[0].partner_id.id,
            "currency_id": self.currency_id.id,
            "amount_currency": -sum(items.mapped("amount_settled")),
            "balance": -self._convert(sum(items.mapped("amount_settled"))),
            "analytic_distribution": False,
            "factoring_settlement_role": "item",
        }

    def _prepare_move_line_vals(self):
        """Lines of the settlement entry, balanced: items, deductions, fee, retention, other items, payment."""
        self.ensure_one()
        currency = self.currency_id
        label = self.ref or self.name
        factor = self.factor_id
        vals_list = [self._prepare_item_group_vals(items) for items in self._job_items(self._get_item_groups())]
        for line in self.line_ids:
            vals_list += line._prepare_move_line_vals()[1:]  # its deduction
        if not currency.is_zero(self.amount_fee):
            name = self.env._("Factor fee %(ref)s", ref=label)
            vals_list.append(self._prepare_factor_line_vals("fee", name, factor.fee_account_id, self.amount_fee))
        if not currency.is_zero(self.amount_retention):
            name = self.env._("Security retention %(ref)s", ref=label)
            account = factor.retention_account_id
            vals_list.append(self._prepare_factor_line_vals("retention", name, account, self.amount_retention))
        vals_list += [other._prepare_move_line_vals() for other in self.other_ids]
        vals_list += self._prepare_tax_line_vals(vals_list)
        # The payment: what the factor paid, balancing the entry (rounding of the conversion included).
        balance = self.company_currency_id.round(-sum(vals["balance"] for vals in vals_list))
        if not currency.is_zero(self.amount_to_settle) or not self.company_currency_id.is_zero(balance):
            name = self.env._("Payment %(ref)s", ref=label)
            account = self.counterpart_account_id
            vals_list.append(self._prepare_factor_line_vals("payment", name, account, self.amount_to_settle, balance))
        return vals_list

    def _prepare_factor_line_vals(self, role, name, account, amount, balance=None):
        """A line of the factor: the fee (with the factor's fee tax), the retention or the payment (``balance``:
        default ``amount`` converted)."""
        return {
            "name": name,
            "account_id": account.id,
            "partner_id": self.factor_id.partner_id.id,
            "currency_id": self.currency_id.id,
            "amount_currency": amount,
            "balance": self._convert(amount) if balance is None else balance,
            "tax_ids": [Command.set(self.factor_id.fee_tax_id.ids if role == "fee" else [])],
            "factoring_settlement_role": role,
        }

    # Roles whose amount is what the factor deducted, tax included (its tax is split off); an other item's amount
    # excludes its taxes (they are added).
    _TAX_INCLUDED_ROLES = ("deduction", "fee")

    def _prepare_tax_line_vals(self, vals_list):
        """Split the taxes of the lines with ``tax_ids`` through Odoo's tax engine, as Odoo books the taxes of an
        entry: set each base line's net amount and tax grids (``tax_tag_ids``), return the tax lines (tax account,
        ``tax_repartition_line_id``, grids, base amount), grouped as Odoo groups them.

        Deductions and fees include their tax (a deduction of 119.00 with 19 % VAT: base 100.00, tax 19.00). Given
        with the entry, the tax lines are kept as they are by Odoo (no second computation that could round a cent
        differently from what the factor deducted). A debit with a sale tax (a deduction) or a credit with a
        purchase tax uses the tax's refund distribution, as Odoo decides for a journal entry line."""
        self.ensure_one()
        AccountTax = self.env["account.tax"]
        base_lines = []
        for vals in vals_list:
            taxes = AccountTax.browse(vals.get("tax_ids", [(6, 0, [])])[0][2])
            if not taxes:
                continue
            tax_type = taxes[:1].type_tax_use
            debit = vals["balance"] > 0
            rate = abs(vals["amount_currency"]) / abs(vals["balance"]) if vals["balance"] else 1.0
            included = vals["factoring_settlement_role"] in self._TAX_INCLUDED_ROLES
            base_lines.append(
                AccountTax._prepare_base_line_for_taxes_computation(
                    vals,
                    tax_ids=taxes,
                    price_unit=vals["amount_currency"],
                    quantity=1.0,
                    currency_id=self.currency_id,
                    rate=rate,
                    sign=1.0,
                    is_refund=(tax_type == "sale" and debit) or (tax_type == "purchase" and not debit),
                    special_mode="total_included" if included else "total_excluded",
                    partner_id=self.env["res.partner"].browse(vals["partner_id"]),
                    account_id=self.env["account.account"].browse(vals["account_id"]),
                    analytic_distribution=vals.get("analytic_distribution") or None,
                )
            )
        if not base_lines:
            return []
        return AccountTax._get_factoring_tax_lines(base_lines, self.company_id)

    def _get_credited_items(self, move):
        """The entry's item lines (role "item") with the items each credits, found by the line's values: its own
        item (``factoring_settlement_line_id``), or for a group line the fully settled items of its account,
        debtor and sign. Raise when lines and items do not match one to one."""
        item_lines = move.line_ids.filtered(lambda aml: aml.factoring_settlement_role == "item")
        groups = (self.line_ids - item_lines.factoring_settlement_line_id).grouped(self._get_item_group_key)
        pairs = []
        for aml in item_lines:
            items = aml.factoring_settlement_line_id or groups.pop(
                (aml.account_id, aml.partner_id, aml.amount_currency < 0), self.line_ids.browse()
            )
            if not items or aml.account_id != items.move_line_id.account_id:
                break
            pairs.append((aml, items))
        credited = self.line_ids.browse().union(*(items for _aml, items in pairs))
        if len(pairs) != len(item_lines) or credited != self.line_ids:
            raise UserError(
                self.env._("The settlement entry %(move)s does not match its items.", move=move.display_name)
            )
        return pairs

    def _reconcile_move(self, move):
        """Reconcile each item with its line of the settlement entry, and the bank transaction with the payment line,
        in one plan."""
        self.ensure_one()
        plan = []
        for aml, items in self._job_items(self._get_credited_items(move)):
            items.settlement_move_line_id = aml
            plan.append(aml + items.move_line_id)
        if self.statement_line_id:
            payment_line = move.line_ids.filtered(lambda aml: aml.factoring_settlement_role == "payment")
            plan.append(self._prepare_statement_line_reconciliation(payment_line))
        # Like Odoo's payment registration: reconciling changes no invoice line, so the invoices' dynamic lines
        # (taxes, payment terms) are not synchronized again.
        self.env["account.move.line"].with_context(skip_invoice_sync=True)._reconcile_plan(plan)

    def _prepare_statement_line_reconciliation(self, payment_line):
        """Put the bank transaction's suspense line on the payment account; return the lines to reconcile.

        This is how Odoo community matches a bank transaction with a payment: its open (suspense) counterpart is
        moved to the outstanding account and reconciled with the payment's line there.
        """
        st_line = self.statement_line_id
        _liquidity, suspense_lines, _other = st_line._seek_for_lines()
        if not suspense_lines or not payment_line:
            raise UserError(
                self.env._("Bank transaction %(line)s has no open counterpart to reconcile.", line=st_line.display_name)
            )
        suspense_lines.account_id = self.counterpart_account_id
        return suspense_lines + payment_line
