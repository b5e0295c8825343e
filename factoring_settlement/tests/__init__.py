from . import test_settlement, test_import, test_tours, test_invariants, test_settlement_screens, test_tours_german
