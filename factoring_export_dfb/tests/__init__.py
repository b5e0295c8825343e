from . import test_dfb_writer, test_dfb_export
