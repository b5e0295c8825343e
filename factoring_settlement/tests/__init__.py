from . import test_settlement, test_import, test_tours, test_invariants, test_integrity, test_reliability
from . import test_deduction_tax, test_entry_lines, test_settlement_screens, test_tours_german
from . import test_settle_batch
from . import test_return, test_tour_return
from . import test_settlement_background
from . import test_settlement_kill
