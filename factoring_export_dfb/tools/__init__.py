# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import dfb_layout, fixed_width

__all__ = ["dfb_layout", "fixed_width"]
