from . import test_misdirected, test_tours
from . import test_statement_import, test_reconciliation_exports
from . import test_foreign_currency, test_undo_forwarding
