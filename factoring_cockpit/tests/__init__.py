from . import test_cockpit, test_tours
from . import test_month_report
