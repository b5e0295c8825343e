from . import factoring_factor
from . import factoring_batch
from . import factoring_batch_line
from . import res_partner
from . import account_move
from . import account_move_line
from . import factoring_demo
from . import ir_attachment
