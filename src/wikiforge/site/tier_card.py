"""The tier card on a client page (`page.tier` in `page.html`): the client's tier, why it
is there (basis, score breakdown, override and its reason), how it got there (history
chart) and what it is working towards (OKRs).

Shared by the page context and the tier pages, so a tier badge, a money amount or a
progress figure reads the same wherever a client appears.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..core.numbers import show_money, show_number, show_percent
from ..tiers import TierReport
from ..tiers.basis import Score
from ..tiers.client import Objective
from . import charts
from .layout import Layout

BASIS_TEXT = {
    "manual": "the page's own tier",
    "rank": "rank by {field}",
    "score": "account score",
}


def tier_link(report: TierReport, layout: Layout, tier: int | None, at: str) -> dict[str, Any] | None:
    """`{number, name, label, url}` of a tier as seen from site file `at`."""
    if tier is None:
        return None
    level = report.config.level(tier)
    return {"number": tier, "name": level.name, "label": level.label, "url": layout.href(at, layout.tier(tier))}


def basis_text(report: TierReport) -> str:
    config = report.config
    return BASIS_TEXT[config.basis].format(field=config.rank_by)


def tier_card(report: TierReport, layout: Layout, path: str, at: str) -> dict[str, Any] | None:
    """Context of a client page's tier card; None for a page that is not a client."""
    client = report.by_path.get(path)
    if client is None:
        return None
    config = report.config
    score = report.reference_score(client)
    return {
        "tier": tier_link(report, layout, client.tier, at),
        "basis_tier": tier_link(report, layout, client.basis_tier, at),
        "basis": config.basis,
        "basis_text": basis_text(report),
        "rank_value": show_number(client.rank_value) if client.rank_value is not None else None,
        "rank_by": config.rank_by,
        "score": _score(score) if score is not None else None,
        "override": tier_link(report, layout, client.override, at),
        "override_reason": client.data.override_reason,
        "onboarding": tier_link(report, layout, client.onboarding_tier, at),
        "highest": tier_link(report, layout, client.highest_tier, at),
        "movement": client.movement,
        "slipped": client.slipped,
        "retainer": show_money(client.retainer, config.currency),
        "history": charts.history(client, config.levels),
        "objectives": [_objective(o) for o in client.data.objectives],
        "tiers_url": layout.href(at, layout.generated("tiers")),
        "report_url": layout.href(at, layout.generated("report")),
    }


def _score(score: Score) -> dict[str, Any]:
    return {
        "total": show_number(score.total),
        "parts": [
            {
                "dimension": part.dimension,
                "field": part.field,
                "value": part.value,
                "points": show_number(part.points),
                "weight": show_number(part.weight),
                "percent": show_percent(part.points * 100 / part.weight) if part.weight else "0%",
            }
            for part in score.parts
        ],
    }


def _objective(objective: Objective) -> dict[str, Any]:
    return {
        "text": objective.text,
        "quarter": objective.quarter,
        "key_results": [
            {"text": kr.text, "target": kr.target, "progress": progress(kr.progress)} for kr in objective.key_results
        ],
        "progress": progress(objective.progress),
    }


def progress(value: Fraction | None) -> dict[str, str] | None:
    """`{text: "55%", width: "55%"}` for a progress bar, or None when none is given."""
    if value is None:
        return None
    text = show_percent(value * 100)
    return {"text": text, "width": text}
