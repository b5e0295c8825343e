from . import test_edi_factored
