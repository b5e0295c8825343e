# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import pdf_bundle, transport

__all__ = ["pdf_bundle", "transport"]
