# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The factor cockpit: the figures of one factor on its card of the Factoring Overview.

Each figure comes from the one place that defines it: open and overdue at the factor from the factored documents
analysis (``factoring.document.report``), the security retention and the reconciliation difference from the factor
reconciliation (``_get_reconciliation_data``), payments to forward from ``factoring_misdirected``. Addons add their
figures through ``_get_cockpit_rejected`` (documents the factor rejected in a return file) and
``_get_cockpit_debtor_limits`` (the limit the factor grants per debtor)."""

from markupsafe import Markup, escape

from odoo import fields, models


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"

    cockpit_open_count = fields.Integer(compute="_compute_cockpit", string="Documents Open at the Factor")
    cockpit_overdue_count = fields.Integer(compute="_compute_cockpit", string="Overdue at the Factor")
    cockpit_overdue_amount = fields.Monetary(
        compute="_compute_cockpit", string="Overdue Amount", currency_field="company_currency_id"
    )
    cockpit_retention_balance = fields.Monetary(
        compute="_compute_cockpit", string="Retention Balance", currency_field="company_currency_id"
    )
    cockpit_difference = fields.Monetary(
        compute="_compute_cockpit", string="Reconciliation Difference", currency_field="company_currency_id"
    )
    cockpit_rejected_count = fields.Integer(compute="_compute_cockpit", string="Rejected Documents")
    cockpit_debtor_limits = fields.Html(compute="_compute_cockpit", string="Limit Use of the Top Debtors")
    cockpit_upload_status = fields.Char(compute="_compute_cockpit", string="Last Upload")

    def _compute_cockpit(self):
        today = fields.Date.context_today(self)
        Report = self.env["factoring.document.report"]
        groups = Report._read_group(
            [("factor_id", "in", self.ids), ("amount_open_factor", "!=", 0)],
            ["factor_id", "is_overdue"],
            ["__count", "amount_open_factor:sum"],
        )
        counts = {}
        for factor, overdue, count, amount in groups:
            entry = counts.setdefault(factor, {"open": 0, "overdue": 0, "overdue_amount": 0.0})
            entry["open"] += count
            if overdue:
                entry["overdue"] += count
                entry["overdue_amount"] += amount
        for factor in self:
            entry = counts.get(factor, {"open": 0, "overdue": 0, "overdue_amount": 0.0})
            data = factor._get_reconciliation_data(today) if factor.id else {}
            batch = factor.last_batch_id
            factor.update({
                "cockpit_open_count": entry["open"],
                "cockpit_overdue_count": entry["overdue"],
                "cockpit_overdue_amount": entry["overdue_amount"],
                "cockpit_retention_balance": data.get("retention_balance", 0.0),
                "cockpit_difference": data.get("difference", 0.0),
                "cockpit_rejected_count": len(factor._get_cockpit_rejected()),
                "cockpit_debtor_limits": factor._render_cockpit_debtor_limits(),
                "cockpit_upload_status": factor._get_cockpit_upload_status(batch),
            })

    def _get_cockpit_rejected(self):
        """The documents the factor rejected in a return file and that wait for a Factoring Manager's resubmission."""
        self.ensure_one()
        return self.env["account.move"].search([("factor_id", "=", self.id), ("factoring_state", "=", "rejected")])

    def _get_cockpit_debtor_limits(self, limit=5):
        """Hook: the debtors with most open at the factor, as dicts with ``partner``, ``open`` and ``limit`` (the
        credit limit the factor granted, 0.0 for none; the debtor limits addon may read its own history)."""
        self.ensure_one()
        groups = self.env["factoring.document.report"]._read_group(
            [("factor_id", "=", self.id), ("amount_open_factor", "!=", 0)],
            ["partner_id"],
            ["amount_open_factor:sum"],
            order="amount_open_factor:sum desc",
            limit=limit,
        )
        return [
            {"partner": partner, "open": amount, "limit": partner.with_company(self.company_id).factor_credit_limit}
            for partner, amount in groups
        ]

    def _render_cockpit_debtor_limits(self):
        rows = self._get_cockpit_debtor_limits() if self.id else []
        if not rows:
            return False
        currency = self.company_id.currency_id
        html = Markup("")
        for row in rows:
            use = f"{row['open'] / row['limit']:.0%}" if row["limit"] else self.env._("no limit")
            over = row["limit"] and row["open"] > row["limit"]
            row_html = Markup('<div class="d-flex justify-content-between%s"><span>%s</span><span>%s / %s</span></div>')
            html += row_html % (
                Markup(" text-danger") if over else Markup(""),
                escape(row["partner"].display_name),
                currency.format(row["open"]),
                use,
            )
        return html

    def _get_cockpit_upload_status(self, batch):
        if not batch:
            return self.env._("No batch yet")
        states = dict(batch._fields["state"]._description_selection(self.env))
        status = f"{batch.name}: {states.get(batch.state)}"
        if batch.state == "confirmed" and batch.upload_error:
            status += " - " + self.env._("upload failed")
        return status

    def action_open_document_analysis(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("factoring_cockpit.action_factoring_document_report")
        action["domain"] = [("factor_id", "=", self.id)]
        return action

    def action_open_month_report(self):
        """Transferred (by transfer date) and settled (by settlement date) per month, side by side."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("factoring_cockpit.action_factoring_month_report")
        action["domain"] = [("factor_id", "=", self.id)]
        return action

    def action_open_factor_history(self):
        """Open at the factor over time: the factor's clearing account, month by month, cumulated (a factor that
        rebooks receivables; the balance of its clearing account is what is open at the factor)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Open at %(factor)s over Time", factor=self.display_name),
            "res_model": "account.move.line",
            "view_mode": "graph,list",
            "views": [(self.env.ref("factoring_cockpit.account_move_line_view_graph_factor_history").id, "graph"),
                      (False, "list")],
            "domain": [
                ("account_id", "=", self.clearing_account_id.id),
                ("company_id", "=", self.company_id.id),
                ("parent_state", "=", "posted"),
            ],
            "context": {"create": False},
        }
