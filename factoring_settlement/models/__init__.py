from . import factoring_deduction_reason
from . import factoring_statement_mapping
from . import factoring_factor
from . import factoring_settlement
from . import factoring_settlement_line
from . import factoring_settlement_other
from . import account_move
from . import account_move_line
