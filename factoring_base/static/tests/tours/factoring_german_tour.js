// Copyright 2026 Odoo Factoring contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

/**
 * A German accountant transfers from the Factoring Overview: the card has no empty label, the wizard's cancel
 * button reads "Abbrechen", a document whose debtor has no address is left out with the reason before any batch
 * exists, and the draft batch offers "Verwerfen" (not "Stornieren") and names its total "Übergabebetrag".
 * The Python test prepares Müller's invoice (goes) and one of "Ohne Adresse GmbH" (left out).
 */
registry.category("web_tour.tours").add("factoring_german_transfer_words", {
    steps: () => [
        {
            content: "No batch yet: the card says so instead of an empty label",
            trigger: ".o_kanban_record:contains(Test Factoring Bank):contains(Noch kein Stapel)",
        },
        {
            content: "Transfer to the factor",
            trigger: ".o_kanban_record:contains(Test Factoring Bank) button[name=action_transfer]",
            run: "click",
        },
        {
            content: "Müller's invoice goes",
            trigger: ".modal .o_field_widget[name=selected_line_ids] .o_data_row:contains(Müller Maschinenbau GmbH):contains(INV/)",
            timeout: 30000, // server work on a loaded machine
        },
        {
            content: "The dialog's cancel button says Abbrechen",
            trigger: ".modal footer button:contains(Abbrechen)",
        },
        {
            content: "Show what is left out",
            trigger: ".modal .o_notebook_headers a[name=excluded]:contains(Nicht übergeben)",
            run: "click",
        },
        {
            content: "The debtor without address is left out with the reason, before the batch exists",
            trigger: ".modal .o_field_widget[name=excluded_line_ids] .o_data_row:contains(Beim Debitor Ohne Adresse GmbH fehlt)",
        },
        {
            content: "Create the batch",
            trigger: ".modal footer button[name=action_create_batches]",
            run: "click",
        },
        {
            content: "A draft batch is discarded, not reversed",
            trigger: ".o_statusbar_buttons button[name=action_cancel]:contains(Verwerfen):not(:contains(Stornieren))",
            timeout: 30000,
        },
        {
            content: "Its total is the transfer amount, not a net amount",
            trigger: ".o_form_label:contains(Übergabebetrag)",
        },
        {
            content: "The document with its full number, without the order reference",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Müller Maschinenbau GmbH):contains(INV/):not(:contains(PO-4711))",
        },
    ],
});
