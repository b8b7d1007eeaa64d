"""Reading one client page's tier data: tier values, history and OKRs, with problems.

Frontmatter belongs to its authors, so nothing here assumes a shape: every value is
checked, and what cannot be read becomes an `Issue` for the tier rules to report at the
key (or list item) where it is written, while the rest of the page is still used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

from ..config.tiers import TiersConfig
from ..core.dates import iso_day
from ..core.numbers import exact_number
from ..core.pickling import ByFields
from ..core.records import PageRecord, Problem
from ..core.suggest import closest

_TIER_WORDS = re.compile(r"(?i)^\s*(?:tier\s*)?(\d{1,9})\s*$")
_QUARTER = re.compile(r"(?i)^\s*(?:(?P<year>\d{4})[\s-]*Q(?P<q>[1-4])|Q(?P<q2>[1-4])[\s-]*(?P<year2>\d{4}))\s*$")
"""`2026-Q4`, `2026 Q4`, `Q4 2026`, `Q4-2026`."""
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Issue(ByFields):
    """A problem with a client's tier data: which rule reports it, where, and what."""

    code: str
    key: str  # dotted frontmatter path: "tier_override", "okrs.1.key_results.0"
    message: str
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class Review(ByFields):
    """One `tier_history` entry: from `date`, the client was in `tier`."""

    date: str
    tier: int


@dataclass(frozen=True, slots=True)
class KeyResult(ByFields):
    """A key result; `progress` is a fraction from 0 to 1 when the page gives one.
    `key` is where it is written (`okrs.0.key_results.1`)."""

    key: str
    text: str
    target: str | None = None
    progress: Fraction | None = None

    @property
    def measurable(self) -> bool:
        return bool(_DIGIT.search(self.text)) or self.target is not None


@dataclass(frozen=True, slots=True)
class Objective(ByFields):
    text: str
    quarter: str | None
    key_results: tuple[KeyResult, ...]

    @property
    def progress(self) -> Fraction | None:
        """The mean progress of the key results that give one."""
        given = [kr.progress for kr in self.key_results if kr.progress is not None]
        return sum(given, Fraction(0)) / len(given) if given else None


@dataclass(frozen=True, slots=True)
class ClientData(ByFields):
    """What a client page says about its tier, read and checked against the config."""

    path: str
    title: str
    tier: int | None
    override: int | None
    override_reason: str | None
    onboarded: str | None
    onboarding_tier: int | None
    history: tuple[Review, ...]
    objectives: tuple[Objective, ...]
    issues: tuple[Issue, ...]


class Typed(Protocol):
    """What tells a client page: a record, or a page's digest between runs."""

    @property
    def role(self) -> str: ...

    @property
    def read_error(self) -> Problem | None: ...

    @property
    def page_type(self) -> str | None: ...


def is_client(record: Typed, config: TiersConfig) -> bool:
    return record.role == "page" and record.read_error is None and record.page_type == config.client_type


def read_client(record: PageRecord, config: TiersConfig) -> ClientData:
    fm = record.frontmatter
    issues: list[Issue] = []
    tier = _tier_field(fm, "tier", config, issues)
    if config.basis == "manual" and fm.get("tier") in (None, ""):
        issues.append(Issue("WF501", "tier", f"client page has no `tier`; {_names(config)}"))
    override = _tier_field(fm, "tier_override", config, issues)
    written_reason = fm.get("override_reason")
    reason = written_reason.strip() if isinstance(written_reason, str) and written_reason.strip() else None
    if fm.get("tier_override") not in (None, "") and reason is None:
        if written_reason is None or isinstance(written_reason, str):
            message = "`tier_override` has no `override_reason`; say why the client is held there"
        else:
            message = (
                f"`override_reason` must be text saying why the client is held there, not {_shown(written_reason)}"
            )
        issues.append(Issue("WF502", "tier_override", message))
    return ClientData(
        path=record.path,
        title=record.title,
        tier=tier,
        override=override,
        override_reason=reason,
        onboarded=iso_day(fm.get("onboarded")),
        onboarding_tier=_tier_field(fm, "onboarding_tier", config, issues),
        history=_history(fm.get("tier_history"), config, issues),
        objectives=_objectives(fm, issues),
        issues=tuple(issues),
    )


def parse_tier(value: Any, config: TiersConfig) -> int | None:
    """A tier as written: `2`, `"2"`, `"Tier 2"` or a tier's name (any case)."""
    if isinstance(value, bool):
        return None
    number: int | None = None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        match = _TIER_WORDS.match(value)
        if match:
            number = int(match.group(1))
        else:
            wanted = value.strip().casefold()
            number = next((lv.number for lv in config.levels if lv.name.casefold() == wanted), None)
            if number is None:
                number = next((lv.number for lv in config.levels if lv.label.casefold() == wanted), None)
    return number if number is not None and 1 <= number <= len(config.levels) else None


def _tier_field(fm: dict[str, Any], key: str, config: TiersConfig, issues: list[Issue]) -> int | None:
    value = fm.get(key)
    if value is None or value == "":
        return None
    tier = parse_tier(value, config)
    if tier is None:
        message = f"`{key}` {_shown(value)} is not a tier; {_names(config)}"
        issues.append(Issue("WF501", key, message, _closest_name(value, config)))
    return tier


def _history(value: Any, config: TiersConfig, issues: list[Issue]) -> tuple[Review, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        issues.append(Issue("WF501", "tier_history", "`tier_history` must be a list of {date:, tier:} entries"))
        return ()
    reviews = []
    for number, entry in enumerate(value):
        key = f"tier_history.{number}"
        if not isinstance(entry, dict):
            issues.append(Issue("WF501", key, f"`tier_history` entry {number + 1} must be {{date:, tier:}}"))
            continue
        date = iso_day(entry.get("date"))
        tier = parse_tier(entry.get("tier"), config)
        if date is None:
            issues.append(Issue("WF501", key, f"`tier_history` entry {number + 1} has no ISO date (YYYY-MM-DD)"))
        if tier is None:
            shown = _shown(entry.get("tier"))
            issues.append(
                Issue("WF501", key, f"`tier_history` entry {number + 1}: {shown} is not a tier; {_names(config)}")
            )
        if date is not None and tier is not None:
            reviews.append(Review(date, tier))
    return tuple(sorted(reviews, key=lambda r: r.date))


def _objectives(fm: dict[str, Any], issues: list[Issue]) -> tuple[Objective, ...]:
    value = fm.get("okrs")
    if value is None:
        return ()
    if not isinstance(value, list):
        issues.append(Issue("WF505", "okrs", "`okrs` must be a list of objectives, each {objective:, key_results:}"))
        return ()
    objectives = []
    for number, entry in enumerate(value):
        key = f"okrs.{number}"
        if isinstance(entry, str) and entry.strip():
            entry = {"objective": entry}
        text = entry.get("objective") if isinstance(entry, dict) else None
        if not isinstance(text, (str, int, float)) or isinstance(text, bool) or not str(text).strip():
            issues.append(Issue("WF505", key, f"objective {number + 1} has no `objective` text"))
            continue
        quarter = entry.get("quarter")
        results = _key_results(entry.get("key_results"), key, issues)
        objectives.append(Objective(str(text).strip(), str(quarter).strip() if quarter else None, results))
    return tuple(objectives)


def _key_results(value: Any, key: str, issues: list[Issue]) -> tuple[KeyResult, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    results = []
    for number, item in enumerate(items):
        item_key = f"{key}.key_results.{number}" if isinstance(value, list) else f"{key}.key_results"
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            results.append(KeyResult(item_key, str(item).strip()))
            continue
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(text, str) or not text.strip():
            issues.append(Issue("WF506", item_key, "a key result must be text, or {text:, target:, progress:}"))
            continue
        target = item.get("target")
        results.append(
            KeyResult(
                item_key,
                text.strip(),
                str(target).strip() if target is not None and str(target).strip() else None,
                _progress(item.get("progress"), item_key, issues),
            )
        )
    return tuple(results)


def _progress(value: Any, key: str, issues: list[Issue]) -> Fraction | None:
    """`progress: 0.55` or `progress: 55%`: how far along, as a fraction of 1."""
    if value is None:
        return None
    progress: Fraction | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        progress = exact_number(str(value))
    elif isinstance(value, str) and value.strip().endswith("%"):
        percent = exact_number(value.strip()[:-1])
        progress = percent / 100 if percent is not None else None
    if progress is None or not 0 <= progress <= 1:
        issues.append(Issue("WF506", key, f"`progress` must be from 0 to 1 (or 0% to 100%), not {_shown(value)}"))
        return None
    return progress


def current_quarter_objectives(objectives: tuple[Objective, ...]) -> list[Objective]:
    """Objectives of the latest quarter written, with those that name no quarter; all
    of them when none names one. Past quarters are history, not this quarter's load."""
    quarters = [q for q in (quarter_key(o.quarter) for o in objectives) if q is not None]
    if not quarters:
        return list(objectives)
    latest = max(quarters)
    return [o for o in objectives if quarter_key(o.quarter) in (None, latest)]


def objectives_of(objectives: tuple[Objective, ...], quarter: tuple[int, int]) -> list[Objective]:
    """The objectives of `quarter` ((year, quarter)), with those that name no quarter:
    a quarter's load as the review and WF510 count it, by the calendar, not by the
    latest quarter the page names (WF505's count)."""
    return [o for o in objectives if o.quarter is None or quarter_key(o.quarter) == quarter]


def quarter_key(quarter: str | None) -> tuple[int, int] | None:
    """(year, quarter) of a quarter as written (`2026-Q4`, `Q4 2026`); None for other text."""
    match = _QUARTER.match(quarter or "")
    if match is None:
        return None
    return int(match["year"] or match["year2"]), int(match["q"] or match["q2"])


def _names(config: TiersConfig) -> str:
    return "tiers are " + ", ".join(level.label for level in config.levels)


def _closest_name(value: Any, config: TiersConfig) -> str | None:
    """The tier name nearest a misspelt one (`Strategc` → `Strategic`)."""
    if not isinstance(value, str):
        return None
    names = {level.name.casefold(): level.name for level in config.levels}
    close = closest(value.strip().casefold(), list(names))
    return names[close] if close else None


def _shown(value: Any) -> str:
    """A frontmatter value as YAML writes it (`true`, not Python's `True`)."""
    text = ("true" if value else "false") if isinstance(value, bool) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
