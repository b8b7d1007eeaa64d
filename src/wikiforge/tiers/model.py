"""Every client's tier, score, movement and override, and each tier's totals.

A pure function of the config and the page records (the cross-page stage): `rank` needs
every client at once, the rest is per client. The overview, the tier pages, the tier
card, the `tiers` command and the WF5xx rules all read the one `TierReport`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from ..config.tiers import TierLevel, TiersConfig
from ..core.dates import run_moment
from ..core.pickling import ByFields
from ..core.records import PageRecord
from .basis import Score, number, rank_tiers, score_client, tier_for_score
from .client import ClientData, Issue, Typed, is_client, read_client
from .operations import Operations, read_operations

RETAINER = "retainer"
PAGES_FOLDER = "tiers"
"""Where the build writes the tier pages, and the name wikilinks reach them by:
`[[tiers]]` is the overview, `[[tiers/tier-2]]` the page of Tier 2."""
OWNERS_PAGE = f"{PAGES_FOLDER}/owners"
"""The name `[[tiers/owners]]` reaches the owners page by."""
REVIEW_PAGE = f"{PAGES_FOLDER}/review"
"""The name `[[tiers/review]]` reaches the review page by."""


@dataclass(frozen=True, slots=True)
class ClientTier(ByFields):
    """One client placed in a tier. Tier numbers: 1 is the top, so "up" is a smaller
    number. `tier` is where the client is served: the override when there is one, else
    `basis_tier`. Movement compares `tier` with the onboarding tier (`movement`) and
    with the tier of the latest `tier_history` entry (`movement_since_review`)."""

    data: ClientData
    basis_tier: int | None
    tier: int | None
    score: Score | None
    rank_value: Fraction | None
    highest_tier: int | None
    last_review_tier: int | None
    retainer: Fraction | None
    growth: str | None
    workstreams: tuple[str, ...]
    operations: Operations
    issues: tuple[Issue, ...]

    @property
    def path(self) -> str:
        return self.data.path

    @property
    def title(self) -> str:
        return self.data.title

    @property
    def override(self) -> int | None:
        return self.data.override

    @property
    def onboarding_tier(self) -> int | None:
        return self.data.onboarding_tier

    @property
    def movement(self) -> str | None:
        return _movement(self.onboarding_tier, self.tier)

    @property
    def movement_since_review(self) -> str | None:
        return _movement(self.last_review_tier, self.tier)

    @property
    def slipped(self) -> bool:
        """Below the highest tier it ever reached."""
        return self.tier is not None and self.highest_tier is not None and self.tier > self.highest_tier


@dataclass(frozen=True)
class TierSummary:
    """One tier's clients and totals. `share` is of the clients that have a tier."""

    level: TierLevel
    clients: tuple[ClientTier, ...]
    share: Fraction | None
    retainer_total: Fraction
    retainer_average: Fraction | None

    @property
    def count(self) -> int:
        return len(self.clients)


@dataclass(frozen=True)
class TierReport:
    """All clients with their tiers (by tier, then title), the tiers' totals, and the
    clients whose data gives no tier."""

    config: TiersConfig
    clients: tuple[ClientTier, ...]
    as_of: dt.date = dt.date(1970, 1, 1)
    """The day the operational data was judged by (`judging_day`)."""

    @cached_property
    def by_path(self) -> dict[str, ClientTier]:
        return {client.path: client for client in self.clients}

    @cached_property
    def tiered(self) -> tuple[ClientTier, ...]:
        return tuple(c for c in self.clients if c.tier is not None)

    @cached_property
    def untiered(self) -> tuple[ClientTier, ...]:
        return tuple(c for c in self.clients if c.tier is None)

    @cached_property
    def overrides(self) -> tuple[ClientTier, ...]:
        return tuple(c for c in self.clients if c.data.override is not None)

    @cached_property
    def summaries(self) -> tuple[TierSummary, ...]:
        total = len(self.tiered)
        summaries = []
        for level in self.config.levels:
            members = tuple(c for c in self.tiered if c.tier == level.number)
            retainers = [c.retainer for c in members if c.retainer is not None]
            retainer_total = sum(retainers, Fraction(0))
            summaries.append(
                TierSummary(
                    level,
                    members,
                    Fraction(len(members) * 100, total) if total else None,
                    retainer_total,
                    retainer_total / len(retainers) if retainers else None,
                )
            )
        return tuple(summaries)

    def reference_score(self, client: ClientTier) -> Score | None:
        """The score to show for a client: always under the score basis; under the
        others, for reference, when the dimensions make a 0–100 score and the page has
        at least one of their fields (so a page without them shows no row of zeros)."""
        score = client.score
        if score is None or self.config.basis == "score":
            return score
        full = sum((d.weight for d in self.config.dimensions), Fraction(0)) == 100
        return score if full and any(part.value is not None for part in score.parts) else None

    def days_past_due(self, client: ClientTier) -> int | None:
        """Days since the client's next touchpoint was due, once it is overdue (past the
        grace, as WF508 says them); None while it is not."""
        overdue = client.operations.overdue_days
        return overdue + self.config.cadence_grace_days if overdue is not None else None

    def never_met(self, client: ClientTier) -> bool:
        """Whether the client is in a tier with a cadence and has no touchpoint at all."""
        level = self.config.level(client.tier) if client.tier is not None else None
        return level is not None and level.cadence_days is not None and client.operations.last_touchpoint is None

    @property
    def override_share(self) -> Fraction | None:
        """Overrides as a percentage of all clients."""
        return Fraction(len(self.overrides) * 100, len(self.clients)) if self.clients else None


def assign_tiers(config: TiersConfig, records: Iterable[PageRecord]) -> TierReport:
    """Place every client page (`type` = the configured client type) in a tier."""
    found = [(record, read_client(record, config)) for record in records if is_client(record, config)]
    scores: dict[str, tuple[Score, list[Issue]]] = {
        record.path: score_client(record.frontmatter, config.dimensions) for record, _ in found
    }
    values: dict[str, Fraction] = {}
    basis_issues: dict[str, list[Issue]] = {record.path: [] for record, _ in found}
    for record, _ in found:
        value = number(record.frontmatter.get(config.rank_by))
        if value is not None:
            values[record.path] = value
        elif config.basis == "rank":
            message = f"no number in `{config.rank_by}` to rank the client by"
            basis_issues[record.path].append(Issue("WF501", config.rank_by, message))
        if config.basis == "score":
            basis_issues[record.path] += scores[record.path][1]
    ranked = rank_tiers(values, config.levels) if config.basis == "rank" else {}
    as_of = judging_day(config)
    clients = []
    for record, data in found:
        score = scores[record.path][0] if config.dimensions else None
        if config.basis == "manual":
            basis_tier = data.tier
        elif config.basis == "rank":
            basis_tier = ranked.get(record.path)
        else:
            basis_tier = tier_for_score(score.total, config.levels) if score is not None else None
        tier = data.override if data.override is not None else basis_tier
        level = config.level(tier) if tier is not None else None
        operations, issues = read_operations(record.frontmatter, data, level, config, as_of)
        client_issues = [*basis_issues[record.path], *issues]
        clients.append(_placed(record, data, basis_tier, score, values.get(record.path), operations, client_issues))
    clients.sort(key=lambda c: (c.tier or len(config.levels) + 1, c.title.casefold(), c.path))
    return TierReport(config, tuple(clients), as_of)


def judging_day(config: TiersConfig) -> dt.date:
    """The day the operational rules judge by: `[tiers] as_of` (which `--today` sets),
    else the run's own day (`SOURCE_DATE_EPOCH`, else the clock)."""
    return config.as_of if config.as_of is not None else run_moment(None).date()


def generated_pages(config: TiersConfig, records: Iterable[Typed]) -> list[str]:
    """The tier pages the build will write (none when the wiki has no client page), as
    paths links may name."""
    if not any(is_client(record, config) for record in records):
        return []
    return [PAGES_FOLDER, *(f"{PAGES_FOLDER}/tier-{level.number}" for level in config.levels), OWNERS_PAGE, REVIEW_PAGE]


def _placed(
    record: PageRecord,
    data: ClientData,
    basis_tier: int | None,
    score: Score | None,
    rank_value: Fraction | None,
    operations: Operations,
    more_issues: list[Issue],
) -> ClientTier:
    """A client as placed: `more_issues` are those of the basis and the operational data."""
    tier = data.override if data.override is not None else basis_tier
    reached = [t for t in (data.onboarding_tier, tier, *(r.tier for r in data.history)) if t is not None]
    fm = record.frontmatter
    growth = fm.get("growth_potential")
    workstreams = fm.get("workstreams")
    if isinstance(workstreams, str):
        workstreams = [workstreams]
    return ClientTier(
        data=data,
        basis_tier=basis_tier,
        tier=tier,
        score=score,
        rank_value=rank_value,
        highest_tier=min(reached) if reached else None,
        last_review_tier=data.history[-1].tier if data.history else None,
        retainer=number(fm.get(RETAINER)),
        growth=str(growth).strip() if isinstance(growth, (str, int, float)) and str(growth).strip() else None,
        workstreams=tuple(str(w).strip() for w in workstreams or () if str(w).strip())
        if isinstance(workstreams, list)
        else (),
        operations=operations,
        issues=(*data.issues, *more_issues),
    )


def _movement(before: int | None, now: int | None) -> str | None:
    if before is None or now is None:
        return None
    return "up" if now < before else "down" if now > before else "steady"
