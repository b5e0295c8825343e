# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data, second part: the demo factors at work (issue #17 §4, #19).

Each step goes through the methods a user's click calls (the transfer wizard, ``action_confirm``, the reversal
wizard, *Send Notice of Assignment*...), never by writing results. Each step runs once: it is skipped when the xml id
it leaves behind exists (demo files run again when an addon is updated). The addons building on factoring_base add
their steps in their own demo files (a DFB and an A.B.S. batch, a settlement, a payment for the factor, a return
file).
"""

from datetime import timedelta

from odoo import Command, api, fields, models


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _demo_done(self, xmlid):
        """Whether the demo step that leaves ``xmlid`` behind has run; False also without the demo factors."""
        return bool(self.env.ref(xmlid, raise_if_not_found=False)) or not self.env.ref(
            "factoring_base.demo_factor_dfb", raise_if_not_found=False
        )

    @api.model
    def _demo_documents(self, customer_xmlid, count=None):
        """The posted documents of a demo customer (invoices by date, then credit notes), the first ``count``."""
        partner = self.env.ref(f"factoring_base.{customer_xmlid}")
        moves = self.env["account.move"].search(
            [("partner_id", "=", partner.id), ("state", "=", "posted"),
             ("move_type", "in", ("out_invoice", "out_refund"))],
            order="move_type, invoice_date, id",
        )
        return moves[:count] if count else moves

    @api.model
    def _demo_transfer(self, factor, moves, date, xmlid, mark_sent=True):
        """Transfer ``moves`` as a user does: the transfer wizard with these documents, confirmed at once, then the
        downloaded file marked as sent (the demo factors have no transport: nothing leaves the server)."""
        wizard = self.env["factoring.transfer"].create({
            "factor_id": factor.id, "date": date, "restrict_move_ids": [Command.set(moves.ids)], "confirm": True,
        })
        batch = self.env["factoring.batch"].browse(wizard.action_create_batches()["res_id"])
        if mark_sent:
            batch.action_mark_sent()
        module, name = xmlid.split(".")
        return self._demo_xmlid(batch, name, module=module)

    @api.model
    def _demo_credit_note(self, invoice, reason, share):
        """A credit note of ``share`` of ``invoice``'s first line, made by the reversal wizard and posted."""
        wizard = self.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"reason": reason, "journal_id": invoice.journal_id.id, "date": fields.Date.context_today(self)})
        refund = self.env["account.move"].browse(wizard.refund_moves()["res_id"])
        line = refund.invoice_line_ids[:1]
        line.price_unit = round(line.price_unit * share, 2)
        refund.action_post()
        return refund

    @api.model
    def _demo_setup_fees_and_notices(self):
        """DFB books its fee (with input VAT) and a 10 % security retention at transfer (a non-recourse contract),
        so its batches show the expected payout; two of its customers get the notice of assignment, the others
        not yet."""
        dfb = self.env.ref("factoring_base.demo_factor_dfb", raise_if_not_found=False)
        if not dfb or dfb.book_fees_at_transfer:
            return
        company = dfb.company_id
        env = self.with_company(company).env
        chart = env["account.chart.template"].with_company(company)
        input_vat = chart.ref("tax_vst_19_skr03", raise_if_not_found=False)
        dfb.with_company(company).write({
            "factoring_type": "non_recourse", "reserve_percent": 10.0, "book_fees_at_transfer": True,
            "fee_tax_id": input_vat.id if input_vat else False,
        })
        customers = env.ref("factoring_base.demo_customer_mueller") | env.ref("factoring_base.demo_customer_schaefer")
        customers.with_company(company).action_send_factor_notice()

    @api.model
    def _demo_days_ago(self, days):
        return fields.Date.context_today(self) - timedelta(days=days)
