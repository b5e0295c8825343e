from . import factoring_document_report
