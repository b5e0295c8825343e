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

    def _prepare_move_vals(self, roles=None):
        """Values of the settlement entry. ``roles`` (a list) receives, for each line value in order, what the line
        is for: a ``factoring.settlement.line`` recordset (the items it credits), "payment" or None."""
        self.ensure_one()
        vals_list, line_roles = self._prepare_move_line_vals()
        if roles is not None:
            roles.extend(line_roles)
        return {
            "move_type": "entry",
            "journal_id": self.journal_id.id,
            "date": self.date,
            "ref": " - ".join(filter(None, [self.name, self.ref])),
            "currency_id": self.currency_id.id,
            "partner_id": self.factor_id.partner_id.id,
            "line_ids": [Command.create(vals) for vals in vals_list],
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
        # Invoices and credit notes apart: each group line then reconciles only with its own items, never nets
        # them with each other (a cancellation must reopen every item as it was).
        groups = list(
            full.grouped(
                lambda line: (line.move_line_id.account_id, line.move_line_id.partner_id, line.amount_settled > 0)
            ).values()
        )
        return groups + [line for line in lines - full]

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
        }

    def _prepare_move_line_vals(self):
        """Lines of the settlement entry, balanced: items, deductions, fee, retention, other items, payment.

        Return the line values and, in the same order, their roles (see _prepare_move_vals)."""
        self.ensure_one()
        currency = self.currency_id
        label = self.ref or self.name
        common = {"currency_id": currency.id}
        vals_list, roles = [], []
        for items in self._get_item_groups():
            vals_list.append(self._prepare_item_group_vals(items))
            roles.append(items)
        for line in self.line_ids:
            deductions = line._prepare_move_line_vals()[1:]
            vals_list += deductions
            roles += [None] * len(deductions)
        fee = self.amount_fee
        if not currency.is_zero(fee):
            vals_list.append(
                {
                    **common,
                    "name": self.env._("Factor fee %(ref)s", ref=label),
                    "account_id": self.factor_id.fee_account_id.id,
                    "partner_id": self.factor_id.partner_id.id,
                    "amount_currency": fee,
                    "balance": self._convert(fee),
                }
            )
            roles.append(None)
        retention = self.amount_retention
        if not currency.is_zero(retention):
            vals_list.append(
                {
                    **common,
                    "name": self.env._("Security retention %(ref)s", ref=label),
                    "account_id": self.factor_id.retention_account_id.id,
                    "partner_id": self.factor_id.partner_id.id,
                    "amount_currency": retention,
                    "balance": self._convert(retention),
                }
            )
            roles.append(None)
        tax_balance = 0.0
        for other in self.other_ids:
            vals_list.append(other._prepare_move_line_vals())
            roles.append(None)
            tax_balance += self._convert(other.amount_total - other.amount)
        # The payment: what the factor paid, balancing the entry (rounding of the conversion included).
        balance = -sum(vals["balance"] for vals in vals_list) - tax_balance
        if not currency.is_zero(self.amount_to_settle) or not self.company_currency_id.is_zero(balance):
            vals_list.append(
                {
                    **common,
                    "name": self.env._("Payment %(ref)s", ref=label),
                    "account_id": self.counterpart_account_id.id,
                    "partner_id": self.factor_id.partner_id.id,
                    "amount_currency": self.amount_to_settle,
                    "balance": self.company_currency_id.round(balance),
                }
            )
            roles.append("payment")
        return vals_list, roles

    def _map_move_lines(self, move, roles):
        """The entry's lines in the order of their values (tax lines that Odoo adds come after them)."""
        created = move.line_ids.sorted("id")[: len(roles)]
        if len(created) != len(roles):
            raise UserError(self.env._("The settlement entry %(move)s lacks lines.", move=move.display_name))
        return created

    def _reconcile_move(self, move, roles):
        """Reconcile each item with its line of the settlement entry, and the bank transaction, in one plan."""
        self.ensure_one()
        plan = []
        payment_line = self.env["account.move.line"]
        for aml, role in zip(self._map_move_lines(move, roles), roles, strict=True):
            if isinstance(role, str) and role == "payment":
                payment_line = aml
            elif role is not None:
                items = role
                if aml.account_id != items.move_line_id.account_id:
                    raise UserError(
                        self.env._("The settlement entry %(move)s does not match its items.", move=move.display_name)
                    )
                items.settlement_move_line_id = aml
                plan.append(aml + items.move_line_id)
        if self.statement_line_id:
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
