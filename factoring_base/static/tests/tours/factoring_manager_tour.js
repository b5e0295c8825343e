// Copyright 2026 Odoo Factoring contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/** Type into a many2one field and pick the suggestion that contains ``label``. */
function selectMany2one(fieldName, search, label = search) {
    return [
        {
            content: `Search ${search} in ${fieldName}`,
            trigger: `.o_field_widget[name=${fieldName}] input`,
            run: `edit ${search}`,
        },
        {
            content: `Pick ${label}`,
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option):contains(${label})`,
            run: "click",
        },
        {
            content: `${fieldName} shows ${label}`,
            trigger: `.o_field_widget[name=${fieldName}] input:value(${label})`,
        },
    ];
}

/**
 * A Factoring Manager creates a factor through its form and assigns a customer to it on the customer's form.
 * Data (factor contact with its bank account, clearing account, customer) comes from the Python test.
 */
registry.category("web_tour.tours").add("factoring_manager_configure_factor", {
    steps: () => [
        {
            content: "The factor list is open",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "Name of the factor",
            trigger: ".o_form_editable .o_field_widget[name=name] input",
            run: "edit Tour Factoring Bank",
        },
        {
            content: "Code",
            trigger: ".o_field_widget[name=code] input",
            run: "edit TOUR",
        },
        ...selectMany2one("partner_id", "Tour Factor AG"),
        ...selectMany2one("bank_account_id", "DE75512108001245126199", "DE75 5121 0800 1245 1261 99"),
        {
            content: "Open the contract types",
            trigger: ".o_field_widget[name=factoring_type] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "Recourse contract",
            trigger: ".o_select_menu_item:contains(Recourse)",
            run: "click",
        },
        {
            content: "Fee",
            trigger: ".o_field_widget[name=fee_percent] input",
            run: "edit 0.75",
        },
        {
            content: "Our client number at the factor",
            trigger: ".o_field_widget[name=client_number] input",
            run: "edit 99001",
        },
        {
            content: "Accounting tab",
            trigger: ".o_notebook_headers a[name=accounting]",
            run: "click",
        },
        {
            content: "Rebook the receivables at transfer",
            trigger: ".o_field_widget[name=rebook_receivables] input",
            run: "check",
        },
        {
            content: "The transfer journal is now required",
            trigger: ".o_field_widget[name=journal_id].o_required_modifier",
        },
        ...selectMany2one("clearing_account_id", "1429", "Tour factor clearing"),
        ...selectMany2one("fee_account_id", "4979", "Tour factoring fees"),
        ...selectMany2one("journal_id", "Tour Transfers"),
        ...stepUtils.saveForm(),
        {
            content: "The saved factor shows its name",
            trigger: ".o_breadcrumb .active:contains(Tour Factoring Bank)",
            timeout: 30000, // server work (posting, confirming) on a loaded machine
        },
        {
            content: "No customer is assigned yet",
            trigger: "button[name=action_view_customers] .o_stat_value:text(0)",
        },
        {
            content: "Files tab",
            trigger: ".o_notebook_headers a[name=files]",
            run: "click",
        },
        {
            content: "The factor got its own batch number sequence",
            trigger: ".o_field_widget[name=sequence_id]:contains(Factoring batches TOUR)",
        },
        // Assign a customer: Invoicing > Customers > Customers, open the customer, tab Invoicing.
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Invoicing",
            trigger: ".o_app[data-menu-xmlid='account.menu_finance']",
            run: "click",
        },
        {
            content: "Customers menu",
            trigger: ".o_menu_sections [data-menu-xmlid='account.menu_finance_receivables']",
            run: "click",
        },
        {
            content: "Customers",
            trigger: ".dropdown-item[data-menu-xmlid='account.menu_account_customer']",
            run: "click",
        },
        {
            content: "Search the customer",
            trigger: ".o_searchview_input",
            run: "edit Hansen Werkzeugbau",
        },
        {
            content: "Apply the search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the customer",
            trigger: ".o_data_row:contains(Hansen Werkzeugbau KG) td.o_data_cell:contains(Hansen Werkzeugbau KG), .o_kanban_record:contains(Hansen Werkzeugbau KG)",
            run: "click",
        },
        {
            content: "Invoicing tab",
            trigger: ".o_form_view .o_notebook_headers a[name=accounting]",
            run: "click",
        },
        {
            content: "The Factoring group is shown, with no factor yet",
            trigger: ".o_inner_group:contains(Factoring) .o_field_widget[name=factor_id] input:value(/^$/)",
        },
        ...selectMany2one("factor_id", "Tour Factoring", "Tour Factoring Bank"),
        {
            content: "Debtor number at the factor (shown once a factor is set)",
            trigger: ".o_field_widget[name=factor_debtor_ref] input",
            run: "edit D-7001",
        },
        {
            content: "Credit limit granted by the factor",
            trigger: ".o_field_widget[name=factor_credit_limit] input",
            run: "edit 25000",
        },
        ...stepUtils.saveForm(),
        {
            content: "The customer is assigned to the factor",
            trigger: ".o_form_saved .o_field_widget[name=factor_id] input:value(Tour Factoring Bank)",
            timeout: 30000, // server work (posting, confirming) on a loaded machine
        },
        {
            content: "Its debtor number is kept",
            trigger: ".o_field_widget[name=factor_debtor_ref] input:value(D-7001)",
        },
    ],
});
