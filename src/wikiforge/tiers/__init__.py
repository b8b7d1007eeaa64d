"""Client tiers (DESIGN §6): config, each client's tier, score and movement, totals.

`settings` reads `[tiers]`; `client` reads one client page; `basis` scores and ranks;
`model.assign_tiers` places every client. All of it is pure over page records.
"""

from __future__ import annotations

from ..config.tiers import TierLevel, TiersConfig, default_tiers
from .model import (
    OWNERS_PAGE,
    PAGES_FOLDER,
    REVIEW_PAGE,
    ClientTier,
    TierReport,
    TierSummary,
    assign_tiers,
    generated_pages,
)

__all__ = [
    "OWNERS_PAGE",
    "REVIEW_PAGE",
    "PAGES_FOLDER",
    "ClientTier",
    "TierLevel",
    "TierReport",
    "TierSummary",
    "TiersConfig",
    "assign_tiers",
    "default_tiers",
    "generated_pages",
]
