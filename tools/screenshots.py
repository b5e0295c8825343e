# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Screenshots of the main factoring screens for the README, taken with headless Chromium.

Runs against a running Odoo with the demo data of ``setup/run`` (factors DFB and A.B.S.) and drives the screens
like a user: the factor form, the factoring group of a customer, the transfer wizard (with an earlier cut-off
date, so that both "To Transfer" and "Left Out" have documents), the confirmed batch and a draft settlement with
its *Add Open Items* dialog and the open items added; and the demo flow as it is: a DFB batch with fees, retention
and expected payout, the A.B.S. batch with its PDF bundle, a customer notified of the assignment, the payment for
the factor, the return file with a rejected document, the cockpit and the analyses. Each screen is taken in English
(``docs/images/``) and in German (``docs/images/de/``): the logged-in user's language is switched between the two
(and set back at the end).
It creates and confirms a DFB batch and a draft settlement: use a freshly built database (or a copy).

    .venv/bin/python tools/screenshots.py --url http://127.0.0.1:8069 --db factoring_demo [--out docs/images]
        [--languages en,de]

``setup/screenshots`` does it all in one command on a copy of a database (see README, Development).

Needs Debian's ``chromium`` (installed by setup/test) and the Python packages requests and websocket-client.
"""

import argparse
import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests
import websocket

REPO = Path(__file__).resolve().parent.parent


class Browser:
    """Just enough of the Chrome DevTools protocol: navigate, run JavaScript, type, take screenshots."""

    def __init__(self, binary, width, height):
        self.profile = tempfile.mkdtemp(prefix="factoring-shots-")
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--no-default-browser-check",
                f"--window-size={width},{height}",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile, "DevToolsActivePort")
        self._wait(lambda: port_file.exists() and port_file.read_text().strip(), 30, "Chromium did not start")
        port = int(port_file.read_text().split()[0])
        targets = requests.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
        pages = [t for t in targets if t["type"] == "page"]
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], suppress_origin=True, timeout=120)
        self.ids = itertools.count(1)
        self.send("Page.enable")
        self.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    @staticmethod
    def _wait(predicate, timeout, message):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            time.sleep(0.2)
        raise TimeoutError(message)

    def send(self, method, params=None):
        msg_id = next(self.ids)
        self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params or {}}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == msg_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def js(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"JavaScript failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def _find(self, selector, text):
        return f"""[...document.querySelectorAll({json.dumps(selector)})].find(
            el => el.offsetParent !== null && el.textContent.includes({json.dumps(text or "")}))"""

    def wait(self, selector, text=None, timeout=60):
        """Wait for a visible element (containing ``text``), then for the web client to be idle."""
        self._wait(lambda: self.js(f"!!({self._find(selector, text)})"), timeout, f"{selector} {text or ''} not shown")
        self._wait(lambda: self.js("!document.querySelector('.o_loading_indicator, .o_blockUI')"), timeout, "busy")
        time.sleep(0.6)  # let the last rendering and animations settle before taking a picture

    def click(self, selector, text=None):
        self.wait(selector, text)
        self.js(f"({self._find(selector, text)}).click()")

    def mouse_click(self, selector, text=None):
        """A real mouse click in the middle of the element (focuses it, unlike element.click())."""
        self.wait(selector, text)
        x, y = self.js(f"""(() => {{ const r = ({self._find(selector, text)}).getBoundingClientRect();
            return [r.x + r.width / 2, r.y + r.height / 2]; }})()""")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def type(self, selector, value, enter=False):
        """Replace the content of an input like a user typing it."""
        self.wait(selector)
        self.js(f"(() => {{ const el = {self._find(selector, None)}; el.focus(); el.select(); }})()")
        self.send("Input.insertText", {"text": value})
        if enter:
            for kind in ("keyDown", "keyUp"):
                self.send("Input.dispatchKeyEvent",
                          {"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13})

    def goto(self, url, selector):
        self.send("Page.navigate", {"url": url})
        self.wait(selector)

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))
        print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(10)
            shutil.rmtree(self.profile, ignore_errors=True)


class Odoo:
    def __init__(self, url, db, login, password):
        self.url = url.rstrip("/")
        self.session = requests.Session()
        self.uid = self.call("/web/session/authenticate", {"db": db, "login": login, "password": password})["uid"]
        self.session_id = self.session.cookies["session_id"]

    def call(self, route, params):
        response = self.session.post(f"{self.url}{route}", json={"jsonrpc": "2.0", "method": "call", "params": params},
                                     timeout=60)
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RuntimeError(body["error"]["data"]["message"])
        return body["result"]

    def call_kw(self, model, method, args, **kwargs):
        return self.call(f"/web/dataset/call_kw/{model}/{method}",
                         {"model": model, "method": method, "args": args, "kwargs": kwargs})

    def search_read(self, model, domain, fields, **kwargs):
        return self.call_kw(model, "search_read", [domain, fields], **kwargs)

    def ref(self, xmlid):
        """The id of the record with this xml id (of our demo data)."""
        module, name = xmlid.split(".")
        rows = self.search_read("ir.model.data", [("module", "=", module), ("name", "=", name)], ["res_id"])
        if not rows:
            raise SystemExit(f"No record {xmlid}: use a database with our demo data")
        return rows[0]["res_id"]

    def set_language(self, code):
        """The user's language: the web client shows it from the next page load on."""
        self.call_kw("res.users", "write", [[self.uid], {"lang": code}])


# Language -> (Odoo language code, folder under --out, a word of the left-out reason "Dated after the cut-off date").
LANGUAGES = {"en": ("en_US", "", "cut-off"), "de": ("de_DE", "de", "Stichtag")}


def record_id(browser):
    """The id of the record the form shows (the last number of the URL)."""
    return int(browser.js("location.pathname.split('/').filter(Boolean).pop()"))


def shoot_factor_customer_wizard(browser, args, out, factor_url, customer_id, cutoff_word):
    """The screens that change nothing: the factor, a customer, the transfer wizard (left open, nothing created)."""
    browser.goto(factor_url, ".o_form_view .o_field_widget[name=code]")
    browser.screenshot(out / "factor_form.png")

    browser.goto(f"{args.url}/odoo/action-account.res_partner_action_customer/{customer_id}", ".o_form_view")
    browser.click(".o_notebook_headers a[name=accounting]")
    browser.wait(".o_field_widget[name=factor_debtor_ref]")
    browser.js("document.querySelector('.o_field_widget[name=factor_id]').scrollIntoView({block: 'center'})")
    browser.wait(".o_field_widget[name=factor_id]")
    browser.screenshot(out / "partner_factoring.png")

    open_transfer_wizard(browser, factor_url)
    browser.click(".modal .o_notebook_headers a[name=excluded]")
    browser.wait(".modal .o_field_widget[name=excluded_line_ids] .o_data_row", cutoff_word)
    browser.screenshot(out / "transfer_wizard_left_out.png")
    browser.click(".modal .o_notebook_headers a[name=selected]")
    browser.wait(".modal .o_field_widget[name=selected_line_ids] .o_data_row")
    browser.screenshot(out / "transfer_wizard.png")


# The records of the demo flow that the flow screenshots show: name -> xml id.
FLOW_RECORDS = {
    "dfb_batch": "factoring_export_dfb.demo_batch_dfb_open",
    "abs_batch": "factoring_export_abs.demo_batch_abs",
    "notified_customer": "factoring_base.demo_customer_mueller",
    "misdirected": "factoring_misdirected.demo_misdirected_payment",
    "return_file": "factoring_cockpit.demo_return_dfb",
}


def shoot_flow(browser, args, out, ids):
    """The demo flow, changing nothing: a DFB batch with fees, retention and payout, the A.B.S. batch with its PDF
    bundle, a customer notified of the assignment, a payment for the factor, the return file, the monthly graph."""
    batch_action = f"{args.url}/odoo/action-factoring_base.action_factoring_batch"
    browser.goto(f"{batch_action}/{ids['dfb_batch']}", ".o_form_view .o_field_widget[name=amount_payout]")
    browser.click(".o_notebook_headers a[name=fee_journal_items]")
    browser.wait(".o_field_widget[name=fee_move_line_ids] .o_data_row")
    browser.screenshot(out / "batch_fees.png")

    browser.goto(f"{batch_action}/{ids['abs_batch']}", ".o_statusbar_buttons button[name=action_download_bundle]")
    browser.click(".o_notebook_headers a[name=files]")
    browser.wait(".o_field_widget[name=bundle_file_id]")
    browser.screenshot(out / "batch_abs_bundle.png")

    browser.goto(f"{args.url}/odoo/action-account.res_partner_action_customer/{ids['notified_customer']}",
                 ".o_form_view")
    browser.click(".o_notebook_headers a[name=accounting]")
    browser.wait(".o_field_widget[name=factor_notice_date]")
    browser.js("document.querySelector('.o_field_widget[name=factor_notice_date]')"
               ".scrollIntoView({block: 'center'})")
    browser.wait(".o_field_widget[name=factor_notice_factor_id]")
    browser.screenshot(out / "partner_notice.png")

    browser.goto(f"{args.url}/odoo/action-factoring_misdirected.action_factoring_misdirected_payment/"
                 f"{ids['misdirected']}", ".o_form_view .o_field_widget[name=line_ids] .o_data_row")
    browser.screenshot(out / "misdirected_payment.png")

    browser.goto(f"{args.url}/odoo/action-factoring_settlement.action_factoring_return/{ids['return_file']}",
                 ".o_form_view .o_field_widget[name=line_ids] .o_data_row .text-bg-danger")
    browser.screenshot(out / "return_file.png")

    browser.goto(f"{args.url}/odoo/action-factoring_cockpit.action_factoring_month_report",
                 ".o_graph_renderer canvas")
    if browser.js("!!document.querySelector('.o_view_sample_data')"):
        raise RuntimeError("Transferred and settled per month shows sample data: no transfer in the database")
    browser.screenshot(out / "month_report.png")


def open_transfer_wizard(browser, factor_url):
    """*Transfer to Factor* on the factor, with a cut-off date ten days ago: the newer documents are left out."""
    browser.goto(factor_url, ".o_form_view .o_field_widget[name=code]")
    browser.click(".o_statusbar_buttons button[name=action_transfer]")
    browser.wait(".modal .o_field_widget[name=selected_line_ids] .o_data_row")
    cutoff = browser.js(
        "(() => { const { localization } = odoo.loader.modules.get('@web/core/l10n/localization');"
        " return luxon.DateTime.now().minus({ days: 10 }).toFormat(localization.dateFormat); })()"
    )
    browser.mouse_click(".modal .o_field_widget[name=cutoff_date] button")  # Odoo 19: a button until focused
    browser.type(".modal .o_field_widget[name=cutoff_date] input", cutoff, enter=True)
    browser.mouse_click(".modal .modal-title")  # close the date picker; the pointer leaves the date (no tooltip)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="factoring_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--out", default=str(REPO / "docs" / "images"))
    parser.add_argument("--languages", default="en,de", help="comma-separated, of: " + ", ".join(LANGUAGES))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--size", default="1366x800")
    args = parser.parse_args()

    languages = args.languages.split(",")
    if not languages or set(languages) - set(LANGUAGES):
        parser.error(f"--languages: choose among {', '.join(LANGUAGES)}")
    outs = {lang: Path(args.out, LANGUAGES[lang][1]) for lang in languages}
    for out in outs.values():
        out.mkdir(parents=True, exist_ok=True)
    odoo = Odoo(args.url, args.db, args.login, args.password)
    codes = [LANGUAGES[lang][0] for lang in languages]
    active = {lang["code"] for lang in odoo.search_read("res.lang", [("code", "in", codes)], ["code"])}
    if set(codes) - active:
        raise SystemExit(f"Load these languages in the database first: {', '.join(sorted(set(codes) - active))}")
    user_lang = odoo.search_read("res.users", [("id", "=", odoo.uid)], ["lang"])[0]["lang"]
    factor = odoo.search_read("factoring.factor", [("code", "=", "DFB")], ["id"])[0]
    customer = odoo.search_read("res.partner", [("factor_id", "=", factor["id"])], ["id"], order="name", limit=1)[0]
    flow_ids = {name: odoo.ref(xmlid) for name, xmlid in FLOW_RECORDS.items()}

    width, height = (int(v) for v in args.size.split("x"))
    browser = Browser(args.chromium, width, height)
    out = outs[languages[0]]
    try:
        host = args.url.split("//", 1)[1].split("/", 1)[0].split(":")[0]
        browser.send("Network.setCookie", {"name": "session_id", "value": odoo.session_id, "domain": host, "path": "/"})
        factor_url = f"{args.url}/odoo/action-factoring_base.action_factoring_factor/{factor['id']}"

        # 1. The factor, a customer assigned to it (tab Invoicing, group Factoring), the transfer wizard; the demo flow.
        for lang in languages:
            odoo.set_language(LANGUAGES[lang][0])
            out = outs[lang]
            shoot_factor_customer_wizard(browser, args, out, factor_url, customer["id"], LANGUAGES[lang][2])
            shoot_flow(browser, args, out, flow_ids)

        # 2. Create and confirm the batch (first language), then show it in each language.
        odoo.set_language(LANGUAGES[languages[0]][0])
        out = outs[languages[0]]
        open_transfer_wizard(browser, factor_url)
        browser.click(".modal footer button[name=action_create_batches]")
        browser.click(".o_statusbar_buttons button[name=action_confirm]")
        browser.wait(".o_statusbar_buttons button[name=action_download]")
        batch_url = f"{args.url}/odoo/action-factoring_base.action_factoring_batch/{record_id(browser)}"
        for lang in languages:
            odoo.set_language(LANGUAGES[lang][0])
            out = outs[lang]
            browser.goto(batch_url, ".o_statusbar_buttons button[name=action_download]")
            browser.wait(".o-mail-Message")
            browser.screenshot(out / "batch_confirmed.png")

        # 3. A settlement of the factor's statement: Add Open Items in each language, then the items added.
        odoo.set_language(LANGUAGES[languages[0]][0])
        out = outs[languages[0]]
        browser.goto(f"{args.url}/odoo/action-factoring_settlement.action_factoring_settlement/new",
                     ".o_form_view .o_field_widget[name=factor_id] input")
        browser.type(".o_field_widget[name=factor_id] input", "DFB")
        browser.click(".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option)", "DFB")
        browser.type(".o_field_widget[name=ref] input", "ABR-2026-0815")
        browser.click(".o_statusbar_buttons button[name=action_add_candidates]")  # saves the settlement first
        browser.wait(".modal footer button[name=action_add_all]")
        settlement_url = f"{args.url}/odoo/action-factoring_settlement.action_factoring_settlement/{record_id(browser)}"
        for index, lang in enumerate(languages):
            odoo.set_language(LANGUAGES[lang][0])
            out = outs[lang]
            browser.goto(settlement_url, ".o_statusbar_buttons button[name=action_add_candidates]")
            browser.click(".o_statusbar_buttons button[name=action_add_candidates]")
            browser.wait(".modal .o_field_widget[name=line_ids] .o_data_row")
            browser.screenshot(out / "settlement_add_items.png")
            if index < len(languages) - 1:
                browser.click(".modal .modal-header .btn-close")  # closed: nothing added
        browser.click(".modal footer button[name=action_add_all]")
        browser.wait(".o_field_widget[name=line_ids] .o_data_row")
        browser.screenshot(out / "settlement_form.png")
        for lang in languages[:-1]:
            odoo.set_language(LANGUAGES[lang][0])
            out = outs[lang]
            browser.goto(settlement_url, ".o_field_widget[name=line_ids] .o_data_row")
            browser.screenshot(out / "settlement_form.png")

        # 4. The factor cockpit (the overview cards) and the factored documents analysis, in each language.
        for lang in languages:
            odoo.set_language(LANGUAGES[lang][0])
            out = outs[lang]
            browser.goto(f"{args.url}/odoo/action-factoring_base.action_factoring_overview", ".o_kanban_record")
            browser.screenshot(out / "factor_cockpit.png")
            browser.goto(f"{args.url}/odoo/action-factoring_cockpit.action_factoring_document_report",
                         ".o_graph_renderer canvas")
            browser.screenshot(out / "factoring_analysis.png")
    except Exception:
        browser.screenshot(out / "failed.png")
        raise
    finally:
        browser.close()
        odoo.set_language(user_lang)


if __name__ == "__main__":
    main()
