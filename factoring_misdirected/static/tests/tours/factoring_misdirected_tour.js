// Copyright 2026 Odoo Factoring contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

/**
 * A Factoring User finds the debtor's payment of a transferred invoice among the bank transactions, books it as a
 * payment for the factor and prepares the forwarding. The Python test prepares the transferred invoice of 1,190.00
 * and the bank transaction "Zahlung RE <number>" of the same debtor for the same amount.
 */
registry.category("web_tour.tours").add("factoring_misdirected_payment", {
    steps: () => [
        {
            content: "The open incoming transaction is recognized as a payment for the factor",
            trigger: ".o_data_row:contains(Zahlung RE):contains(1,190.00) .o_field_widget[name=factoring_payment_for_factor] input:checked",
        },
        {
            content: "Open the transaction",
            trigger: ".o_data_row:contains(Zahlung RE) td.o_data_cell[name=payment_ref]",
            run: "click",
        },
        {
            content: "The form says whose money it is",
            trigger: ".o_form_view .alert-info:contains(this money belongs to the factor)",
        },
        {
            content: "Payment for the Factor",
            trigger: ".o_statusbar_buttons button.btn-primary[name=action_factoring_payment_for_factor]",
            run: "click",
        },
        {
            content: "The wizard proposes the transferred invoice for the full amount",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains(Müller Maschinenbau GmbH):contains(1,190.00)",
            timeout: 30000,
        },
        {
            content: "Nothing is wrong: no difference",
            trigger: ".modal .o_field_widget[name=difference]:contains(0.00)",
        },
        {
            content: "Book for the factor",
            trigger: ".modal footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The payment for the factor is to forward",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(To forward)",
            timeout: 30000,
        },
        {
            content: "Prepare the forwarding",
            trigger: ".o_statusbar_buttons button[name=action_prepare_forwarding]",
            run: "click",
        },
        {
            content: "A draft payment to the factor, the invoice in its memo",
            trigger: ".o_form_view .o_field_widget[name=memo] input:value(/Payments for you/)",
            timeout: 30000,
        },
        {
            content: "It goes to the factor",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input:value(Test Factoring Bank AG)",
        },
    ],
});
