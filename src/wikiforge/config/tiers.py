"""The `[tiers]` config table: the tiers, the basis that places clients, and rule limits.

Validation reports every problem at once, each naming its key (`tiers.tier[2].min_score`),
like the rest of the config. Numbers are kept as `Fraction`s so that a score of exactly
75 meets a threshold of 75 and a 20 % share of 20 clients is exactly 4, whatever floats
would have made of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .keys import check_keys, snake_keys
from .schema import Choice, Setting, Shaped, Text
from .tier_dimensions import DEFAULT_DIMENSIONS, Dimension, check_weights, parse_dimensions
from .tier_operations import (
    DEFAULT_GRACE,
    DEFAULT_ROLES,
    LEVEL_OPERATIONS,
    OPERATIONS,
    level_operations,
    parse_operations,
)
from .tier_values import read_number, read_share, show_value

BASES = ("manual", "rank", "score")
MIN_TIERS, MAX_TIERS = 2, 5

TIERS: tuple[Setting, ...] = (
    Setting("basis", Choice(BASES), "manual", "how clients are placed: their `tier` as written, a rank, or a score"),
    Setting("client_type", Text(), "client", "the frontmatter `type` of client pages"),
    Setting("rank_by", Text(), "retainer", 'the frontmatter number `basis = "rank"` orders clients by'),
    Setting("override_share", Shaped("percentage"), 5, "the share of clients that may be placed by override"),
    Setting("okr_objectives", Shaped("[fewest, most]"), (2, 4), "how many OKR objectives a client page should have"),
    Setting("currency", Shaped("string"), "$", "the symbol shown before money amounts (may be empty)"),
    Setting("tier", Shaped("list of tables"), None, "`[[tiers.tier]]`, top tier first: 2 to 5 tiers", "Tier 1-3"),
    Setting("dimension", Shaped("list of tables"), None, "`[[tiers.dimension]]`: the score's inputs", "see below"),
    *OPERATIONS,
)
"""The keys of `[tiers]`."""

TIER: tuple[Setting, ...] = (
    Setting("name", Text(), None, "the tier's name", '`"Tier N"`'),
    Setting("owner", Shaped("string"), None, "who owns the tier's accounts by default"),
    Setting("cadence", Shaped("string"), None, "how often its clients meet, as shown on the tier card"),
    Setting("service_level", Shaped("string"), None, "what its clients get, as shown on the tier card"),
    Setting("description", Shaped("string"), None, "a sentence about the tier"),
    Setting("target_share", Shaped("percentage"), None, 'the share of clients in it (needed by `basis = "rank"`)'),
    Setting("min_score", Shaped("number 0-100"), None, 'the lowest score it takes (needed by `basis = "score"`)'),
    *LEVEL_OPERATIONS,
)
"""The keys of each `[[tiers.tier]]`."""

LOCATED_KEYS = ("tier_history", "okrs", "touchpoints")
"""Client keys whose list items the tier rules point at, so the parser records where
each item is written."""


@dataclass(frozen=True)
class TierLevel:
    """One tier, as the config defines it. `number` is its rank: 1 is the top tier."""

    number: int
    name: str
    owner: str | None = None
    cadence: str | None = None
    service_level: str | None = None
    description: str | None = None
    target_share: Fraction | None = None
    min_score: Fraction | None = None
    cadence_days: int | None = None
    """Days between touchpoints (None: case by case)."""
    account_weight: Fraction | None = None
    """The percentage of one owner's capacity an account of this tier takes (None: not
    counted); `max_accounts_per_owner = 15` is a weight of 100/15."""

    @property
    def label(self) -> str:
        """`Tier 1: Strategic`, or just `Tier 1` when the name says no more."""
        plain = f"Tier {self.number}"
        return plain if self.name.casefold() == plain.casefold() else f"{plain}: {self.name}"


@dataclass(frozen=True)
class TiersConfig:
    """Resolved `[tiers]` settings; `levels` run from the top tier down."""

    levels: tuple[TierLevel, ...]
    basis: str = "manual"
    client_type: str = "client"
    rank_by: str = "retainer"
    override_share: Fraction = Fraction(5)
    okr_objectives: tuple[int, int] = (2, 4)
    currency: str = "$"
    dimensions: tuple[Dimension, ...] = field(default_factory=tuple)
    as_of: dt.date | None = None
    """The day the operational rules judge by (`--today` sets it); None: the clock's."""
    review_every: str | None = None
    cadence_grace_days: int = DEFAULT_GRACE
    owner_roles: tuple[str, ...] = DEFAULT_ROLES

    def level(self, number: int) -> TierLevel:
        return self.levels[number - 1]

    @property
    def has_targets(self) -> bool:
        return all(level.target_share is not None for level in self.levels)

    @property
    def has_cadence(self) -> bool:
        """Whether a tier sets `cadence_days` (WF508 and the overdue lists are on)."""
        return any(level.cadence_days is not None for level in self.levels)

    @property
    def has_capacity(self) -> bool:
        """Whether a tier sets a capacity (WF507 and the owners' loads are on)."""
        return any(level.account_weight is not None for level in self.levels)

    @property
    def okr_range(self) -> str:
        return okr_range(*self.okr_objectives)


def okr_range(low: int, high: int) -> str:
    """`[tiers] okr_objectives` as people read it: `2 to 4`, or `3`."""
    return f"{low} to {high}" if low != high else str(low)


DEFAULT_LEVELS = (
    TierLevel(1, "Tier 1", min_score=Fraction(75)),
    TierLevel(2, "Tier 2", min_score=Fraction(55)),
    TierLevel(3, "Tier 3"),
)


def default_tiers() -> TiersConfig:
    return TiersConfig(levels=DEFAULT_LEVELS, dimensions=DEFAULT_DIMENSIONS)


def parse_tiers(table: dict[str, Any], problems: list[str]) -> TiersConfig:
    """Validate the `[tiers]` table (keys already in snake_case), adding to `problems`."""
    check_keys(table, tuple(setting.key for setting in TIERS), "tiers.", problems)
    basis = TIERS[0].read(table, "tiers.", problems)
    levels = _levels(table, problems) if "tier" in table else DEFAULT_LEVELS
    dimensions = parse_dimensions(table, problems) if "dimension" in table else DEFAULT_DIMENSIONS
    tiers = TiersConfig(
        levels=levels,
        basis=basis,
        client_type=_text(table, "client_type", "client", problems),
        rank_by=_text(table, "rank_by", "retainer", problems),
        override_share=_override_share(table, problems),
        okr_objectives=_objectives(table.get("okr_objectives", [2, 4]), problems),
        currency=_text(table, "currency", "$", problems, allow_empty=True),
        dimensions=dimensions,
        **parse_operations(table, problems),
    )
    problems += basis_problems(tiers)
    return tiers


def basis_problems(tiers: TiersConfig) -> list[str]:
    """What the chosen basis needs of the tiers: shares for `rank` (and shares that add
    up to 100 whenever given), thresholds and weights for `score`."""
    problems: list[str] = []
    _check_targets(tiers.levels, tiers.basis, problems)
    if tiers.basis == "score":
        _check_thresholds(tiers.levels, problems)
        check_weights(tiers.dimensions, problems)
    return problems


def _levels(table: dict[str, Any], problems: list[str]) -> tuple[TierLevel, ...]:
    """`[[tiers.tier]]` tables, top tier first."""
    entries = table["tier"]
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.append("`tiers.tier` must be a list of tables: write each tier as `[[tiers.tier]]`")
        return DEFAULT_LEVELS
    if not MIN_TIERS <= len(entries) <= MAX_TIERS:
        problems.append(f"`tiers.tier` defines {len(entries)} tiers; there must be {MIN_TIERS} to {MAX_TIERS}")
    levels = []
    for number, entry in enumerate(entries, start=1):
        prefix = f"tiers.tier[{number}]."
        entry = snake_keys(entry, problems, prefix)
        check_keys(entry, tuple(setting.key for setting in TIER), prefix, problems)
        texts = {}
        for key in ("owner", "cadence", "service_level", "description"):
            value = entry.get(key)
            if value is not None and not isinstance(value, str):
                problems.append(f"`{prefix}{key}` must be a string")
                value = None
            texts[key] = value.strip() if isinstance(value, str) and value.strip() else None
        name = entry.get("name", f"Tier {number}")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"`{prefix}name` must be a non-empty string")
            name = f"Tier {number}"
        share = (
            read_share(entry["target_share"], f"{prefix}target_share", problems) if "target_share" in entry else None
        )
        score = read_number(entry["min_score"], f"{prefix}min_score", problems) if "min_score" in entry else None
        if score is not None and not 0 <= score <= 100:
            problems.append(f"`{prefix}min_score` must be from 0 to 100, not {show_value(score)}")
        operations = level_operations(entry, prefix, problems)
        levels.append(TierLevel(number, name.strip(), target_share=share, min_score=score, **texts, **operations))
    names = [level.name.casefold() for level in levels]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"`tiers.tier` names {name!r} more than once; each tier needs its own name")
    return tuple(levels) if len(levels) >= MIN_TIERS else DEFAULT_LEVELS


def _check_targets(levels: tuple[TierLevel, ...], basis: str, problems: list[str]) -> None:
    shares = [level.target_share for level in levels]
    given = [share for share in shares if share is not None]
    if basis == "rank" and len(given) < len(shares):
        problems.append('`tiers.basis = "rank"` cuts clients into the tiers\' shares: give every tier a `target_share`')
    elif given and len(given) < len(shares):
        problems.append("give every tier a `target_share`, or none")
    elif given and sum(given) != 100:
        problems.append(f"the tiers' `target_share` values add up to {show_value(sum(given))}; they must add up to 100")


def _check_thresholds(levels: tuple[TierLevel, ...], problems: list[str]) -> None:
    """Every tier but the last needs a `min_score`, each below the one above it."""
    previous: Fraction | None = None
    for level in levels[:-1]:
        if level.min_score is None:
            problems.append(f'`tiers.basis = "score"` needs `tiers.tier[{level.number}].min_score`')
            continue
        if previous is not None and level.min_score >= previous:
            problems.append(
                f"`tiers.tier[{level.number}].min_score` ({show_value(level.min_score)}) must be below the tier "
                f"above it ({show_value(previous)})"
            )
        previous = level.min_score
    last = levels[-1]
    if last.min_score not in (None, 0):
        problems.append(
            f"`tiers.tier[{last.number}].min_score` must be 0 or left out: the last tier takes every lower score"
        )


def _objectives(value: Any, problems: list[str]) -> tuple[int, int]:
    shape = "`tiers.okr_objectives` must be [fewest, most], such as [2, 4]"
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        problems.append(shape)
        return (2, 4)
    low, high = value
    if low < 0 or high < low:
        problems.append(f"{shape}, with 0 <= fewest <= most; not {value}")
        return (2, 4)
    return (low, high)


def _override_share(table: dict[str, Any], problems: list[str]) -> Fraction:
    share = read_share(table.get("override_share", 5), "tiers.override_share", problems)
    return Fraction(5) if share is None else share


def _text(table: dict[str, Any], key: str, default: str, problems: list[str], allow_empty: bool = False) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or (not value.strip() and not allow_empty):
        problems.append(f"`tiers.{key}` must be a non-empty string")
        return default
    return value.strip()
