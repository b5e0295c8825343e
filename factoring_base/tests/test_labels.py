# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Labels read as sentences: the unit printed once, singular and plural on the factor's card."""

from lxml import etree

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestLabels(TransactionCase):
    def _arch(self, view_type, lang="en_US"):
        Factor = self.env["factoring.factor"].with_context(lang=lang)
        return etree.fromstring(Factor.get_views([(False, view_type)])["views"][view_type]["arch"])

    def test_percent_sign_once_on_the_factor_form(self):
        self.assertTrue(self.env["res.lang"]._lang_get("de_DE").active, "setup/test loads German")
        for lang, labels in (
            ("en_US", {"fee_percent": "Factoring Fee", "reserve_percent": "Security Retention"}),
            ("de_DE", {"fee_percent": "Factoringgebühr", "reserve_percent": "Sicherheitseinbehalt"}),
        ):
            arch = self._arch("form", lang)
            for fname, label in labels.items():
                with self.subTest(lang=lang, field=fname):
                    # the label, then the number followed by its unit
                    self.assertEqual(arch.xpath(f"//label[@for='{fname}']/@string"), [label])
                    row = arch.xpath(f"//field[@name='{fname}']/..")[0]
                    self.assertEqual("".join(row.itertext()).strip(), "%")

    def test_factor_card_counts_in_singular_and_plural(self):
        for lang, words in (
            ("en_US", {"action_view_batches": ("batch", "batches"),
                       "action_view_documents": ("document waiting", "documents waiting")}),
            ("de_DE", {"action_view_batches": ("Stapel", "Stapel"),
                       "action_view_documents": ("Beleg wartet", "Belege warten")}),
        ):  # fmt: skip
            arch = self._arch("kanban", lang)
            for button, (one, many) in words.items():
                with self.subTest(lang=lang, button=button):
                    link = arch.xpath(f"//a[@name='{button}']")[0]
                    self.assertEqual([t.text for t in link.xpath("t[contains(@t-if, '=== 1')]")], [one])
                    self.assertEqual([t.text for t in link.xpath("t[@t-else]")], [many])
