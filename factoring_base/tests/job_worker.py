# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A separate Odoo process that runs the scheduled action of large batches once (for ``test_background_kill``).

    python job_worker.py CONFIG DATABASE [PAUSE_FILE]

It runs the job as Odoo's scheduler does (``ir.cron.method_direct_trigger``: the job in a transaction of its own,
its progress committed by ``_commit_progress``). With PAUSE_FILE, the confirmation stops at its last step with
everything written but not committed, writes PAUSE_FILE and sleeps: the test kills the process there.
"""

import sys
import time
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import config


def main(conf, database, pause_file=None):
    config.parse_config(["-c", conf, "-d", database, "--log-level", "warn"], setup_logging=True)
    registry = odoo.modules.registry.Registry(database)
    if pause_file:
        batch_class = registry["factoring.batch"]
        stamp_partners = batch_class._stamp_partners

        def stamp_and_pause(self):
            result = stamp_partners(self)
            self.env.flush_all()  # the whole confirmation is in the database, not committed
            Path(pause_file).write_text(str(self.id))
            time.sleep(300)
            return result

        batch_class._stamp_partners = stamp_and_pause
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env.ref("factoring_base.ir_cron_factoring_batch_jobs").method_direct_trigger()


if __name__ == "__main__":
    main(*sys.argv[1:])
