from . import factoring_factor
from . import factoring_batch
from . import res_partner
from . import account_move
from . import account_move_line
from . import factoring_demo
from . import factoring_reconciliation
from . import account_partial_reconcile
