from . import factoring_misdirected_wizard
from . import factoring_settlement_candidate
from . import factoring_reconciliation
from . import factoring_settlement_import
