# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The factor's figures on its overview card and form (customers, documents to transfer, batches, open at the
factor) and the actions that open them."""

from odoo import fields, models


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

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
        help="Receivables transferred to the factor and not settled yet: the open balance of the clearing account "
        "(rebooking), else the open amounts of the transferred documents.",
    )
    factor_open_amount_currency = fields.Monetary(
        compute="_compute_batch_stats",
        string="Open at Factor (Factor Currency)",
        help="Receivables in the factor's currency transferred to the factor and not settled yet, in that currency, "
        "as the factor's statement shows them.",
    )

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
        open_amounts_currency = {}
        for factor in self.filtered(lambda f: f.clearing_account_id and f.id and f.rebook_receivables):
            groups = self.env["account.move.line"]._read_group(
                [
                    ("account_id", "=", factor.clearing_account_id.id),
                    ("partner_id", "=", factor.partner_id.id),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                ],
                ["currency_id"],
                ["amount_residual:sum", "amount_residual_currency:sum"],
            )
            open_amounts[factor.id] = sum(residual for _currency, residual, _residual_currency in groups)
            open_amounts_currency[factor.id] = sum(
                residual_currency for currency, _residual, residual_currency in groups if currency == factor.currency_id
            )
        # Without rebooking the receivables stay on the customers: what is open at the factor is what is open of the
        # documents transferred (credit notes count against it).
        for factor in self.filtered(lambda f: f.id and not f.rebook_receivables):
            groups = self.env["account.move"]._read_group(
                [("factor_id", "=", factor.id), ("state", "=", "posted"), ("factoring_state", "=", "transferred")],
                ["currency_id", "move_type"],
                ["amount_residual_signed:sum", "amount_residual:sum"],
            )
            open_amounts[factor.id] = sum(residual for _currency, _type, residual, _residual_currency in groups)
            open_amounts_currency[factor.id] = sum(
                (-residual_currency if move_type == "out_refund" else residual_currency)
                for currency, move_type, _residual, residual_currency in groups
                if currency == factor.currency_id
            )
        for factor in self:
            factor.batch_count = counts.get(factor, 0)
            factor.last_batch_id = batches.browse(last.get(factor))
            factor.factor_open_amount = open_amounts.get(factor.id, 0.0)
            factor.factor_open_amount_currency = open_amounts_currency.get(factor.id, 0.0)

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
