// Copyright 2026 Odoo Factoring contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

/**
 * A Factoring Manager opens the Factor Reconciliation from the factor's form and sees the clearing account balance,
 * the documents open at the factor and the difference a manual entry on the clearing account makes. The Python test
 * confirms a batch of one invoice (1,190.00) and posts a manual entry of 50.00 on the clearing account.
 */
registry.category("web_tour.tours").add("factoring_reconciliation_from_factor", {
    steps: () => [
        {
            content: "Open the factor",
            trigger: ".o_list_view .o_data_row:contains(Test Factoring Bank) td[name=name]",
            run: "click",
        },
        {
            content: "Factor Reconciliation",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_open_reconciliation]",
            run: "click",
        },
        {
            content: "The clearing account balance",
            trigger: ".modal .o_field_widget[name=ledger_balance]:contains(1,240.00)",
        },
        {
            content: "The documents open at the factor",
            trigger: ".modal .o_field_widget[name=open_documents_total]:contains(1,190.00)",
        },
        {
            content: "The difference is shown",
            trigger: ".modal .o_form_label:contains(Difference)",
        },
        {
            content: "It is the manual entry's amount",
            trigger: ".modal .o_field_widget[name=difference]:contains(50.00)",
        },
        {
            content: "The manual entry is named as its cause",
            trigger: ".modal .o_field_widget[name=difference_ids] .o_data_row:contains(Not matched with a document):contains(50.00)",
        },
        {
            content: "Documents Open at the Factor",
            trigger: ".modal .o_notebook_headers a:contains(Documents Open at the Factor)",
            run: "click",
        },
        {
            content: "The invoice is open at the factor",
            trigger: ".modal .o_field_widget[name=document_ids] .o_data_row:contains(Müller Maschinenbau GmbH):contains(1,190.00)",
        },
        {
            content: "Close",
            trigger: ".modal .modal-footer button:contains(Close)",
            run: "click",
        },
        {
            content: "Back on the factor",
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_buttons button[name=action_open_reconciliation]",
        },
    ],
});
