# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data: two factors, their customers and posted documents.

The data needs the company's chart of accounts, so it is built by code (called from demo/factoring_demo.xml)
rather than by XML records. It only runs when demo data is installed.
"""

from datetime import timedelta

from odoo import Command, api, fields, models

# (xml id, name, street, zip, city, country, vat, company_registry, lang, email, factor code, debtor number, limit)
DEMO_CUSTOMERS = [
    ("demo_customer_mueller", "Müller Maschinenbau GmbH", "Industriestraße 12", "70565", "Stuttgart", "DE",
     "DE123456788", "HRB 723456", "de_DE", "buchhaltung@mueller-maschinenbau.example", "DFB", "100101", 150000.0),
    ("demo_customer_schaefer", "Schäfer & Söhne KG", "Hafenweg 4", "28217", "Bremen", "DE",
     "DE811727342", "HRA 27155", "de_DE", "rechnungen@schaefer-soehne.example", "DFB", "100102", 80000.0),
    ("demo_customer_koenig", "König Elektrotechnik AG", "Maximilianstraße 33", "80539", "München", "DE",
     "DE112233446", "HRB 198765", "de_DE", "ap@koenig-elektro.example", "DFB", "100103", 120000.0),
    ("demo_customer_weber", "Weber Logistik GmbH", "Am Güterbahnhof 7", "20457", "Hamburg", "DE",
     "DE273615520", "HRB 145522", "en_US", "invoices@weber-logistik.example", "DFB", "100104", 60000.0),
    ("demo_customer_alpen", "Alpen Präzision AG", "Bahnhofstrasse 21", "8001", "Zürich", "CH",
     "CHE-116.281.710 MWST", "CHE-116.281.710", "de_DE", "kreditoren@alpen-praezision.example", "ABS", "CH-2001",
     90000.0),
    ("demo_customer_leman", "Léman Horlogerie SA", "Rue du Rhône 48", "1204", "Genève", "CH",
     "CHE-105.773.937 MWST", "CHE-105.773.937", "en_US", "compta@leman-horlogerie.example", "ABS", "CH-2002", 70000.0),
    ("demo_customer_ticino", "Ticino Bau GmbH", "Via Nassa 5", "6900", "Lugano", "CH",
     "CHE-123.456.788 MWST", "CHE-123.456.788", "de_DE", "contabilita@ticino-bau.example", "ABS", "CH-2003", 40000.0),
    ("demo_customer_nofactor_berlin", "Berliner Bürobedarf OHG", "Friedrichstraße 100", "10117", "Berlin", "DE",
     "DE314159262", False, "de_DE", "info@buerobedarf-berlin.example", False, False, 0.0),
    ("demo_customer_nofactor_basel", "Basler Druckerei AG", "Freie Strasse 3", "4051", "Basel", "CH",
     False, False, "de_DE", "info@druckerei-basel.example", False, False, 0.0),
]


class FactoringFactor(models.Model):
    _inherit = "factoring.factor"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _demo_account(self, company, code, name, account_type, reconcile=False):
        account = self.env["account.account"].with_company(company).search(
            [("code", "=", code), ("company_ids", "in", company.ids)], limit=1
        )
        return account or self.env["account.account"].with_company(company).create(
            {
                "code": code,
                "name": name,
                "account_type": account_type,
                "reconcile": reconcile,
                "company_ids": [Command.set(company.ids)],
            }
        )

    @api.model
    def _demo_xmlid(self, record, name, module="factoring_base"):
        self.env["ir.model.data"].create(
            {"module": module, "name": name, "model": record._name, "res_id": record.id, "noupdate": True}
        )
        return record

    @api.model
    def _demo_create_data(self):
        """Create the demo factors, customers and documents in the main company (once)."""
        if self.env.ref("factoring_base.demo_factor_dfb", raise_if_not_found=False):
            return
        company = self.env.ref("base.main_company")
        if not company.chart_template:
            self.env["account.chart.template"].try_loading("de_skr03", company=company, install_demo=False)
        env = self.with_company(company).env
        chf = env.ref("base.CHF")
        if not chf.active:
            chf.active = True
        if not chf.rate_ids.filtered(lambda r: r.company_id in (company, env["res.company"])):
            env["res.currency.rate"].create(
                {"currency_id": chf.id, "rate": 0.94, "name": fields.Date.today() - timedelta(days=90),
                 "company_id": company.id}
            )
        misc_journal = env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", company.id)], limit=1
        )
        fee = self._demo_account(company, "4970", "Factoring fees", "expense")
        interest = self._demo_account(company, "2110", "Factoring interest", "expense")
        retention = self._demo_account(company, "1418", "Sicherungseinbehalt Factoring", "asset_current", True)

        dfb_partner = self._demo_xmlid(env["res.partner"].create({
            "name": "DFB Deutsche Factoring Bank AG", "is_company": True, "street": "Langenstraße 15-21",
            "zip": "28195", "city": "Bremen", "country_id": env.ref("base.de").id, "vat": "DE114103571",
            "email": "service@factoring.example", "lang": "de_DE" if env["res.lang"]._lang_get("de_DE") else "en_US",
        }), "demo_partner_dfb")
        dfb_bank = env["res.partner.bank"].create({
            "partner_id": dfb_partner.id, "acc_number": "DE89370400440532013000", "allow_out_payment": True,
            "bank_id": env["res.bank"].create({"name": "DFB Deutsche Factoring Bank", "bic": "DEFADE22XXX"}).id,
        })
        abs_partner = self._demo_xmlid(env["res.partner"].create({
            "name": "A.B.S. Factoring AG", "is_company": True, "street": "Seestrasse 39", "zip": "8700",
            "city": "Küsnacht", "country_id": env.ref("base.ch").id, "vat": "CHE-105.960.385 MWST",
            "email": "info@abs-factoring.example",
        }), "demo_partner_abs")
        abs_bank = env["res.partner.bank"].create({
            "partner_id": abs_partner.id, "acc_number": "CH9300762011623852957", "allow_out_payment": True,
            "currency_id": chf.id,
            "bank_id": env["res.bank"].create({"name": "Zürcher Kantonalbank", "bic": "ZKBKCHZZ80A"}).id,
        })
        dfb = self._demo_xmlid(self.create({
            "code": "DFB", "name": "DFB Deutsche Factoring Bank", "company_id": company.id,
            "partner_id": dfb_partner.id, "bank_account_id": dfb_bank.id, "currency_id": company.currency_id.id,
            "factoring_type": "recourse", "fee_percent": 0.9, "client_number": "4711", "seller_code": "DFB01",
            "clearing_account_id": self._demo_account(
                company, "1421", "Forderungen aus Factoring DFB", "asset_receivable", True).id,
            "fee_account_id": fee.id, "interest_account_id": interest.id, "retention_account_id": retention.id,
            "journal_id": misc_journal.id, "rebook_receivables": True,
            "notice": "Die Forderung aus dieser Rechnung haben wir an die DFB Deutsche Factoring Bank AG abgetreten. "
            "Zahlungen mit schuldbefreiender Wirkung können nur auf das unten genannte Konto der DFB geleistet "
            "werden.",
        }), "demo_factor_dfb")
        dfb.with_context(lang="en_US").notice = (
            "We have assigned the receivable from this invoice to DFB Deutsche Factoring Bank AG. Payments "
            "discharge the debt only when made to DFB's account named below."
        )
        abs_factor = self._demo_xmlid(self.create({
            "code": "ABS", "name": "A.B.S. Factoring AG", "company_id": company.id,
            "partner_id": abs_partner.id, "bank_account_id": abs_bank.id, "currency_id": chf.id,
            "factoring_type": "non_recourse", "reserve_percent": 10.0, "fee_percent": 1.2,
            "client_number": "ABS-7788", "clearing_account_id": self._demo_account(
                company, "1422", "Forderungen aus Factoring A.B.S.", "asset_receivable", True).id,
            "fee_account_id": fee.id, "interest_account_id": interest.id, "retention_account_id": retention.id,
            "journal_id": misc_journal.id, "rebook_receivables": False,
        }), "demo_factor_abs")
        factors = {"DFB": dfb, "ABS": abs_factor}

        customers = {}
        for (xmlid, name, street, zip_code, city, country, vat, registry, lang, email,
             factor_code, debtor_ref, limit) in DEMO_CUSTOMERS:
            vals = {
                "name": name, "is_company": True, "street": street, "zip": zip_code, "city": city,
                "country_id": env.ref(f"base.{country.lower()}").id, "vat": vat, "company_registry": registry,
                "email": email, "customer_rank": 1,
            }
            if env["res.lang"]._lang_get(lang):
                vals["lang"] = lang
            partner = self._demo_xmlid(env["res.partner"].create(vals), xmlid)
            if factor_code:
                partner.with_company(company).write({
                    "factor_id": factors[factor_code].id, "factor_debtor_ref": debtor_ref,
                    "factor_credit_limit": limit,
                })
            customers[xmlid] = partner
        self._demo_create_documents(company, customers, chf)

    @api.model
    def _demo_create_documents(self, company, customers, chf):
        env = self.with_company(company).env
        journal = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        tax = company.account_sale_tax_id
        today = fields.Date.context_today(self)
        items = [
            ("Consulting hours", 95.0), ("Machine part A-17", 1240.0), ("Service contract (month)", 890.0),
            ("Installation on site", 2150.0), ("Spare parts kit", 318.5),
        ]
        # 15 days to pay: the older documents are overdue (also at the factor, in the cockpit).
        term = env.ref("account.account_payment_term_15days", raise_if_not_found=False)
        moves_vals = []
        counter = 0
        for xmlid, partner in customers.items():
            swiss = partner.country_id.code == "CH"
            count = 4 if "nofactor" not in xmlid else 2
            for i in range(count):
                counter += 1
                label, price = items[counter % len(items)]
                moves_vals.append({
                    "move_type": "out_invoice", "partner_id": partner.id, "journal_id": journal.id,
                    "invoice_date": today - timedelta(days=3 + counter * 2),
                    "currency_id": (chf if swiss else company.currency_id).id,
                    "ref": f"PO-{4500 + counter}",
                    "invoice_payment_term_id": term.id if term else False,
                    "invoice_line_ids": [Command.create({
                        "name": label, "quantity": 1 + i, "price_unit": price,
                        "tax_ids": [Command.set([] if swiss or not tax else tax.ids)],
                    })],
                })
        invoices = env["account.move"].create(moves_vals)
        invoices.action_post()
        # Two credit notes: a partial return and a price reduction, both made from invoices.
        refunds = env["account.move"]
        for invoice in (invoices.filtered(lambda m: m.factor_id.code == "DFB")[:1]
                        + invoices.filtered(lambda m: m.factor_id.code == "ABS")[:1]):
            wizard = env["account.move.reversal"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"reason": "Return of goods", "journal_id": invoice.journal_id.id, "date": today})
            refund = env["account.move"].browse(wizard.refund_moves()["res_id"])
            refund.invoice_line_ids[:1].price_unit = round(refund.invoice_line_ids[:1].price_unit / 4, 2)
            refunds |= refund
        refunds.action_post()
        # One invoice partly paid by the customer, as in real life.
        paid = invoices.filtered(lambda m: m.factor_id.code == "DFB")[2:3]
        if paid:
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=paid.ids
            ).create({"amount": round(paid.amount_total / 2, 2), "payment_date": today})._create_payments()
