# The test modules Odoo's own test runner imports. pytest-odoo (setup/test) collects every test_*.py of this folder
# by path, also the ones not listed here: the pure pytest tests of the transport (test_transport.py, with the test
# servers of servers.py) and the Odoo tests that need what a plain installation lacks (real SFTP/FTP servers and
# root for test_upload_batches.py).
from . import test_factor, test_batch, test_batch_guards, test_concurrency, test_tours
from . import test_integrity, test_reconciliation, test_transfer_rules, test_transfer_screens, test_tours_german
from . import test_german_labels_update, test_labels
from . import test_fees
from . import test_pdf_bundle, test_factor_notice
from . import test_debtor_limit
from . import test_background, test_background_kill, test_background_form, test_background_workers
from . import test_transfer_volume
