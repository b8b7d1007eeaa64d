"""Generated client tier pages (DESIGN §6): the overview, one page per tier, and the
owners pages (`tier_owners`).

Like `indexes`, each function returns `(site file, template name, context)`. Everything
is read from the one `TierReport` the tier rules also read, so the site shows exactly the
tiers, overrides and slips that `wikiforge check` reports on.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from ..config.tiers import TierLevel
from ..core.numbers import show_money, show_number, show_percent
from ..tiers import ClientTier, TierReport, TierSummary
from . import charts
from .context import breadcrumbs, common
from .indexes import Generated
from .layout import TIERS_TITLE
from .site_index import SiteIndex
from .tier_card import basis_text, tier_link
from .tier_owners import owner_pages
from .tier_review import review_page


def tier_pages(index: SiteIndex, report: TierReport) -> Iterator[Generated]:
    """The overview, each tier's page, the owners pages, then the review."""
    yield overview(index, report)
    for summary in report.summaries:
        yield tier_page(index, report, summary)
    yield from owner_pages(index, report)
    if index.owners is not None:
        yield review_page(index, report, index.owners)


def overview(index: SiteIndex, report: TierReport) -> Generated:
    layout = index.layout
    at = layout.generated("tiers")
    currency = report.config.currency
    context = common(index, at, TIERS_TITLE, breadcrumbs(index, "", at))
    tiered = len(report.tiered)
    moved = [c for c in report.clients if c.movement in ("up", "down")]
    reviewed = [c for c in report.clients if c.movement_since_review in ("up", "down")]
    slips = [c for c in report.clients if c.slipped]
    context["tiers"] = {
        "client_count": len(report.clients),
        "tiered_count": tiered,
        "basis": report.config.basis,
        "basis_text": basis_text(report),
        "levels": [_summary(index, report, s, at) for s in report.summaries],
        "chart": charts.distribution(report.summaries),
        "retainer_total": show_money(sum((s.retainer_total for s in report.summaries), Fraction(0)), currency),
        "has_targets": report.config.has_targets,
        "overrides": [_client(index, report, c, at) for c in report.overrides],
        "override_share": show_percent(report.override_share) if report.override_share is not None else None,
        "override_limit": show_percent(report.config.override_share),
        "moved": [_client(index, report, c, at) for c in moved],
        "moved_since_review": [_client(index, report, c, at) for c in reviewed],
        "slips": [_client(index, report, c, at) for c in slips],
        "early_warnings": [_client(index, report, c, at) for c in slips if c.highest_tier == 1],
        "untiered": [_client(index, report, c, at) for c in report.untiered],
        "overdue": _overdue(index, report, at),
        "owners_url": layout.href(at, layout.generated("owners")),
        "review_url": layout.href(at, layout.generated("review")),
        "report_url": layout.href(at, layout.generated("report")),
    }
    return at, "tiers.html", context


def _overdue(index: SiteIndex, report: TierReport, at: str) -> dict[str, Any] | None:
    """The clients past their tier's cadence, most overdue first, and those in a tier
    with a cadence that record no touchpoint at all; None when no tier sets
    `cadence_days`."""
    if not report.config.has_cadence:
        return None
    late = [c for c in report.clients if c.operations.overdue_days is not None]
    late.sort(key=lambda c: (-(c.operations.overdue_days or 0), c.title.casefold(), c.path))
    never = [c for c in report.tiered if report.never_met(c)]
    return {
        "clients": [
            {
                **index.page_link(c.path, at),
                "tier": tier_link(report, index.layout, c.tier, at),
                "last_touchpoint": c.operations.last_touchpoint,
                "days": report.days_past_due(c),
            }
            for c in late
        ],
        "never": [{**index.page_link(c.path, at), "tier": tier_link(report, index.layout, c.tier, at)} for c in never],
    }


def tier_page(index: SiteIndex, report: TierReport, summary: TierSummary) -> Generated:
    layout = index.layout
    level = summary.level
    at = layout.tier(level.number)
    crumbs = [*breadcrumbs(index, "", at), {"title": TIERS_TITLE, "url": layout.href(at, layout.generated("tiers"))}]
    context = common(index, at, level.label, crumbs)
    context["tier"] = {
        **_summary(index, report, summary, at),
        "basis": report.config.basis,
        "basis_text": basis_text(report),
        "clients": [_client(index, report, c, at) for c in summary.clients],
        "others": [tier_link(report, layout, other.number, at) for other in report.config.levels if other is not level],
    }
    return at, "tier.html", context


def _summary(index: SiteIndex, report: TierReport, summary: TierSummary, at: str) -> dict[str, Any]:
    """One tier's definition and totals, with how its share stands against its target."""
    level = summary.level
    currency = report.config.currency
    return {
        **_definition(level),
        "url": index.layout.href(at, index.layout.tier(level.number)),
        "count": summary.count,
        "share": show_percent(summary.share) if summary.share is not None else None,
        "target": show_percent(level.target_share) if level.target_share is not None else None,
        "against_target": against_target(summary.count, len(report.tiered), level.target_share),
        "retainer_total": show_money(summary.retainer_total, currency),
        "retainer_average": show_money(summary.retainer_average, currency),
    }


def _definition(level: TierLevel) -> dict[str, Any]:
    return {
        "number": level.number,
        "name": level.name,
        "label": level.label,
        "owner": level.owner,
        "cadence": level.cadence,
        "service_level": level.service_level,
        "description": level.description,
        "min_score": show_number(level.min_score) if level.min_score is not None else None,
    }


def against_target(count: int, total: int, target: Fraction | None) -> str | None:
    """ "over", "under" or "on" target; None without a target or clients. A tier is on
    target when it is within one client of its target share of the clients: 20 % of 12
    clients is 2.4, and neither 2 nor 3 clients should be flagged."""
    if target is None or total == 0:
        return None
    wanted = target * total / 100
    if abs(count - wanted) < 1:
        return "on"
    return "over" if count > wanted else "under"


def _client(index: SiteIndex, report: TierReport, client: ClientTier, at: str) -> dict[str, Any]:
    """A client as the overview and tier pages list it."""
    layout = index.layout
    config = report.config
    return {
        **index.page_link(client.path, at),
        "tier": tier_link(report, layout, client.tier, at),
        "basis_tier": tier_link(report, layout, client.basis_tier, at),
        "override": client.override is not None,
        "override_reason": client.data.override_reason,
        "onboarding": tier_link(report, layout, client.onboarding_tier, at),
        "last_review": tier_link(report, layout, client.last_review_tier, at),
        "highest": tier_link(report, layout, client.highest_tier, at),
        "movement": client.movement,
        "movement_since_review": client.movement_since_review,
        "retainer": show_money(client.retainer, config.currency),
        "growth": client.growth,
        "workstreams": list(client.workstreams),
        "score": show_number(score.total) if (score := report.reference_score(client)) is not None else None,
        "okr_count": len(client.data.objectives),
    }
