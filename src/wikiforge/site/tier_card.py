"""The tier card on a client page (`page.tier` in `page.html`): the client's tier, why it
is there (basis, score breakdown, override and its reason), how it got there (history
chart), how it is run (who is on it, when it was last met and is next due, when its tier
was last reviewed) and what it is working towards (OKRs, and this quarter's pace). And
the owner box on the page of a person who owns accounts (`page.owner`).

Shared by the page context and the tier pages, so a tier badge, a money amount or a
progress figure reads the same wherever a client appears.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from ..core.numbers import plural, show_money, show_number, show_percent
from ..tiers import ClientTier, TierReport
from ..tiers.basis import Score
from ..tiers.client import Objective, objectives_of
from ..tiers.operations import Person, period_start, quarter_of
from ..tiers.owners import OwnerLoad
from . import charts
from .layout import Layout
from .owner_index import Owners

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


def tier_card(report: TierReport, owners: Owners | None, layout: Layout, path: str, at: str) -> dict[str, Any] | None:
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
        **_operations(report, client, owners, layout, at),
        "pace": pace(report, client),
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


def _operations(
    report: TierReport, client: ClientTier, owners: Owners | None, layout: Layout, at: str
) -> dict[str, Any]:
    """Who is on the account, by role, and how it is run (`running`)."""
    operations = client.operations
    named = [("owner", person) for person in operations.owners] + list(operations.roles)
    roles: dict[str, list[dict[str, Any]]] = {}
    for role, person in named:
        roles.setdefault(role, []).append(person_link(person, owners, layout, at))
    return {
        "people": [{"role": role, "label": role_label(role), "people": people} for role, people in roles.items()],
        **running(report, client),
    }


def running(report: TierReport, client: ClientTier) -> dict[str, Any]:
    """When a client was last met (`{date, kind}`) and is next due, and when its tier
    was last reviewed and whether a review is due: the tier card and an owner's page
    show the same. `overdue_days` counts from the day it was due, as WF508 says it,
    once the grace is over (none before); `cadence_days` is the tier's cadence, when it
    has one (then no touchpoint at all is flagged)."""
    operations = client.operations
    last = operations.touchpoints[-1] if operations.touchpoints else None  # sorted by date
    level = report.config.level(client.tier) if client.tier is not None else None
    return {
        "cadence_days": level.cadence_days if level is not None else None,
        "last_touchpoint": {"date": last.date, "kind": last.kind} if last is not None else None,
        "next_due": operations.next_due,
        "overdue_days": report.days_past_due(client),
        "last_review": operations.last_review,
        "review_due": operations.review_due,
    }


def person_link(person: Person, owners: Owners | None, layout: Layout, at: str) -> dict[str, Any]:
    """`{name, url, default}` of someone on an account: the url of their owner page
    (none for a tier's default owner, which has none)."""
    owner = owners.of_person(person) if owners is not None else None
    if owner is None:
        return {"name": person.name, "url": None, "default": person.default}
    return {"name": owner.name, "url": layout.href(at, layout.owner(owner.slug)), "default": False}


def owner_box(owners: Owners, layout: Layout, path: str, at: str) -> dict[str, Any] | None:
    """Context of the owner box on a person's page: their accounts and load, and the way
    to their owner page; None for a page that is no owner's."""
    owner = owners.of_page(path)
    if owner is None:
        return None
    load = owner.load
    return {
        "name": owner.name,
        "url": layout.href(at, layout.owner(owner.slug)),
        "accounts": len({account.client.path for account in load.accounts}),
        "owned": len(load.owned),
        **load_view(owners, load),
        "owners_url": layout.href(at, layout.generated("owners")),
    }


def load_view(owners: Owners, load: OwnerLoad) -> dict[str, Any]:
    """`{capacity, load, over}`: the load as a percentage of one owner's capacity (none
    when no tier sets one, or no account of theirs counts), and whether it is over."""
    shown = show_percent(load.load) if owners.capacity and load.load is not None else None
    return {"capacity": owners.capacity, "load": shown, "over": load.over}


def role_label(role: str) -> str:
    """`account_coordinator` → `Account coordinator`: a role key as a heading."""
    return role.replace("_", " ").strip().capitalize()


def pace(report: TierReport, client: ClientTier) -> dict[str, Any] | None:
    """This quarter's objectives that give progress, each against the share of the
    quarter gone by the day the tiers are judged by (`report.as_of`); None when there
    is none. A quarter's objectives are those naming it and those naming no quarter,
    as WF510 counts them."""
    as_of = report.as_of
    year, quarter = quarter_of(as_of)
    objectives = objectives_of(client.data.objectives, (year, quarter))
    tracked = [(o.text, done) for o in objectives if (done := o.progress) is not None]
    if not tracked:
        return None
    elapsed = quarter_elapsed(as_of)
    return {
        "quarter": f"{year}-Q{quarter}",
        "as_of": as_of.isoformat(),
        "elapsed": show_percent(elapsed),
        "objectives": [_on_pace(text, done, elapsed) for text, done in tracked],
    }


def quarter_elapsed(day: dt.date) -> Fraction:
    """The share of `day`'s quarter gone before it, in percent: 0 on its first day."""
    start = period_start(day, "quarter")
    end = period_start(start + dt.timedelta(days=92), "quarter")  # the next quarter's first day
    return Fraction((day - start).days * 100, (end - start).days)


def _on_pace(text: str, done: Fraction, elapsed: Fraction) -> dict[str, Any]:
    """An objective's progress (`done`, 0 to 1) against the quarter gone, in whole
    points (halves up)."""
    gap = done * 100 - elapsed
    points = int(abs(gap) + Fraction(1, 2))
    state = "on" if points == 0 else "ahead" if gap > 0 else "behind"
    words = {"on": "on pace", "ahead": "ahead of pace", "behind": f"behind pace by {plural(points, 'point')}"}
    return {
        "text": text,
        "progress": progress(done),
        "marker": show_percent(elapsed),
        "state": state,
        "words": words[state],
    }
