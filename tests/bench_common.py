# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers shared by the benchmark scripts (not a test module): machine-readable results for ``setup/bench``.

Every benchmark keeps its human output and, with ``--json PATH``, also writes one JSON document:

    {"benchmark": "transfer", "title": "...", "n": 2000, "unit": "documents",
     "measurements": [{"key": "transfer", "label": "...", "seconds": 1.2, "queries": 345, "side": "ours"}, ...],
     "comparisons": [{"ours": "transfer", "odoo": "payment_register", "goal": 1.0}, ...],
     "facts": {...}}

``side`` is ``ours`` (our code), ``odoo`` (Odoo's comparable operation, measured in the same run on the same data)
or ``info``. ``queries`` is None for measurements without a database (pure writers).
"""

import json


def add_json_argument(parser):
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH (for setup/bench)")


def measurement(key, label, seconds, queries=None, side="ours", **extra):
    return {"key": key, "label": label, "seconds": seconds, "queries": queries, "side": side, **extra}


def write_json(path, benchmark, title, n, measurements, comparisons=(), unit="documents", **facts):
    if not path:
        return
    data = {
        "benchmark": benchmark,
        "title": title,
        "n": n,
        "unit": unit,
        "measurements": list(measurements),
        "comparisons": [dict(comparison) for comparison in comparisons],
        "facts": facts,
    }
    with open(path, "w", encoding="utf-8") as file:
        json.dump(data, file, indent=1, default=str)


def flush_setup(env):
    """Flush the set-up and run its pre-commit callbacks (mail tracking of the posted documents).

    Without this, the first measured operation that opens a savepoint pays for the set-up: one callback per posted
    document, each flushing the whole environment.
    """
    env.flush_all()
    env.cr.flush()
    env.invalidate_all()
