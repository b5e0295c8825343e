from . import test_abs_workbook, test_abs_export
from . import test_limit_last
