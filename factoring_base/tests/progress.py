# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the form of a record would show while its background job loops over documents (for the progress tests)."""

from contextlib import contextmanager
from unittest.mock import patch


@contextmanager
def watch_progress(env, model, method, record):
    """Each time ``method`` of ``model`` runs (the real method, called through), note the progress row of
    ``record`` as another transaction sees it: ``(step, items_done, items_total)``; yield the list of the notes."""
    seen = []
    model_class = type(env[model])
    original = getattr(model_class, method)

    def noting(self, *args, **kwargs):
        # The job's transaction reads the row its progress transactions committed (what the polling form reads).
        self.env.cr.execute(
            "SELECT step, items_done, items_total FROM factoring_job_progress WHERE res_model = %s AND res_id = %s",
            [record._name, record.id],
        )
        seen.append(self.env.cr.fetchone())
        return original(self, *args, **kwargs)

    with patch.object(model_class, method, noting):
        yield seen
