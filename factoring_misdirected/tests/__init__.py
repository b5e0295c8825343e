from . import test_misdirected
