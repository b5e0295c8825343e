from . import test_misdirected, test_tours
