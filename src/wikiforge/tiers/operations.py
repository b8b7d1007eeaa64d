"""A client's tier in operation: who owns it, when it was last met, when its tier was last
reviewed, and whether its OKRs move, as of the day the run judges by.

Read from the client page's frontmatter, checked like the rest of its tier data: what
cannot be read becomes an `Issue` of the rule it belongs to (WF507 owners, WF508
touchpoints, WF509 reviews), at the key it is written under.

- owners: `owner` (a name, a `[[person]]` link, or a list of them), else the tier's
  default `owner`; other people on the account under the keys `[tiers] owner_roles`
  names (`strategist`, `account_coordinator`).
- touchpoints: `last_contact`, and `touchpoints: [{date, kind, note}]`; the latest date
  of either is the last touchpoint.
- reviews: the latest `tier_history` date or `tier_reviewed`; an override's
  `override_reviewed`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..config.tiers import TierLevel, TiersConfig
from ..core.dates import iso_day
from ..core.pickling import ByFields
from ..parse.markdown.wikilinks import split_wikilink
from .client import ClientData, Issue, objectives_of

OWNER = "owner"


@dataclass(frozen=True, slots=True)
class Person(ByFields):
    """Someone on an account: the name shown, the link target when written as a
    `[[link]]` (None for a plain name), and whether it is the tier's default owner."""

    name: str
    link: str | None = None
    default: bool = False

    @property
    def key(self) -> str:
        """Who this is, whatever the spelling: the link target, else the name, folded."""
        return (self.link or self.name).strip().casefold()


@dataclass(frozen=True, slots=True)
class Touchpoint(ByFields):
    """A meeting with the client: its day, where the page records it (`last_contact` or
    `touchpoints.N`), and what it was."""

    date: str
    key: str
    kind: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Operations(ByFields):
    """One client's operational data as of `as_of` (ISO dates throughout)."""

    owners: tuple[Person, ...]
    roles: tuple[tuple[str, Person], ...]
    touchpoints: tuple[Touchpoint, ...]
    last_touchpoint: str | None
    next_due: str | None
    """The day the next touchpoint is due (the last plus the tier's cadence)."""
    overdue_days: int | None
    """Days past the due day plus grace, when past it; None when not overdue."""
    last_review: str | None
    review_due: bool
    override_reviewed: str | None
    override_due: bool
    okr_stale: bool


def read_operations(
    fm: dict[str, Any], data: ClientData, level: TierLevel | None, config: TiersConfig, as_of: dt.date
) -> tuple[Operations, list[Issue]]:
    """`fm`'s operational data for a client served in `level` (None: no tier), and the
    problems reading it."""
    issues: list[Issue] = []
    owners = _people(fm.get(OWNER), OWNER, issues)
    if not owners and level is not None and level.owner:
        owners = (Person(level.owner, default=True),)
    roles = tuple((role, person) for role in config.owner_roles for person in _people(fm.get(role), role, issues))
    touchpoints = _touchpoints(fm, issues)
    last = max((t.date for t in touchpoints), default=None)
    next_due, overdue = _cadence(last, level, config, as_of)
    last_review = _latest([*(r.date for r in data.history), _date(fm, "tier_reviewed", "WF509", issues)])
    start = period_start(as_of, config.review_every) if config.review_every else None
    override_reviewed = _date(fm, "override_reviewed", "WF509", issues)
    operations = Operations(
        owners=owners,
        roles=roles,
        touchpoints=touchpoints,
        last_touchpoint=last,
        next_due=next_due,
        overdue_days=overdue,
        last_review=last_review,
        review_due=start is not None and (last_review is None or last_review < start.isoformat()),
        override_reviewed=override_reviewed,
        override_due=start is not None
        and data.override is not None
        and (override_reviewed is None or override_reviewed < start.isoformat()),
        okr_stale=okr_stale(data, as_of),
    )
    return operations, issues


def period_start(day: dt.date, period: str | None) -> dt.date:
    """The first day of the month, quarter or year `day` is in."""
    if period == "month":
        return day.replace(day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_of(day: dt.date) -> tuple[int, int]:
    """(year, quarter) of `day`."""
    return day.year, (day.month - 1) // 3 + 1


def okr_stale(data: ClientData, as_of: dt.date) -> bool:
    """Whether the client's objectives for `as_of`'s quarter (with those naming no
    quarter) all lack progress once the quarter's first month is over. A client with no
    objective for the quarter is not stale: WF505 says it has too few."""
    start = period_start(as_of, "quarter")
    if as_of < _month_after(start):
        return False
    current = objectives_of(data.objectives, quarter_of(as_of))
    return bool(current) and all(o.progress is None for o in current)


def _month_after(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _cadence(
    last: str | None, level: TierLevel | None, config: TiersConfig, as_of: dt.date
) -> tuple[str | None, int | None]:
    """The day the next touchpoint is due, and the days it is overdue past the grace."""
    if last is None or level is None or level.cadence_days is None:
        return None, None
    due = dt.date.fromisoformat(last) + dt.timedelta(days=level.cadence_days)
    late = (as_of - due).days - config.cadence_grace_days
    return due.isoformat(), late if late > 0 else None


def _people(value: Any, key: str, issues: list[Issue]) -> tuple[Person, ...]:
    """`key`'s people: a name, a `[[link]]`, or a list of them."""
    if value is None or value == "":
        return ()
    items = value if isinstance(value, list) else [value]
    people = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            issues.append(Issue("WF507", key, f"`{key}` must be a name or a [[link]], or a list of them"))
            continue
        text = item.strip()
        if not (text.startswith("[[") and text.endswith("]]")):
            people.append(Person(text))
            continue
        written, _, label = split_wikilink(text[2:-2])  # `[[people/jane#Role|Jane]]`
        target = written.removesuffix(".md")
        people.append(Person(label or target.rsplit("/", 1)[-1], target))
    return tuple(people)


def _touchpoints(fm: dict[str, Any], issues: list[Issue]) -> tuple[Touchpoint, ...]:
    found = []
    last = _date(fm, "last_contact", "WF508", issues)
    if last is not None:
        found.append(Touchpoint(last, "last_contact"))
    value = fm.get("touchpoints")
    if value is None:
        return tuple(found)
    if not isinstance(value, list):
        issues.append(Issue("WF508", "touchpoints", "`touchpoints` must be a list of {date:, kind:, note:} entries"))
        return tuple(found)
    for number, entry in enumerate(value):
        date = iso_day(entry.get("date")) if isinstance(entry, dict) else iso_day(entry)
        if date is None:
            message = f"`touchpoints` entry {number + 1} has no ISO date (YYYY-MM-DD)"
            issues.append(Issue("WF508", f"touchpoints.{number}", message))
            continue
        kind = _text(entry.get("kind")) if isinstance(entry, dict) else None
        note = _text(entry.get("note")) if isinstance(entry, dict) else None
        found.append(Touchpoint(date, f"touchpoints.{number}", kind, note))
    return tuple(sorted(found, key=lambda t: t.date))  # stable: of one day, the last written is last


def _date(fm: dict[str, Any], key: str, code: str, issues: list[Issue]) -> str | None:
    value = fm.get(key)
    if value is None or value == "":
        return None
    day = iso_day(value)
    if day is None:
        issues.append(Issue(code, key, f"`{key}` must be a date, YYYY-MM-DD"))
    return day


def _latest(days: list[str | None]) -> str | None:
    return max((day for day in days if day is not None), default=None)


def _text(value: Any) -> str | None:
    return str(value).strip() if isinstance(value, (str, int, float)) and str(value).strip() else None
