from . import swissqr_report
