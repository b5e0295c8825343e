from . import test_din5008
