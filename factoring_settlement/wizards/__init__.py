from . import factoring_settlement_candidate
from . import factoring_settlement_import
from . import factoring_settlement_import_job
