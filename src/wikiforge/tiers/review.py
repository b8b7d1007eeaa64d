"""The quarterly tier review's pack: what the review meeting has to decide, from the
one `TierReport` (and the owners' loads) the site and the rules read.

- tier changes: clients whose computed tier now differs from the one recorded at their
  last review (the latest `tier_history` entry, else the page's `tier` under a
  computed basis), or, given a baseline (`--since`), from the one the pages gave then,
  with the score by dimension before and after;
- every override, to re-confirm (due when not re-confirmed this period);
- slips, overdue touchpoints, owners over capacity;
- clients with fewer or more OKR objectives for the review's quarter than the policy;
- reviews due, and stale OKRs (with `review_every`, as WF510).

Everything suppressed in the pages is still listed: a suppression quiets `check`, the
review is where such an account is looked at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .basis import Score
from .client import objectives_of
from .model import ClientTier, TierReport
from .operations import quarter_of
from .owners import OwnerLoad


@dataclass(frozen=True)
class DimensionChange:
    """One dimension of a client's score, before and after (None: not known before)."""

    dimension: str
    field: str
    weight: Fraction
    value_before: str | None
    value_after: str | None
    points_before: Fraction | None
    points_after: Fraction

    @property
    def changed(self) -> bool:
        return self.points_before is not None and self.points_before != self.points_after


@dataclass(frozen=True)
class TierChange:
    """A client whose computed tier (its basis tier: an override is not computed, and is
    listed with the overrides) moved: from `before` (recorded, or the baseline's
    computed tier; None: not a client then) to `after`."""

    client: ClientTier
    before: int | None
    score_before: Fraction | None
    score_after: Fraction | None
    dimensions: tuple[DimensionChange, ...]

    @property
    def after(self) -> int | None:
        return self.client.basis_tier


@dataclass(frozen=True)
class OkrCount:
    client: ClientTier
    count: int


@dataclass(frozen=True)
class ReviewPack:
    """The review as of `as_of`, for the quarter it falls in. `since`: the baseline the
    tier changes are against, as named (None: each client's recorded review)."""

    report: TierReport
    since: str | None
    changes: tuple[TierChange, ...]
    overrides: tuple[ClientTier, ...]
    slips: tuple[ClientTier, ...]
    overdue: tuple[ClientTier, ...]
    over_capacity: tuple[OwnerLoad, ...]
    okr_counts: tuple[OkrCount, ...]
    reviews_due: tuple[ClientTier, ...]
    stale_okrs: tuple[ClientTier, ...]
    owner_titles: Mapping[str, str]
    """The titles of the pages owners are, by path, to name them as the wiki does."""

    def owner_name(self, owner: OwnerLoad) -> str:
        return self.owner_titles.get(owner.page, owner.person.name) if owner.page else owner.person.name

    @property
    def as_of(self) -> dt.date:
        return self.report.as_of

    @property
    def quarter(self) -> str:
        year, quarter = quarter_of(self.as_of)
        return f"{year}-Q{quarter}"

    @property
    def cadence_set(self) -> bool:
        return self.report.config.has_cadence


def review_pack(
    report: TierReport,
    owners: Sequence[OwnerLoad],
    owner_titles: Mapping[str, str],
    baseline: TierReport | None = None,
    since: str | None = None,
) -> ReviewPack:
    """The pack for `report`; tier changes against `baseline` (the pages at `since`)
    when given, else against each client's recorded review. `owner_titles`: the titles
    of the pages owners are."""
    clients = report.clients
    low, high = report.config.okr_objectives
    counts = [OkrCount(c, len(objectives_of(c.data.objectives, quarter_of(report.as_of)))) for c in clients]
    return ReviewPack(
        report=report,
        since=since,
        changes=tuple(_changes(report, baseline)),
        overrides=report.overrides,
        slips=tuple(c for c in clients if c.slipped),
        overdue=tuple(sorted((c for c in clients if _overdue(c, report)), key=_most_overdue)),
        over_capacity=tuple(owner for owner in owners if owner.over),
        okr_counts=tuple(count for count in counts if not low <= count.count <= high),
        reviews_due=tuple(c for c in clients if c.operations.review_due),
        stale_okrs=tuple(c for c in clients if c.operations.okr_stale) if report.config.review_every else (),
        owner_titles=owner_titles,
    )


def recorded_tier(client: ClientTier, report: TierReport) -> int | None:
    """The tier a client was last recorded in: its latest review, else (when the tier is
    computed) the `tier` its page gives."""
    if client.last_review_tier is not None:
        return client.last_review_tier
    return client.data.tier if report.config.basis != "manual" else None


def _changes(report: TierReport, baseline: TierReport | None) -> list[TierChange]:
    changes = []
    for client in report.clients:
        then = baseline.by_path.get(client.path) if baseline is not None else None
        if baseline is not None:
            before = then.basis_tier if then is not None else None
        else:
            before = recorded_tier(client, report)
            if before is None:
                continue  # nothing recorded to differ from
        if client.basis_tier is None or before == client.basis_tier:
            continue
        score_before = baseline.reference_score(then) if baseline is not None and then is not None else None
        score_after = report.reference_score(client)
        changes.append(
            TierChange(
                client,
                before,
                score_before.total if score_before is not None else None,
                score_after.total if score_after is not None else None,
                _dimensions(score_before, score_after),
            )
        )
    return changes


def _dimensions(before: Score | None, after: Score | None) -> tuple[DimensionChange, ...]:
    if after is None:
        return ()
    then = {part.dimension: part for part in before.parts} if before is not None else {}
    return tuple(
        DimensionChange(
            part.dimension,
            part.field,
            part.weight,
            then[part.dimension].value if part.dimension in then else None,
            part.value,
            then[part.dimension].points if part.dimension in then else None,
            part.points,
        )
        for part in after.parts
    )


def _overdue(client: ClientTier, report: TierReport) -> bool:
    """Overdue past the grace, or never met in a tier with a cadence (WF508)."""
    return client.operations.overdue_days is not None or report.never_met(client)


def _most_overdue(client: ClientTier) -> tuple[int, str, str]:
    """Never met first, then the most days overdue, then by title."""
    days = client.operations.overdue_days
    return (-(days if days is not None else 1 << 30), client.title.casefold(), client.path)
