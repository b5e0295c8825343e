# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from .factoring_factor import _DATA_CACHE


class FactoringBatch(models.Model):
    _inherit = "factoring.batch"

    dfb_debtor_ids = fields.One2many(
        "factoring.batch.dfb.debtor",
        "batch_id",
        string="DFB Debtor Records",
        readonly=True,
        help="The debtors whose master record the batch's DFB file carries, with the fingerprint of the data sent.",
    )

    def draft2confirmed(self):
        # EXTENDS factoring_base: the DFB data are prepared once for the check, the file and the debtor stamps
        # (factoring.factor._dfb_data), and forgotten when the confirmation ends.
        cache = self.env.cr.cache.setdefault(_DATA_CACHE, {})
        try:
            return super().draft2confirmed()
        finally:
            cache.pop(self.id, None)

    def _stamp_partners(self):
        # EXTENDS factoring_base: after the file was written, remember which debtor data the DFB factor has.
        res = super()._stamp_partners()
        for batch in self.filtered(lambda b: b.factor_id.export_format == "dfb"):
            batch.factor_id._dfb_stamp_debtors(batch)
        return res

    def _cancel(self):
        # EXTENDS factoring_base: the debtors' fingerprints go back to what the factor received without this batch
        # when it was never sent (see factoring.batch.dfb.debtor._dfb_received_domain).
        self._dfb_check_cancel_keeps_debtor_records()
        res = super()._cancel()
        if self.dfb_debtor_ids:
            self.env["factoring.batch.dfb.debtor"]._dfb_restore_fingerprints(
                self.dfb_debtor_ids.partner_id, self.company_id
            )
        return res

    def _dfb_check_cancel_keeps_debtor_records(self):
        """A batch cancelled before it was sent takes its debtor records back from the factor. A later live batch
        whose file left out a debtor's record because this batch carried it (the same data) would then reach the
        factor with documents of a debtor the factor never received: that batch is cancelled first."""
        self.ensure_one()
        if self.state != "confirmed" or not self.dfb_debtor_ids:
            return
        Debtor = self.env["factoring.batch.dfb.debtor"]
        later = self.search([
            ("factor_id", "=", self.factor_id.id),
            ("id", "!=", self.id),
            ("state", "in", ("confirmed", "sent")),
            ("confirmed_date", ">=", self.confirmed_date),
        ])
        # one search for every record: the (debtor, fingerprint) pairs the factor has from another batch
        received = {
            (other.partner_id, other.fingerprint)
            for other in Debtor.search_fetch(
                Domain("partner_id", "in", self.dfb_debtor_ids.partner_id.ids)
                & Domain("company_id", "=", self.company_id.id)
                & Domain("fingerprint", "in", list(set(self.dfb_debtor_ids.mapped("fingerprint"))))
                & Domain("batch_id", "!=", self.id)
                & Debtor._dfb_received_domain(),
                ["partner_id", "fingerprint"],
            )
        }
        relying = {}
        for record in self.dfb_debtor_ids:
            if (record.partner_id, record.fingerprint) in received:
                continue  # the factor has the same data from another batch
            for batch in later:
                if record.partner_id in batch.line_ids.partner_id - batch.dfb_debtor_ids.partner_id:
                    relying.setdefault(batch, self.env["res.partner"])
                    relying[batch] |= record.partner_id
        if relying:
            raise UserError(
                self.env._(
                    "Batch %(batch)s cannot be cancelled before it was sent: the files of %(later)s do not repeat the "
                    "debtor records of %(debtors)s, which only %(batch)s carries, so the factor would receive their "
                    "documents without the debtors. Cancel %(later)s first, or send %(batch)s.",
                    batch=self.name,
                    later=", ".join(batch.name for batch in relying),
                    debtors=", ".join(dict.fromkeys(p.display_name for ps in relying.values() for p in ps)),
                )
            )


class FactoringBatchDfbDebtor(models.Model):
    """One debtor master record written to a batch's DFB file, with the fingerprint of the data it carried.

    The customer's *DFB Debtor Data Sent* (``res.partner.factor_dfb_hash``, per company) is the fingerprint of the
    last record the factor received: the latest of these records whose batch is not cancelled, or was sent before
    it was cancelled.

    Design: a batch cancelled while *confirmed* never left (the file was not sent), so the factor did not receive
    its debtor records and they are sent again with the next batch. A batch cancelled after it was *sent*: the
    factor has the file, and a debtor master record is the factor's master data, not a receivable; cancelling
    the batch takes back its documents, not the debtor data the factor got, so they are not sent again (unless
    they changed).
    """

    _name = "factoring.batch.dfb.debtor"
    _description = "DFB Debtor Record Sent"
    _order = "id desc"

    batch_id = fields.Many2one("factoring.batch", required=True, readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="batch_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Debtor", required=True, readonly=True, index=True, ondelete="cascade"
    )
    fingerprint = fields.Char(required=True, readonly=True)

    @api.model
    def _dfb_received_domain(self):
        """Records the factor received: their batch is live (confirmed or sent) or was sent before its cancel."""
        return Domain("batch_id.state", "in", ("confirmed", "sent")) | Domain("batch_id.sent_date", "!=", False)

    @api.model
    def _dfb_restore_fingerprints(self, partners, company):
        """Set the fingerprint of ``partners`` in ``company`` to the one of the last record the factor received."""
        records = self.search(
            Domain("partner_id", "in", partners.ids) & Domain("company_id", "=", company.id)
            & self._dfb_received_domain(),
            order="id desc",
        )
        last = {}
        for record in records:
            last.setdefault(record.partner_id, record.fingerprint)
        # sudo: Factoring Users cancel batches without the right to edit customers; the stamp is the system's record.
        for partner in partners.sudo().with_company(company):
            fingerprint = last.get(partner, False)
            if partner.factor_dfb_hash != fingerprint:
                partner.factor_dfb_hash = fingerprint
