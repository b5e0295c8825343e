from . import factoring_file_import
from . import factoring_settlement_candidate
from . import factoring_settlement_import
from . import factoring_settle_batch
from . import factoring_return_import
from . import factoring_settlement_import_job
