from . import factoring_factor
from . import factoring_misdirected_payment
from . import factoring_misdirected_forwarding
from . import account_bank_statement_line
from . import account_move
from . import account_payment
from . import factoring_settlement_line
from . import factoring_reconciliation
