from . import factoring_transfer
