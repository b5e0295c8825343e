# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Assemble docs/PERFORMANCE.md from the JSON results of the benchmark scripts (called by setup/bench)."""

import argparse
import datetime
import json
import os
import platform
import re
import sys
from pathlib import Path

# Growth from N to 10 x N counts as linear up to this time factor (fixed costs make small runs relatively slow,
# so a factor below 10 is normal); queries per document may grow by this fraction.
LINEAR_TIME_FACTOR = 13.0
QUERY_GROWTH = 0.10

ORDER = ["transfer", "transfer_one_customer", "settlement", "dfb_export", "abs_export", "dfb_writer", "abs_workbook",
         "background"]
# Benchmarks run on their own (setup/bench --only background): their section of an existing report is replaced
# in place, between these markers, and the rest of the report is kept.
IN_PLACE = {"background"}
MARK_START = "<!-- bench:{name} start (setup/bench --only {name} replaces this section) -->"
MARK_END = "<!-- bench:{name} end -->"
SIDE_LABELS = {"ours": "ours", "odoo": "Odoo", "info": "detail"}

# What each comparison means, printed under the benchmark's heading.
NOTES = {
    "transfer": "(a) creates and confirms one batch: checks, the factor's file, one rebooking entry with two lines per "
    "document (the customer's receivable leaves, the factor's clearing account takes it: the factor's line is "
    "settled document by document later) posted and reconciled document by document. (b) is Odoo's grouped "
    "payment of the same invoices, spread over 20 customers: one payment per customer (an entry of two lines and "
    "one reconciliation of its customer's invoices). Most of (a) is Odoo's own cost of creating, posting and "
    "reconciling 2 N entry lines. Both sides run 3 times in alternating order from the same saved state; the best "
    "run of each counts.",
    "transfer_one_customer": "The same as above with every invoice for one customer: the shape most favourable to "
    "Odoo's side (one single payment of two lines instead of one per customer), the least favourable to ours. "
    "(c) makes the rebooking entry the plain Odoo way, on the same data: account.move.create with the same 2 N "
    "lines, action_post and _reconcile_plan of the N pairs (in the payment register's context); it is Odoo's own "
    "cost of the entry the transfer has to post, without the batch and the file that (a) also makes.",
    "settlement": "The settlement posts one entry and reconciles the N open items; the payment register makes one "
    "payment per customer (20) and reconciles the same items.",
    "dfb_export": "The DFB file reads the same fields as the export and validates and formats every record.",
    "abs_export": "Odoo's side reads the same fields with export_data and writes them into an in-memory XLSX "
    "workbook cell by cell, as Odoo's XLSX export does; ours writes two workbooks (debtors, documents) in "
    "xlsxwriter's constant-memory mode.",
    "dfb_writer": "No database: the fixed-width writer and parser on prepared dicts.",
    "abs_workbook": "No database: the documents workbook on prepared rows.",
    "background": "N posted documents of 200 customers of the factor DFB (which rebooks receivables), built once per "
    "N through Odoo's public API (one create and one action_post per 2,000 documents; *build* below) and kept as a "
    "template database; each run measures on a fresh copy. The three jobs are queued as the buttons queue them above "
    "the background threshold and each is run by a separate worker process (the job's scheduled action, "
    "method_direct_trigger), as Odoo's cron worker runs it: its seconds, queries, and *peak*, the worker's peak "
    "resident memory (VmHWM, the loaded registry included: *baseline_mib* below is the worker before the job). "
    "The statement and the settlement have one row/item per invoice (0.9 N; q/doc divides by that count). The "
    "wizard rows run in the measuring process (no worker, no peak): the web client's default_get and onchange of "
    "the form view (odoo.tests.Form) on every candidate of the factor, then with the factor switched to A.B.S. and "
    "its customers flagged for the export (rolled back), and the A.B.S. row rule alone, which builds one unsaved "
    "batch line per candidate.",
}


def load(results):
    runs = {}
    for path in sorted(Path(results).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        runs.setdefault(data["benchmark"], []).append(data)
    for items in runs.values():
        items.sort(key=lambda data: data["n"])
    return runs


def machine_facts(db):
    facts = {
        "Date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": cpu_model(),
        "Cores (os.cpu_count)": os.cpu_count(),
        "Memory": memory(),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "PostgreSQL": postgres_version(db),
        "Odoo": odoo_version(),
    }
    return {key: value for key, value in facts.items() if value}


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def memory():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return None


def postgres_version(db):
    try:
        import psycopg2  # noqa: PLC0415 - the venv has it; the report works without

        connection = psycopg2.connect(
            dbname=db,
            host=os.environ.get("DB_HOST", "127.0.0.1"),
            port=os.environ.get("DB_PORT", "5432"),
            user=os.environ.get("DB_USER") or None,
        )
        with connection, connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        connection.close()
        return version
    except Exception:  # noqa: BLE001 - a fact we cannot read is left out
        return None


def odoo_version():
    release = Path(os.environ.get("ODOO_SRC", "/opt/odoo")) / "odoo" / "release.py"
    try:
        match = re.search(r"^version_info = \((.*)\)", release.read_text(), re.M)
    except OSError:
        return None
    if not match:
        return None
    parts = [part.strip().strip("'\"") for part in match.group(1).split(",")]
    return ".".join(parts[:2]) + (f" ({parts[3]})" if len(parts) > 3 and parts[3] else "")


def fmt_seconds(seconds):
    return f"{seconds:.2f}" if seconds >= 0.1 else f"{seconds:.3f}"


def per_doc(measurement, n):
    """Queries per document: of the measurement's own count of documents when it has one (``n``), else of N."""
    queries = measurement.get("queries")
    return None if queries is None else queries / measurement.get("n", n)


def growth(small, large, n_small, n_large):
    """Time factor, queries/doc at both sizes and whether the growth is linear."""
    factor = large["seconds"] / small["seconds"] if small["seconds"] else float("inf")
    scale = large.get("n", n_large) / small.get("n", n_small)
    limit = LINEAR_TIME_FACTOR * scale / 10
    q_small, q_large = per_doc(small, n_small), per_doc(large, n_large)
    linear = factor <= limit
    if q_small is not None and q_large > q_small * (1 + QUERY_GROWTH) + 0.05:
        linear = False
    return factor, q_small, q_large, linear


def comparison_rows(runs):
    rows = []
    for name in ORDER:
        for data in runs.get(name, []):
            by_key = {m["key"]: m for m in data["measurements"]}
            for comparison in data["comparisons"]:
                ours, odoo = by_key[comparison["ours"]], by_key[comparison["odoo"]]
                ratio = ours["seconds"] / odoo["seconds"]
                q_ratio = (
                    ours["queries"] / odoo["queries"]
                    if ours.get("queries") is not None and odoo.get("queries")
                    else None
                )
                rows.append((data, ours, odoo, ratio, q_ratio, comparison.get("goal")))
    return rows


def render(runs, facts, command, elapsed):
    flagged = []
    sections = []
    for name in ORDER:
        if runs.get(name):
            sections += section(runs[name], flagged)
    out = [
        "# Performance report",
        "",
        f"Generated by `{command}` ({setup_minutes(elapsed)}). Every figure below was measured in that one run on "
        "the machine described here; a comparison against Odoo is measured in the same process on the same data, "
        "right after our operation (each side rolled back before the next; where a benchmark says \"best of R runs\", "
        "both sides ran R times in alternating order and the best run of each counts). Seconds are wall-clock seconds, "
        "queries are the SQL statements counted by Odoo's cursor, *q/doc* divides them by N. The set-up "
        "(posting the invoices) is not measured.",
        "",
        "| Machine | |",
        "| --- | --- |",
        *(f"| {key} | {value} |" for key, value in facts.items()),
        "",
        "The machine is shared (other work may run at the same time), so single timings can vary by 20-30 %; the "
        "ratios against Odoo, taken a few seconds apart, are steadier than absolute seconds.",
        "",
        "## Summary: our operation against Odoo's comparable one",
        "",
        "| ours vs Odoo | N | ours (s) | Odoo (s) | ratio time | ratio queries | goal |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for data, ours, odoo, ratio, q_ratio, goal in comparison_rows(runs):
        met = "" if goal is None else (" ✔" if ratio <= goal else " ✘")
        out.append(
            f"| {ours['label']} vs {odoo['label']} | {data['n']:,} | {fmt_seconds(ours['seconds'])} "
            f"| {fmt_seconds(odoo['seconds'])} | {ratio:.2f}{met} | "
            f"{'' if q_ratio is None else f'{q_ratio:.2f}'} | {'' if goal is None else f'≤ {goal:g}'} |"
        )
    out += ["", "## Growth from N to 10 × N", ""]
    if flagged:
        out += [
            f"Not linear (more than {LINEAR_TIME_FACTOR:g}× the time for 10× the documents, or queries per document "
            f"growing by more than {QUERY_GROWTH:.0%}):",
            "",
            *(f"- {item}" for item in flagged),
        ]
    else:
        out.append(
            f"Every measurement grows linearly: at most {LINEAR_TIME_FACTOR:g}× the time for 10× the documents and "
            f"queries per document constant (within {QUERY_GROWTH:.0%})."
        )
    out += ["", *sections]
    return "\n".join(out).rstrip() + "\n"


def section(items, flagged):
    first = items[0]
    out = [f"## {first['title']}", ""]
    if NOTES.get(first["benchmark"]):
        out += [NOTES[first["benchmark"]], ""]
    sizes = [data["n"] for data in items]
    header = "| measurement | side | " + " | ".join(f"s @ {n:,} | queries @ {n:,} | q/doc @ {n:,}" for n in sizes)
    if len(items) == 2:
        header += " | time × | linear |"
    else:
        header += " |"
    out.append(header)
    columns = 2 + 3 * len(items) + (2 if len(items) == 2 else 0)
    out.append("| --- | --- |" + " ---: |" * (columns - 2))
    for measurement in first["measurements"]:
        key = measurement["key"]
        cells = [measurement["label"], SIDE_LABELS.get(measurement["side"], measurement["side"])]
        found = []
        for data in items:
            m = next((m for m in data["measurements"] if m["key"] == key), None)
            found.append(m)
            if m is None:
                cells += ["", "", ""]
                continue
            extra = f" (peak {m['peak_mib']:.1f} MiB)" if m.get("peak_mib") is not None else ""
            q = m.get("queries")
            cells += [
                fmt_seconds(m["seconds"]) + extra,
                "" if q is None else f"{q:,}",
                "" if q is None else f"{per_doc(m, data['n']):.2f}",
            ]
        if len(items) == 2 and all(found):
            factor, _q_small, _q_large, linear = growth(found[0], found[1], items[0]["n"], items[1]["n"])
            cells += [f"{factor:.1f}", "yes" if linear else "**no**"]
            if not linear:
                flagged.append(
                    f"{first['title']}: {measurement['label']} — {factor:.1f}× the time from N = {items[0]['n']:,} "
                    f"to {items[1]['n']:,}"
                    + (f", queries per document {_q_small:.2f} → {_q_large:.2f}" if _q_small is not None else "")
                )
        elif len(items) == 2:
            cells += ["", ""]
        out.append("| " + " | ".join(cells) + " |")
    for data in items if first["benchmark"] in IN_PLACE else items[:1]:
        facts = data.get("facts", {})
        if facts:
            out += [
                "",
                "Run facts (N = {:,}): ".format(data["n"]) + ", ".join(f"{k} {fmt_fact(v)}" for k, v in facts.items()),
            ]
    out += [""]
    if first["benchmark"] in IN_PLACE:
        name = first["benchmark"]
        out = [MARK_START.format(name=name), *out, MARK_END.format(name=name), ""]
    return out


def fmt_fact(value):
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def render_in_place(existing, runs, facts, command, elapsed):
    """``existing`` with the sections of ``runs`` (benchmarks of IN_PLACE) replaced between their markers, or
    appended; each says when, how and on what it was measured, as it was not measured with the rest."""
    text = existing.rstrip() + "\n"
    for name in ORDER:
        if not runs.get(name):
            continue
        flagged = []
        lines = section(runs[name], flagged)
        machine = "; ".join(f"{key} {value}" for key, value in facts.items() if key != "Date")
        intro = [
            f"Measured on its own by `{command}` ({setup_minutes(elapsed)}) on {facts.get('Date', '')}, not in the "
            f"run of the sections above; machine: {machine}. The machine was shared with other work during the run "
            "(*load_avg* below: the 1-minute load average when the jobs started, on "
            f"{facts.get('Cores (os.cpu_count)', '?')} cores), so the seconds are those of a busy machine; the "
            "queries per document and the memory do not depend on it.",
            "",
            "Growth: " + ("; ".join(flagged) if flagged else
                          f"linear for every measurement (at most {LINEAR_TIME_FACTOR:g}× the time for 10× the "
                          f"documents, queries per document constant within {QUERY_GROWTH:.0%})") + ".",
            "",
        ]
        lines = lines[:3] + intro + lines[3:]
        block = "\n".join(lines).rstrip() + "\n"
        start, end = MARK_START.format(name=name), MARK_END.format(name=name)
        if start in text and end in text:
            before, rest = text.split(start, 1)
            text = before + block.rstrip("\n") + rest.split(end, 1)[1]
        else:
            text += "\n" + block
    return text


def setup_minutes(elapsed):
    return f"whole run {elapsed / 60:.0f} min" if elapsed else "whole run"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", required=True, help="directory with the JSON results")
    parser.add_argument("--out", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--command", default="setup/bench")
    parser.add_argument("--elapsed", type=int, default=0, help="seconds the whole run took")
    args = parser.parse_args(argv)
    runs = load(args.results)
    if not runs:
        print(f"No results in {args.results}", file=sys.stderr)
        return 1
    out = Path(args.out)
    facts = machine_facts(args.db)
    if set(runs) <= IN_PLACE and out.exists():
        text = render_in_place(out.read_text(encoding="utf-8"), runs, facts, args.command, args.elapsed)
    else:
        text = render(runs, facts, args.command, args.elapsed)
    out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
