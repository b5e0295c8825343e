from . import test_factor, test_batch, test_concurrency, test_tours
