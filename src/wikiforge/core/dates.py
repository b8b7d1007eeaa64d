"""Frontmatter dates as YAML gives them: a `date`, a `datetime`, or text.

YAML reads `created: 2026-04-05` as a date and `updated: 2026-04-05T10:00:00` as a
datetime, while a quoted value stays text; every reader of a date takes all three here.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any


def as_datetime(value: Any) -> dt.datetime | None:
    """The moment a value names (a date is its midnight), or None if it names none."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def iso_day(value: Any) -> str | None:
    """`YYYY-MM-DD` of a date, a datetime or text that starts with an ISO date; else None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            return None
    return None


def run_moment(today: dt.date | None) -> dt.datetime:
    """The moment a run calls now: midnight of `today` when the run was given one;
    else `SOURCE_DATE_EPOCH` (seconds, UTC) when set, as reproducible builds agree;
    else the local wall clock, as Obsidian's `now()` reads it."""
    if today is not None:
        return dt.datetime(today.year, today.month, today.day)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return dt.datetime.now().replace(microsecond=0)
