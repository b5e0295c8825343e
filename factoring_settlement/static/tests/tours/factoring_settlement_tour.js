// Copyright 2026 Odoo Factoring contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

/**
 * A Factoring User books the factor's statement: a new settlement, the open item added with the wizard, a cash
 * discount deduction and the factor's fee on its line, the amount the factor paid so that Open is zero, Post.
 * The Python test prepares one transferred invoice of 1,190.00 (rebooked to the factor's clearing account).
 * Figures: 1,190.00 settled - 50.00 deduction - 10.71 fee = 1,129.29 paid.
 */
registry.category("web_tour.tours").add("factoring_settlement_post", {
    steps: () => [
        {
            content: "The settlement list is open: create one",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the factor",
            trigger: ".o_form_editable .o_field_widget[name=factor_id] input",
            run: "edit Test Factoring",
        },
        {
            content: "Pick Test Factoring Bank",
            trigger: ".o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option):contains(Test Factoring Bank)",
            run: "click",
        },
        {
            content: "Statement number",
            trigger: ".o_field_widget[name=ref] input",
            run: "edit ABR-TOUR-1",
        },
        {
            content: "A bank journal is proposed",
            trigger: ".o_field_widget[name=journal_id] input:value(Bank)",
        },
        {
            content: "Add the open items",
            trigger: ".o_statusbar_buttons button[name=action_add_candidates]",
            run: "click",
        },
        {
            content: "The wizard finds the factor's open item",
            trigger: ".modal .o_field_widget[name=candidate_count]:text(1)",
            timeout: 30000, // server work (posting, confirming) on a loaded machine
        },
        {
            content: "Add all matching items",
            trigger: ".modal footer button[name=action_add_all]",
            run: "click",
        },
        {
            content: "The item is in the settlement with its open amount",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Müller Maschinenbau GmbH):contains(1,190.00)",
            timeout: 30000, // server work (posting, confirming) on a loaded machine
        },
        {
            content: "Nothing paid yet: Open is -1,190.00",
            trigger: ".o_field_widget[name=amount_open].text-danger:contains(-1,190.00)",
        },
        {
            content: "Edit the line: deduction",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Müller Maschinenbau GmbH) td[name=deduction_amount]",
            run: "click",
        },
        {
            content: "Cash discount of 50.00",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row td[name=deduction_amount] input",
            run: "edit 50",
        },
        {
            content: "Deduction reason",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row td[name=deduction_reason_id]",
            run: "click",
        },
        {
            content: "Search the reason",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row td[name=deduction_reason_id] input",
            run: "edit Cash",
        },
        {
            content: "Pick Cash discount",
            trigger: ".o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option):contains(Cash discount)",
            run: "click",
        },
        {
            content: "Factor's fee",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row td[name=fee_amount]",
            run: "click",
        },
        {
            content: "Factor's fee of 10.71",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row td[name=fee_amount] input",
            run: "edit 10.71",
        },
        {
            content: "Retention cell (commits the fee)",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row td[name=retention_amount]",
            run: "click",
        },
        {
            content: "Paid on the line: 1,129.29",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row td[name=amount_paid]:contains(1,129.29)",
        },
        {
            content: "Leave the line",
            trigger: ".o_field_widget[name=ref] input",
            run: "click",
        },
        {
            content: "Totals: deductions",
            trigger: ".o_field_widget[name=amount_deduction]:contains(50.00)",
        },
        {
            content: "Totals: fees",
            trigger: ".o_field_widget[name=amount_fee]:contains(10.71)",
        },
        {
            content: "Open is still not zero",
            trigger: ".o_field_widget[name=amount_open].text-danger:contains(-1,129.29)",
        },
        {
            content: "Try to post anyway",
            trigger: ".o_statusbar_buttons button[name=action_post]",
            run: "click",
        },
        {
            content: "Posting is refused with the figures",
            trigger: ".modal:contains(Open must be zero):contains(1,129.29)",
            timeout: 30000, // server work (posting, confirming) on a loaded machine
        },
        {
            content: "Close the message",
            trigger: ".modal footer button.btn-primary",
            run: "click",
        },
        {
            content: "The factor paid 1,129.29",
            trigger: ".o_field_widget[name=amount_to_settle] input",
            run: "edit 1129.29",
        },
        {
            content: "Leave the field",
            trigger: ".o_field_widget[name=ref] input",
            run: "click",
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
            timeout: 30000, // server work (posting, confirming) on a loaded machine
        },
        {
            content: "Its journal entry is linked",
            trigger: ".o-form-buttonbox button[name=action_view_move]:contains(Journal Entry)",
        },
        {
            content: "The settled amount is shown",
            trigger: ".o_field_widget[name=amount_settled]:contains(1,129.29)",
        },
    ],
});
