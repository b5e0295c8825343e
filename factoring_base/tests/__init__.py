from . import test_factor, test_batch
