from . import factoring_document_report
from . import factoring_month_report
