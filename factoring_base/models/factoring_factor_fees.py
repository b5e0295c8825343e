# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fees and security retention booked at transfer (the factor's settings and what they come to for a batch).

A factor that rebooks receivables may also book its fee and the security retention at transfer: the batch's second
entry (see factoring.batch ``_create_fee_move``) debits the fee account (and input VAT), debits the retention
account and credits the clearing account, so that the clearing account holds exactly the payout the factor owes
for the batch, and the factor's payment clears it in one settlement.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    book_fees_at_transfer = fields.Boolean(
        string="Fees and Retention at Transfer",
        tracking=True,
        help="When a batch is confirmed, book the factor's fee (with its input VAT) and the security retention "
        "against the clearing account in a second entry of the batch, so that the clearing account holds the payout "
        "the factor owes and one bank receipt settles the batch. Needs rebooking of the receivables. Off: fees and "
        "retention are booked when the factor's statement is settled.",
    )
    fee_basis = fields.Selection(
        [("gross", "Gross amount (VAT included)")],
        required=True,
        default="gross",
        tracking=True,
        help="What the fee percentage is applied to: the transferred amount of each document, VAT included, as "
        "agreed with the factor. Credit notes reduce the fee by the same percentage.",
    )
    fee_minimum = fields.Monetary(
        string="Minimum Fee per Document",
        tracking=True,
        help="Booked at transfer: the fee of an invoice is at least this amount (in the factor's currency). Credit "
        "notes reduce the fee by the percentage only. 0: no minimum.",
    )
    fee_tax_id = fields.Many2one(
        "account.tax",
        check_company=True,
        tracking=True,
        domain="[('type_tax_use', '=', 'purchase')]",
        help="Input VAT the factor charges on its fees, if the contract says so. At transfer it is added to the fee "
        "(fee 10.00 with 19 % input VAT: the factor keeps 11.90). The per-item fees of a settlement include the "
        "tax: fees of 11.90 book 10.00 on the fee account and 1.90 as input VAT.",
    )

    _fee_minimum_positive = models.Constraint(
        "CHECK(fee_minimum >= 0)",
        "The minimum fee per document cannot be negative.",
    )

    @api.constrains(
        "book_fees_at_transfer", "rebook_receivables", "fee_percent", "fee_minimum", "fee_account_id",
        "reserve_percent", "retention_account_id",
    )
    def _check_fees_at_transfer(self):
        errors = []
        for factor in self.filtered("book_fees_at_transfer"):
            missing = []
            if not factor.rebook_receivables:
                missing.append(self.env._("rebooking of the receivables (the fees are booked against the clearing "
                                          "account)"))
            if (factor.fee_percent or factor.fee_minimum) and not factor.fee_account_id:
                missing.append(self.env._("a fee account"))
            if factor.reserve_percent and not factor.retention_account_id:
                missing.append(self.env._("a security retention account"))
            if factor.reserve_percent and factor.retention_account_id and not factor.retention_account_id.reconcile:
                missing.append(self.env._("a security retention account that allows reconciliation (the settlement "
                                          "releases the retention by matching it)"))
            if missing:
                errors.append(self.env._("%(factor)s books fees and retention at transfer and needs %(missing)s.",
                                         factor=factor.display_name, missing=", ".join(missing)))
        if errors:
            raise ValidationError("\n".join(errors))

    def _get_transfer_charges(self, batch_lines):
        """What the factor keeps of these batch lines at transfer, in the batch currency (unrounded sums rounded once
        per document): ``{"fee": net fee, "reserve": security retention}``. Invoices add, credit notes subtract.

        The fee of each document is the fee percentage of its basis (``fee_basis``), for an invoice at least the
        minimum fee; the retention is the reserve percentage of the transferred amount."""
        self.ensure_one()
        charges = defaultdict(float)
        if not self.book_fees_at_transfer:
            return charges
        for line in batch_lines:
            currency = line.currency_id
            sign = -1.0 if line.doc_type == "credit_note" else 1.0
            basis = getattr(self, f"_get_fee_basis_{self.fee_basis}")(line)
            fee = currency.round(basis * self.fee_percent / 100.0)
            if sign > 0 and self.fee_minimum:
                minimum = self.currency_id._convert(self.fee_minimum, currency, self.company_id, line.batch_id.date)
                fee = max(fee, minimum)
            charges["fee"] += sign * fee
            charges["reserve"] += sign * currency.round(line.amount_residual * self.reserve_percent / 100.0)
        return charges

    def _get_fee_basis_gross(self, batch_line):
        """The fee basis of a document: its transferred amount, VAT included (unsigned)."""
        return batch_line.amount_residual
