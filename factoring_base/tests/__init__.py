from . import test_factor
