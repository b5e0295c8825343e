// Copyright 2026 Odoo Factoring contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

/**
 * A German accountant's words and the open-item picker: on a draft settlement the action reads "Verwerfen" (not
 * "Stornieren"), the three amounts have their own names, *Add Open Items* lists both open items at once with
 * their debtor (not the factor) and document number, the dialog's cancel button reads "Abbrechen", and the ticked
 * item is added. The Python test prepares two rebooked invoices (Müller 1.190,00, Schmidt 2.380,00).
 */
registry.category("web_tour.tours").add("factoring_settlement_german_words", {
    steps: () => [
        {
            content: "A draft is discarded, not reversed",
            trigger: ".o_statusbar_buttons button[name=action_cancel]:contains(Verwerfen):not(:contains(Stornieren))",
        },
        {
            content: "The amount the factor paid has its own name",
            trigger: ".o_form_label:contains(Zahlbetrag lt. Abrechnung)",
        },
        {
            content: "The payout computed from the items has its own name",
            trigger: ".o_form_label:contains(Errechnete Auszahlung)",
        },
        {
            content: "The difference between both",
            trigger: ".o_form_label:contains(Differenz)",
        },
        {
            content: "Add the open items",
            trigger: ".o_statusbar_buttons button[name=action_add_candidates]",
            run: "click",
        },
        {
            content: "Both open items are listed at once, with their debtor and full document number",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains(Müller Maschinenbau GmbH):contains(INV/):contains(1.190,00)",
            timeout: 30000, // server work on a loaded machine
        },
        {
            content: "The second debtor too (not the factor the clearing-account line carries)",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains(Schmidt Logistik AG):contains(2.380,00)",
        },
        {
            content: "German column titles",
            trigger: ".modal .o_field_widget[name=line_ids] thead:contains(Debitor):contains(Belegnummer):contains(Fälligkeit):contains(Offen)",
        },
        {
            content: "A picker has no line to add by hand",
            trigger: ".modal .o_field_widget[name=line_ids]:not(:has(.o_field_x2many_list_row_add))",
        },
        {
            content: "The dialog's cancel button says Abbrechen",
            trigger: ".modal footer button:contains(Abbrechen)",
        },
        {
            content: "Tick Müller's item",
            trigger: ".modal .o_data_row:contains(Müller Maschinenbau GmbH) td[name=selected]",
            run: "click",
        },
        {
            content: "Müller's item is ticked",
            trigger: ".modal .o_data_row:contains(Müller Maschinenbau GmbH) td[name=selected] input:checked",
        },
        {
            content: "Add the ticked item",
            trigger: ".modal footer button[name=action_add_selected]",
            run: "click",
        },
        {
            content: "Müller's item is in the settlement, with its full document number",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Müller Maschinenbau GmbH):contains(INV/)",
            timeout: 30000,
        },
        {
            content: "Only the ticked item was added",
            trigger: ".o_field_widget[name=line_ids]:not(:contains(Schmidt Logistik AG))",
        },
        {
            content: "The item's amounts are named apart as well",
            trigger: ".o_field_widget[name=line_ids] thead:contains(Ausgleich Forderung):contains(Auszahlung)",
        },
    ],
});
