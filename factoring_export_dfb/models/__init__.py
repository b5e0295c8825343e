from . import factoring_batch, factoring_factor, res_partner
