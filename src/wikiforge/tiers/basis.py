"""The two computed bases: a weighted score with thresholds, and a rank cut into shares.

Both work in exact fractions. Boundaries are inclusive at the top: a score equal to a
tier's `min_score` is in that tier, and clients tied on the rank field are never split
across a cut (they all take the higher tier), so a client never sits below one with the
same retainer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..config.tier_dimensions import Dimension
from ..config.tiers import TierLevel
from ..core.numbers import exact_number, show_number
from ..core.pickling import ByFields
from .client import Issue

_NUMBER_TEXT = re.compile(r"^[\s$€£¥]*([+-]?\d[\d,]*(?:\.\d+)?)\s*$")


@dataclass(frozen=True, slots=True)
class ScorePart(ByFields):
    """One dimension's contribution: the value read, the points given, out of `weight`."""

    dimension: str
    field: str
    value: str | None
    points: Fraction
    weight: Fraction


@dataclass(frozen=True, slots=True)
class Score(ByFields):
    total: Fraction
    parts: tuple[ScorePart, ...]


def number(value: Any) -> Fraction | None:
    """A frontmatter number: `8500`, `8500.0`, or text such as `"$8,500"`."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(str(value)) if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        match = _NUMBER_TEXT.match(value)
        return exact_number(match.group(1).replace(",", "")) if match else None
    return None


def score_client(frontmatter: Mapping[str, Any], dimensions: tuple[Dimension, ...]) -> tuple[Score, list[Issue]]:
    """The weighted score of one client, part by part, and what could not be scored."""
    parts = []
    issues: list[Issue] = []
    for dimension in dimensions:
        value = frontmatter.get(dimension.field)
        if value is None or value == "":
            issues.append(
                Issue(
                    "WF501",
                    dimension.field,
                    f"no `{dimension.field}`, which the score needs; {dimension.name} scores 0",
                )
            )
            parts.append(ScorePart(dimension.name, dimension.field, None, Fraction(0), dimension.weight))
            continue
        points, problem = _points(dimension, value)
        if problem:
            issues.append(Issue("WF501", dimension.field, problem))
        parts.append(ScorePart(dimension.name, dimension.field, _shown(value), points, dimension.weight))
    return Score(sum((p.points for p in parts), Fraction(0)), tuple(parts)), issues


def _points(dimension: Dimension, value: Any) -> tuple[Fraction, str | None]:
    """Points for one value, capped at the weight, and a problem to report if any."""
    if dimension.per_item is not None:
        count = len(value) if isinstance(value, list) else 1
        return min(dimension.weight, count * dimension.per_item), None
    if dimension.bands:
        amount = Fraction(len(value)) if isinstance(value, list) else number(value)
        if amount is None:
            return Fraction(0), f"`{dimension.field}` {_shown(value)} is not a number; {dimension.name} scores 0"
        return next((points for at_least, points in dimension.bands if amount >= at_least), Fraction(0)), None
    table = dict(dimension.points)
    items = value if isinstance(value, list) else [value]
    unknown = [item for item in items if str(item).strip().casefold() not in table]
    total = sum((table.get(str(item).strip().casefold(), Fraction(0)) for item in items), Fraction(0))
    problem = None
    if unknown:
        allowed = ", ".join(name for name, _ in dimension.points)
        shown = ", ".join(repr(item) for item in unknown)
        problem = f"`{dimension.field}` {shown} has no points in the score (known: {allowed}); it scores 0"
    return min(dimension.weight, total), problem


def tier_for_score(score: Fraction, levels: tuple[TierLevel, ...]) -> int:
    """The first tier whose `min_score` the score reaches; the last tier otherwise."""
    for level in levels[:-1]:
        if level.min_score is not None and score >= level.min_score:
            return level.number
    return levels[-1].number


def rank_tiers(values: Mapping[str, Fraction], levels: tuple[TierLevel, ...]) -> dict[str, int]:
    """Tiers by rank: highest value first, cut at the tiers' cumulative target shares.

    A client's position is the number of clients with a strictly higher value (ties
    share the best position); tier n takes positions below round(N × the shares of
    tiers 1..n / 100), rounding halves up.
    """
    total = len(values)
    cuts = []
    cumulative = Fraction(0)
    for level in levels:
        cumulative += level.target_share or Fraction(0)
        cuts.append(int(total * cumulative / 100 + Fraction(1, 2)))
    ordered = sorted(values.values(), reverse=True)
    tiers = {}
    for key, value in values.items():
        position = _higher_count(ordered, value)
        below = (level.number for level, cut in zip(levels, cuts, strict=True) if position < cut)
        tiers[key] = next(below, levels[-1].number)
    return tiers


def _higher_count(descending: list[Fraction], value: Fraction) -> int:
    """How many values in a descending list are strictly above `value` (binary search)."""
    low, high = 0, len(descending)
    while low < high:
        middle = (low + high) // 2
        if descending[middle] > value:
            low = middle + 1
        else:
            high = middle
    return low


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Fraction):
        return show_number(value)
    return str(value)
