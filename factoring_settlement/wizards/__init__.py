from . import factoring_settlement_candidate
from . import factoring_settlement_import
