# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A separate Odoo process that runs a scheduled action once and stops in the middle (for the kill tests, see
``scratch.KillMixin``).

    python job_worker.py CONFIG DATABASE CRON_XMLID MODEL METHOD PAUSE_FILE

It runs the action as Odoo's scheduler does (``ir.cron.method_direct_trigger``: the job in a transaction of its own,
its progress committed by ``_commit_progress``). After METHOD of MODEL returns, everything the job did is written
into the database but not committed: the worker writes PAUSE_FILE and sleeps, and the test kills it there.
"""

import sys
import time
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import config


def main(conf, database, cron_xmlid, model, method, pause_file):
    config.parse_config(["-c", conf, "-d", database, "--log-level", "warn"], setup_logging=True)
    registry = odoo.modules.registry.Registry(database)
    model_class = registry[model]
    original = getattr(model_class, method)

    def run_and_pause(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        self.env.flush_all()  # the work is in the database, not committed
        Path(pause_file).write_text(str(self.ids))
        time.sleep(300)
        return result

    setattr(model_class, method, run_and_pause)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env.ref(cron_xmlid).method_direct_trigger()


if __name__ == "__main__":
    main(*sys.argv[1:])
