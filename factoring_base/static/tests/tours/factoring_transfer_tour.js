// Copyright 2026 Odoo Factoring contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import { patch } from "@web/core/utils/patch";
import { stepUtils } from "@web_tour/tour_utils";

// URL the "Download File" button asked the browser to open (headless Chromium does not download files).
let downloadUrl = null;
let unpatchOpen = null;

/**
 * A Factoring User posts a draft invoice of an assigned customer, runs "Transfer to Factor" from the menu,
 * creates and confirms the batch and downloads the factor's file. The Python test prepares the draft invoice
 * (1,000.00 + 19 % VAT) and an invoice dated after today, which the wizard must leave out.
 */
registry.category("web_tour.tours").add("factoring_user_transfer_batch", {
    steps: () => [
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
            content: "Invoices",
            trigger: ".dropdown-item[data-menu-xmlid='account.menu_action_move_out_invoice_type']",
            run: "click",
        },
        {
            content: "Open the draft invoice of the assigned customer",
            trigger: ".o_list_view .o_data_row:contains(Müller Maschinenbau GmbH):contains(Draft) td[name=name]",
            run: "click",
        },
        {
            content: "The invoice says it is assigned to the factor",
            trigger: ".o_form_view .alert-info:contains(Assigned to factor):contains(Test Factoring Bank)",
        },
        {
            content: "Confirm the invoice",
            trigger: ".o_statusbar_buttons button[name=action_post]",
            run: "click",
        },
        {
            content: "The invoice is posted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Posted)",
            timeout: 30000, // server work (posting, confirming) on a loaded machine
        },
        {
            content: "Other Info tab",
            trigger: ".o_notebook_headers a[name=other_info]",
            run: "click",
        },
        {
            content: "It waits for the transfer",
            trigger: ".o_field_widget[name=factoring_state]:contains(To transfer)",
        },
        {
            content: "The customer pays to the factor's bank account",
            trigger: ".o_field_widget[name=partner_bank_id]:contains(DE89 3704 0044 0532 0130 00), .o_field_widget[name=partner_bank_id] input:value(DE89 3704 0044 0532 0130 00)",
        },
        // Transfer to Factor from the factor's card on the Factoring Overview.
        {
            content: "Customers menu",
            trigger: ".o_menu_sections [data-menu-xmlid='account.menu_finance_receivables']",
            run: "click",
        },
        {
            content: "Factoring Overview",
            trigger: ".dropdown-item[data-menu-xmlid='factoring_base.menu_factoring_overview']",
            run: "click",
        },
        {
            content: "The factor's card counts the invoice waiting for the transfer",
            trigger: ".o_kanban_record:contains(Test Factoring Bank):contains(2 documents waiting)",
        },
        {
            content: "Transfer to Factor",
            trigger: ".o_kanban_record:contains(Test Factoring Bank) button[name=action_transfer]",
            run: "click",
        },
        {
            content: "The wizard is open for the factor",
            trigger: ".modal .o_field_widget[name=factor_id] input:value([TFB] Test Factoring Bank)",
            timeout: 30000, // server work (posting, confirming) on a loaded machine
        },
        {
            content: "The summary counts the invoice going to the factor",
            trigger: ".modal .o_field_widget[name=summary]:contains(EUR: 1 invoices):contains(1,190.00):contains(0 credit notes)",
        },
        {
            content: "The posted invoice is listed to transfer",
            trigger: ".modal .o_field_widget[name=selected_line_ids] .o_data_row:contains(Müller Maschinenbau GmbH):contains(1,190.00)",
        },
        {
            content: "Show what is left out",
            trigger: ".modal .o_notebook_headers a[name=excluded]",
            run: "click",
        },
        {
            content: "The future invoice is left out, with its reason",
            trigger: ".modal .o_field_widget[name=excluded_line_ids] .o_data_row:contains(Müller Maschinenbau GmbH):contains(Dated after the cut-off date)",
        },
        {
            content: "Create the batch",
            trigger: ".modal footer button[name=action_create_batches]",
            run: "click",
        },
        {
            content: "The new batch is a draft",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Draft)",
            timeout: 30000, // server work (posting, confirming) on a loaded machine
        },
        {
            content: "Batch totals: one invoice of 1,190.00",
            trigger: ".o_field_widget[name=invoice_count]:text(1)",
        },
        {
            trigger: ".o_field_widget[name=amount_invoices]:contains(1,190.00)",
        },
        {
            content: "Its document is listed",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Müller Maschinenbau GmbH):contains(1,190.00)",
        },
        {
            content: "Confirm the batch",
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The batch is confirmed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Confirmed)",
            timeout: 30000, // server work (posting, confirming) on a loaded machine
        },
        {
            content: "Net amount transferred",
            trigger: ".o_field_widget[name=amount_net]:contains(1,190.00)",
        },
        {
            content: "The rebooking entry is linked",
            trigger: ".o-form-buttonbox button[name=action_view_move]:contains(Rebooking)",
        },
        {
            content: "The chatter records the confirmation",
            trigger: ".o-mail-Message:contains(Batch confirmed: 1 documents)",
        },
        {
            content: "Catch the download instead of letting the headless browser open a tab",
            trigger: ".o_statusbar_buttons button[name=action_download]",
            run() {
                downloadUrl = null;
                unpatchOpen = patch(browser, {
                    open(url) {
                        downloadUrl = url;
                        return { closed: false };
                    },
                });
            },
        },
        {
            content: "Download the file",
            trigger: ".o_statusbar_buttons button[name=action_download]",
            run: "click",
        },
        {
            content: "The file is served and holds the document",
            trigger: ".o_form_view .o_form_saved",
            async run({ waitUntil }) {
                await waitUntil(() => downloadUrl, { timeout: 20000 });
                unpatchOpen();
                if (!/^\/web\/content\/\d+\?download=true$/.test(downloadUrl)) {
                    throw new Error(`Unexpected download URL ${downloadUrl}`);
                }
                const response = await fetch(downloadUrl);
                const disposition = response.headers.get("Content-Disposition") || "";
                const text = await response.text();
                if (!response.ok || !disposition.includes(".csv")) {
                    throw new Error(`Download failed: ${response.status} ${disposition}`);
                }
                const [header, row] = text.trim().split(/\r?\n/);
                if (!header.startsWith("batch;client_number;doc_type;number") || !row.includes(";4711;")
                    || !row.includes("Müller Maschinenbau GmbH") || !row.includes(";1190.00;")) {
                    throw new Error(`Unexpected file content:\n${text}`);
                }
                document.body.classList.add("o_factoring_tour_downloaded");
            },
        },
        {
            content: "Download checked",
            trigger: "body.o_factoring_tour_downloaded",
        },
        {
            content: "Files and Entries tab",
            trigger: ".o_notebook_headers a[name=files]",
            run: "click",
        },
        {
            content: "The file is attached to the batch",
            trigger: ".o_field_widget[name=file_ids] .o_attachment:contains(.csv), .o_field_widget[name=file_ids]:contains(.csv)",
        },
    ],
});

/**
 * "Transfer to Factor" opened from the menu starts without a factor: the user must be able to pick one, and the
 * wizard then shows what goes to the factor. The Python test prepares one posted invoice of an assigned customer.
 */
registry.category("web_tour.tours").add("factoring_transfer_from_menu", {
    steps: () => [
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
            content: "Transfer to Factor",
            trigger: ".dropdown-item[data-menu-xmlid='factoring_base.menu_factoring_transfer']",
            run: "click",
        },
        {
            content: "No factor chosen yet",
            trigger: ".o_field_widget[name=factor_id] input:value(/^$/)",
        },
        {
            content: "Search the factor",
            trigger: ".o_field_widget[name=factor_id] input",
            run: "edit Test Factoring",
        },
        {
            content: "The factor is offered",
            trigger: ".o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option):contains(Test Factoring Bank)",
            run: "click",
        },
        {
            content: "The summary counts the invoice going to the factor",
            trigger: ".o_field_widget[name=summary]:contains(EUR: 1 invoices):contains(595.00)",
            timeout: 30000,
        },
        {
            content: "The invoice is listed to transfer",
            trigger: ".o_field_widget[name=selected_line_ids] .o_data_row:contains(Müller Maschinenbau GmbH):contains(595.00)",
        },
        {
            content: "Create the batch",
            trigger: "button[name=action_create_batches]",
            run: "click",
        },
        {
            content: "The new batch is a draft of that invoice",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Draft)",
            timeout: 30000,
        },
        {
            content: "Its total",
            trigger: ".o_field_widget[name=amount_net]:contains(595.00)",
        },
    ],
});
