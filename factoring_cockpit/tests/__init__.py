from . import test_cockpit, test_demo, test_tours
from . import test_month_report
