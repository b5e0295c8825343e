# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The notice of assignment: a customer is told in writing that its receivables are assigned to the factor and that
only a payment to the factor discharges its debt."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    factor_notice_date = fields.Date(
        string="Notice of Assignment Sent",
        company_dependent=True,
        tracking=True,
        copy=False,
        help="When the customer was sent the notice of assignment (in the current company): set by Send Notice of "
        "Assignment, or entered for a notice sent outside Odoo. Every change is kept in the chatter.",
    )
    factor_notice_factor_id = fields.Many2one(
        "factoring.factor",
        string="Notice Names Factor",
        company_dependent=True,
        tracking=True,
        copy=False,
        domain="[('company_id', 'in', (False, current_company_id))]",
        help="The factor the notice of assignment named: a customer assigned to another factor since must be "
        "notified again.",
    )

    @api.model
    def _commercial_fields(self):
        # EXTENDS base: the notice goes to the company; its contacts share it.
        return super()._commercial_fields() + ["factor_notice_date", "factor_notice_factor_id"]

    def action_send_factor_notice(self):
        """Send the notice of assignment of their factor (current company) to the selected customers.

        A customer with an email address gets the email in its language with the letter attached, sent to its
        invoicing contact when it has one (see _get_factor_notice_recipient); for the others
        the letter is attached in their chatter and returned for printing (to be sent by post). Each one gets the
        date and the factor of the notice and a chatter message with the letter.
        """
        if not self.env.user.has_group("factoring_base.group_factoring_user"):
            raise AccessError(self.env._("Only Factoring Users send notices of assignment."))
        company = self.env.company
        partners = self.commercial_partner_id.with_company(company)
        if not partners:
            raise UserError(self.env._("Select the customers to notify."))
        no_factor = partners.filtered(lambda partner: not partner.factor_id)
        if no_factor:
            raise UserError(
                self.env._(
                    "These customers are not assigned to a factor in %(company)s: %(partners)s",
                    company=company.name,
                    partners=", ".join(no_factor.mapped("display_name")),
                )
            )
        no_account = partners.factor_id.filtered(lambda factor: not factor.bank_account_id)
        if no_account:
            raise UserError(
                self.env._(
                    "The notice of assignment names the factor's bank account; enter it on factor %(factors)s.",
                    factors=", ".join(no_account.mapped("display_name")),
                )
            )
        # sudo: Factoring Users notify customers without the right to edit them; the date is the system's record
        # and the chatter message is written in the user's name.
        partners = partners.sudo()
        today = fields.Date.context_today(self)
        template = self.env.ref("factoring_base.mail_template_factor_notice")
        recipients = {partner: partner._get_factor_notice_recipient() for partner in partners}
        by_post = partners.filtered(lambda partner: not recipients[partner].email)
        for partner in partners:
            partner.write({"factor_notice_date": today, "factor_notice_factor_id": partner.factor_id.id})
            if partner in by_post:
                partner._post_factor_notice_letter()
            else:
                partner.message_post_with_source(
                    template,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=recipients[partner].ids,
                )
        if by_post:
            return self.env.ref("factoring_base.action_report_factor_notice").report_action(by_post.with_env(self.env))
        return self.env["factoring.factor"]._notification(
            self.env._("Notice of assignment sent"),
            self.env._(
                "Emailed to: %(partners)s", partners=", ".join(p.display_name for p in recipients.values())
            ),
            "success",
        )

    def _get_factor_notice_recipient(self):
        """Who is emailed the customer's notice of assignment: its invoicing contact (Odoo's invoice address, a
        contact of type Invoice) when that has an email address, else the customer itself."""
        self.ensure_one()
        contact = self.browse(self.address_get(["invoice"])["invoice"])
        return contact if contact.email else self

    def _post_factor_notice_letter(self):
        """Attach the letter in the customer's chatter, for a notice sent by post."""
        self.ensure_one()
        report = self.env.ref("factoring_base.action_report_factor_notice")
        content, _report_type = self.env["ir.actions.report"]._render_qweb_pdf(report, self.ids)
        name = self.env._("Notice of Assignment %(partner)s.pdf", partner=self.name)
        return self.message_post(
            body=self.env._(
                "Notice of assignment to %(factor)s: the customer has no email address, print the letter and send "
                "it by post.",
                factor=self.factor_id.name,
            ),
            attachments=[(name, content)],
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
