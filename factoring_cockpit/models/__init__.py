from . import factoring_factor_cockpit
from . import factoring_demo
