# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How an existing database gets the new German labels (README, Development: *German labels after an update*).

An update (``-u``) rewrites a field's English label and keeps the German one it had (Odoo merges the new English
value into the stored translations), then loads ``de.po`` without overwriting existing terms: a changed label keeps
its old German text. Loading the translations with overwrite (``-u ... --i18n-overwrite``, or *Update Terms* with
*Overwrite Existing Terms* in Settings > Languages) replaces it by the one of ``de.po``.
"""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestGermanLabelsAfterUpdate(TransactionCase):
    def test_update_keeps_old_german_labels_unless_overwritten(self):
        self.assertTrue(self.env["res.lang"]._lang_get("de_DE").active, "setup/test loads German")
        field = self.env["ir.model.fields"]._get("factoring.factor", "factor_open_amount")
        german = field.with_context(lang="de_DE")
        self.assertEqual(german.field_description, "Offen beim Factor")
        # The state an update leaves when the English label changed: the German text of the old label.
        german.field_description = "Offener Betrag beim Factor (alt)"
        module = self.env["ir.module.module"].search([("name", "=", "factoring_base")])

        module._update_translations("de_DE")  # what -u does
        german.invalidate_recordset()
        self.assertEqual(german.field_description, "Offener Betrag beim Factor (alt)")

        module._update_translations("de_DE", overwrite=True)  # what -u ... --i18n-overwrite does
        german.invalidate_recordset()
        self.assertEqual(german.field_description, "Offen beim Factor")
