from . import test_factor, test_batch, test_batch_guards, test_concurrency, test_tours
