# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class FactoringBatch(models.Model):
    """Settle a batch in one step: a settlement with every open item of the batch at the factor."""

    _inherit = "factoring.batch"

    amount_open_at_factor = fields.Monetary(
        compute="_compute_amount_open_at_factor",
        string="Open at Factor",
        help="What the factor still owes for this batch: its open items at the factor (the documents' clearing "
        "lines, less the fees and retention booked at transfer; without rebooking the documents' open receivables).",
    )

    @api.depends("state", "move_id.line_ids.amount_residual", "fee_move_id.line_ids.amount_residual")
    def _compute_amount_open_at_factor(self):
        for batch in self:
            items = batch._get_settlement_items() if batch.state in ("confirmed", "sent") else []
            batch.amount_open_at_factor = sum(batch._get_item_amount(aml) for aml in items)

    def _get_item_amount(self, aml):
        """Open amount of the item ``aml`` in the batch currency."""
        return aml.amount_residual_currency if aml.currency_id == self.currency_id else aml.amount_residual

    def _get_settlement_items(self):
        """The batch's open items at the factor: the open lines of its entries on the factor's clearing account (the
        documents' rebooked receivables, the fees and retention booked at transfer), or for a batch without rebooking
        the documents' open receivables."""
        self.ensure_one()
        factor = self.factor_id
        if self.move_id:
            lines = (self.move_id | self.fee_move_id).line_ids.filtered(
                lambda aml: aml.account_id == factor.clearing_account_id and aml.partner_id == factor.partner_id
            )
        else:
            lines = self.line_ids.move_id.line_ids.filtered(
                lambda aml: aml.account_id.account_type == "asset_receivable"
            )
        return lines.filtered(lambda aml: aml.parent_state == "posted" and not aml.reconciled)

    def action_settle_batch(self):
        """Open the Settle Batch wizard: the batch and, proposed, a bank transaction of the factor paying it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Settle Batch"),
            "res_model": "factoring.settle.batch",
            "view_mode": "form",
            "target": "new",
            "context": {"default_batch_id": self.id},
        }

    def _get_draft_settlement(self):
        """The draft settlement that already holds open items of the batch (made by an earlier Settle Batch, or
        filled by hand), if any: Settle Batch opens it instead of making a second one with the same items."""
        self.ensure_one()
        items = self._get_settlement_items()
        if not items:
            return self.env["factoring.settlement"]
        lines = self.env["factoring.settlement.line"].search(
            [("move_line_id", "in", items.ids), ("state", "=", "draft")], order="id"
        )
        return lines.settlement_id[:1]

    def _open_settlement(self, statement_line=None):
        """The batch's draft settlement: the one it already has (given the bank transaction when it has none yet),
        else a new one (_create_settlement)."""
        self.ensure_one()
        settlement = self._get_draft_settlement()
        if not settlement:
            return self._create_settlement(statement_line=statement_line)
        if statement_line and not settlement.statement_line_id:
            settlement.write({"statement_line_id": statement_line.id, "date": statement_line.date})
        return settlement

    def _create_settlement(self, statement_line=None):
        """A draft settlement of every open item of the batch: the amount to settle is the bank transaction's, else
        the expected payout (the items' open amount; on a batch nothing was settled of yet, its Expected Payout)."""
        self.ensure_one()
        if self.state not in ("confirmed", "sent"):
            raise UserError(self.env._("Only confirmed or sent batches can be settled: %(batch)s", batch=self.name))
        items = self._get_settlement_items()
        if not items:
            raise UserError(self.env._("Nothing of batch %(batch)s is open at the factor any more.", batch=self.name))
        vals = {
            "factor_id": self.factor_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "ref": self.name,
            "amount_to_settle": self.currency_id.round(sum(self._get_item_amount(aml) for aml in items)),
        }
        if statement_line:
            vals.update({"statement_line_id": statement_line.id, "date": statement_line.date})
            del vals["amount_to_settle"]  # the bank transaction's amount (computed)
        settlement = self.env["factoring.settlement"].create(vals)
        settlement._add_move_lines(items)
        settlement.message_post(
            body=self.env._("Created from transfer batch %(batch)s.", batch=self.name)
        )
        return settlement
