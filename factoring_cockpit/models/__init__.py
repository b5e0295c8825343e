from . import factoring_factor_cockpit
