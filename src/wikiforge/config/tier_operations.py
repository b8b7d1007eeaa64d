"""The `[tiers]` settings for running the tiers: owners' capacity, each tier's meeting
cadence, the tier review's period and the day the operational rules judge by.

Every one of them is off until set, so a wiki that does not track owners, touchpoints or
reviews sees no new finding: WF507 needs a tier's capacity, WF508 a tier's
`cadence_days`, WF509 `review_every`.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from .schema import Choice, Setting, Shaped
from .tier_values import read_number, show_value

PERIODS = ("month", "quarter", "year")
"""What `review_every` takes: a client is due for review once per period."""

DEFAULT_ROLES = ("strategist", "account_coordinator")
DEFAULT_GRACE = 3

OPERATIONS: tuple[Setting, ...] = (
    Setting("as_of", Shaped("date"), None, "the day WF507-WF510 judge by (`--today` wins; else the clock)"),
    Setting("review_every", Choice(PERIODS), None, "WF509: how often every client's tier is reviewed"),
    Setting("cadence_grace_days", Shaped("days"), DEFAULT_GRACE, "WF508: days a touchpoint may be late"),
    Setting(
        "owner_roles",
        Shaped("list of strings"),
        list(DEFAULT_ROLES),
        "frontmatter keys naming the other people on an account",
        '`["strategist", "account_coordinator"]`',
    ),
)
"""The operational keys of `[tiers]`."""

LEVEL_OPERATIONS: tuple[Setting, ...] = (
    Setting("cadence_days", Shaped("days"), None, "WF508: days between touchpoints (none: case by case)"),
    Setting("max_accounts_per_owner", Shaped("number"), None, "WF507: accounts of this tier one owner can carry"),
    Setting("account_weight", Shaped("percentage"), None, "WF507: or the share of an owner's capacity one takes"),
)
"""The operational keys of each `[[tiers.tier]]`."""


def parse_operations(table: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    """The operational keys of `[tiers]`, as `TiersConfig` fields."""
    return {
        "as_of": _day(table.get("as_of"), "tiers.as_of", problems),
        "review_every": _period(table.get("review_every"), problems),
        "cadence_grace_days": _days(
            table.get("cadence_grace_days", DEFAULT_GRACE), "tiers.cadence_grace_days", problems
        )
        or 0,
        "owner_roles": _roles(table.get("owner_roles", list(DEFAULT_ROLES)), problems),
    }


def level_operations(entry: dict[str, Any], prefix: str, problems: list[str]) -> dict[str, Any]:
    """The operational keys of one `[[tiers.tier]]`, as `TierLevel` fields."""
    cadence = entry.get("cadence_days")
    found: dict[str, Any] = {"cadence_days": None, "account_weight": None}
    if cadence is not None:
        found["cadence_days"] = _days(cadence, f"{prefix}cadence_days", problems, least=1)
    most, weight = entry.get("max_accounts_per_owner"), entry.get("account_weight")
    if most is not None and weight is not None:
        problems.append(f"`{prefix[:-1]}` takes `max_accounts_per_owner` or `account_weight`, not both")
    elif most is not None:
        count = _days(most, f"{prefix}max_accounts_per_owner", problems, least=1)
        found["account_weight"] = Fraction(100, count) if count else None
    elif weight is not None:
        share = read_number(weight, f"{prefix}account_weight", problems)
        if share is not None and not 0 < share <= 100:
            problems.append(
                f"`{prefix}account_weight` is a percentage above 0 and at most 100, not {show_value(share)}"
            )
            share = None
        found["account_weight"] = share
    return found


def _day(value: Any, key: str, problems: list[str]) -> dt.date | None:
    """`as_of = 2026-11-20` (a TOML date) or `"2026-11-20"`."""
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.append(f"`{key}` must be a date, YYYY-MM-DD, not {show_value(value)}")
    return None


def _period(value: Any, problems: list[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().casefold() in PERIODS:
        return value.strip().casefold()
    problems.append(f"`tiers.review_every` must be one of {', '.join(PERIODS)}, not {show_value(value)}")
    return None


def _days(value: Any, key: str, problems: list[str], least: int = 0) -> int | None:
    """A whole number of days (or accounts) of at least `least`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        problems.append(f"`{key}` must be a whole number of at least {least}, not {show_value(value)}")
        return None
    return value


def _grace(value: Any, problems: list[str]) -> int:
    days = _days(value, "tiers.cadence_grace_days", problems)
    return DEFAULT_GRACE if days is None else days


def _roles(value: Any, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append('`tiers.owner_roles` must be a list of frontmatter keys, such as ["strategist"]')
        return DEFAULT_ROLES
    return tuple(v.strip() for v in value)
