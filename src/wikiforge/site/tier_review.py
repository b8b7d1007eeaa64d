"""The generated review page, `tiers/review/`: the quarterly review's pack, as
`wikiforge tiers review` prints it, for the people who run the review from the site.

It is the same `ReviewPack` (`tiers/review.py`), made from the build's one `TierReport`
and its owners (`owner_index`), so the page, the command and the rules list the same
clients. Like the other tier pages it returns `(site file, template name, context)`.
"""

from __future__ import annotations

from typing import Any

from ..core.numbers import plural, show_number
from ..tiers import ClientTier, TierReport
from ..tiers.owners import OwnerLoad
from ..tiers.review import ReviewPack, TierChange, recorded_tier, review_pack
from .context import breadcrumbs, common
from .indexes import Generated
from .layout import REVIEW_TITLE, TIERS_TITLE
from .owner_index import Owners
from .site_index import SiteIndex
from .tier_card import tier_link


def review_page(index: SiteIndex, report: TierReport, owners: Owners) -> Generated:
    layout = index.layout
    at = layout.generated("review")
    crumbs = [*breadcrumbs(index, "", at), {"title": TIERS_TITLE, "url": layout.href(at, layout.generated("tiers"))}]
    pack = _pack(report, owners)
    config = report.config
    context = common(index, at, f"{REVIEW_TITLE} {pack.quarter}", crumbs)
    context["review"] = {
        "quarter": pack.quarter,
        "as_of": pack.as_of.isoformat(),
        "review_every": config.review_every,
        "cadence_set": pack.cadence_set,
        "capacity_set": owners.capacity,
        "changes": [_change(index, report, change, at) for change in pack.changes],
        "overrides": [_override(index, report, client, at) for client in pack.overrides],
        "slips": [_client(index, report, client, at) for client in pack.slips],
        "overdue": [_overdue(index, report, client, at) for client in pack.overdue],
        "over_capacity": [_owner(index, owners, load, at) for load in pack.over_capacity],
        "okr_expected": config.okr_range,
        "okr_counts": [{**_client(index, report, n.client, at), "count": n.count} for n in pack.okr_counts],
        "reviews_due": [_client(index, report, client, at) for client in pack.reviews_due],
        "stale": [_client(index, report, client, at) for client in pack.stale_okrs],
        "tiers_url": layout.href(at, layout.generated("tiers")),
        "owners_url": layout.href(at, layout.generated("owners")),
    }
    return at, "tier_review.html", context


def _pack(report: TierReport, owners: Owners) -> ReviewPack:
    """The pack of the build's owners: named ones by the names the site gives them."""
    loads = [owner.load for owner in owners.people] + list(owners.defaults)
    titles = {owner.page: owner.name for owner in owners.people if owner.page is not None}
    return review_pack(report, loads, titles)


def _client(index: SiteIndex, report: TierReport, client: ClientTier, at: str) -> dict[str, Any]:
    operations = client.operations
    return {
        **index.page_link(client.path, at),
        "tier": tier_link(report, index.layout, client.tier, at),
        "highest": tier_link(report, index.layout, client.highest_tier, at),
        "last_review": operations.last_review,
    }


def _change(index: SiteIndex, report: TierReport, change: TierChange, at: str) -> dict[str, Any]:
    layout = index.layout
    return {
        **index.page_link(change.client.path, at),
        "before": tier_link(report, layout, change.before, at),
        "after": tier_link(report, layout, change.after, at),
        "score": show_number(change.score_after) if change.score_after is not None else None,
        "parts": [
            {
                "dimension": part.dimension,
                "field": part.field,
                "value": part.value_after,
                "points": show_number(part.points_after),
                "weight": show_number(part.weight),
            }
            for part in change.dimensions
        ],
    }


def _override(index: SiteIndex, report: TierReport, client: ClientTier, at: str) -> dict[str, Any]:
    operations = client.operations
    return {
        **_client(index, report, client, at),
        "basis_tier": tier_link(report, index.layout, client.basis_tier, at),
        "recorded": tier_link(report, index.layout, recorded_tier(client, report), at),
        "reason": client.data.override_reason,
        "reviewed": operations.override_reviewed,
        "due": operations.override_due,
    }


def _overdue(index: SiteIndex, report: TierReport, client: ClientTier, at: str) -> dict[str, Any]:
    operations = client.operations
    last = operations.touchpoints[-1] if operations.touchpoints else None
    days = report.days_past_due(client)
    return {
        **_client(index, report, client, at),
        "last_touchpoint": operations.last_touchpoint,
        "kind": last.kind if last is not None else None,
        "next_due": operations.next_due,
        "past_due": plural(days, "day") if days is not None else None,
    }


def _owner(index: SiteIndex, owners: Owners, load: OwnerLoad, at: str) -> dict[str, Any]:
    """An owner over capacity: linked to their owner page when they are a named one."""
    named = next((owner for owner in owners.people if owner.load is load), None)
    layout = index.layout
    return {
        "name": named.name if named is not None else load.person.name,
        "url": layout.href(at, layout.owner(named.slug)) if named is not None else None,
        "load": f"{round(load.load or 0)}%",
        "accounts": plural(len(load.owned), "account"),
    }
