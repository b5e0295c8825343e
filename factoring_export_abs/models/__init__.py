from . import account_move
from . import factoring_batch
from . import factoring_factor
from . import res_partner
from . import factoring_demo
