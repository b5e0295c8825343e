// Copyright 2026 Odoo Factoring contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

/**
 * A Factoring User confirms a batch of a factor that books its fees and retention at transfer, and settles it in one
 * step from the batch: Settle Batch proposes the factor's bank transaction, the settlement opens with every open item
 * of the batch and nothing left open, Post.
 * The Python test prepares the draft batch (one invoice of 1,190.00) and the bank transaction of 1,056.84.
 * Figures: fee 1 % = 11.90, input VAT 19 % = 2.26, retention 10 % = 119.00, payout 1,056.84.
 */
registry.category("web_tour.tours").add("factoring_settle_batch", {
    steps: () => [
        {
            content: "The draft batch shows the fees, the retention and the expected payout",
            trigger: ".o_form_view .o_field_widget[name=amount_payout]:contains(1,056.84)",
        },
        {
            content: "Fees without VAT",
            trigger: ".o_field_widget[name=amount_fee]:contains(11.90)",
        },
        {
            content: "Input VAT on the fees",
            trigger: ".o_field_widget[name=amount_fee_tax]:contains(2.26)",
        },
        {
            content: "Security retention",
            trigger: ".o_field_widget[name=amount_reserve]:contains(119.00)",
        },
        {
            content: "Confirm the batch",
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The batch is confirmed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Confirmed)",
            timeout: 30000, // server work (file, two entries) on a loaded machine
        },
        {
            content: "The fees and retention entry is booked",
            trigger: ".o_notebook_headers a[name=fee_journal_items]",
            run: "click",
        },
        {
            content: "Its clearing line holds the retention",
            trigger: ".o_field_widget[name=fee_move_line_ids] .o_data_row:contains(Security retention):contains(119.00)",
        },
        {
            content: "Settle the batch",
            trigger: ".o_statusbar_buttons button[name=action_settle_batch]",
            run: "click",
        },
        {
            content: "The factor's bank transaction is proposed: its amount is shown",
            trigger: ".modal .o_field_widget[name=amount_paid]:contains(1,056.84)",
            timeout: 30000,
        },
        {
            content: "It pays what is open for the batch",
            trigger: ".modal .o_field_widget[name=amount_difference].text-success:contains(0.00)",
        },
        {
            content: "Open the settlement",
            trigger: ".modal footer button[name=action_open_settlement]",
            run: "click",
        },
        {
            content: "The settlement holds the invoice, the fee and the retention",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Müller Maschinenbau GmbH):contains(1,190.00)",
            timeout: 30000,
        },
        {
            content: "The amount to settle is the bank transaction's",
            trigger: ".o_field_widget[name=amount_to_settle] input:value(1,056.84)",
        },
        {
            content: "Open is zero",
            trigger: ".o_field_widget[name=amount_open].text-success:contains(0.00):not(:contains(-))",
        },
        {
            content: "Post",
            trigger: ".o_statusbar_buttons button[name=action_post]",
            run: "click",
        },
        {
            content: "The settlement is posted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Posted)",
            timeout: 30000,
        },
    ],
});
