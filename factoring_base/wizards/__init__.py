from . import factoring_transfer
from . import factoring_host_key
from . import factoring_reconciliation
from . import factoring_transfer_limit
from . import factoring_transfer_volume
