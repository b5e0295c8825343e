// Copyright 2026 Odoo Factoring contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

/**
 * A Factoring User looks at the factor's card in the Factoring Overview: open and overdue at the factor, the payment
 * received for the factor and not forwarded, no reconciliation difference; opens the payments to forward and then
 * the analysis of the factored documents. The Python test prepares a transferred overdue invoice of 1,190.00 whose
 * debtor paid it to us.
 */
registry.category("web_tour.tours").add("factoring_cockpit", {
    steps: () => [
        {
            content: "The factor's card shows what is open and overdue at the factor",
            trigger: ".o_kanban_record:contains(Test Factoring Bank) .o_factoring_cockpit:contains(1 overdue):contains(1,190.00)",
        },
        {
            content: "No reconciliation difference",
            trigger: ".o_kanban_record:contains(Test Factoring Bank) .o_factoring_cockpit .text-success:contains(Reconciliation difference)",
        },
        {
            content: "The money to forward stands out: open it",
            trigger: ".o_kanban_record:contains(Test Factoring Bank) .o_factoring_cockpit .text-danger a[name=action_view_misdirected_payments]",
            run: "click",
        },
        {
            content: "The payment for the factor is listed as to forward",
            trigger: ".o_list_view .o_data_row:contains(Müller Maschinenbau GmbH):contains(To forward)",
        },
        {
            content: "Back to the overview",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item:first-child a",
            run: "click",
        },
        {
            content: "Open the analysis of the factor's documents",
            trigger: ".o_kanban_record:contains(Test Factoring Bank) a[name=action_open_document_analysis]",
            run: "click",
        },
        {
            content: "The graph of the factored documents is shown",
            trigger: ".o_graph_view .o_graph_renderer canvas",
        },
    ],
});
