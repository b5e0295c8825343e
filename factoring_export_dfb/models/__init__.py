from . import factoring_batch, factoring_demo, factoring_factor, res_partner
