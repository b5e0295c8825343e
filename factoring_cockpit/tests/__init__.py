from . import test_cockpit, test_demo, test_tours
