"""Date parsing and date arithmetic: `date("2025-05-27 10:00")`, `date + "1M"`, `"2 weeks"`.

A month is a calendar month, as Moment.js adds one: 2025-01-31 + 1M is 2025-02-28 (the
day is clamped to the month's last), and 2024-02-29 + 1y is 2025-02-28. Weeks, days
and smaller units are fixed lengths of time.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from .values import EPOCH, Date, Duration

_UNITS = {
    "y": ("months", 12),
    "year": ("months", 12),
    "M": ("months", 1),
    "month": ("months", 1),
    "w": ("ms", 7 * 86_400_000),
    "week": ("ms", 7 * 86_400_000),
    "d": ("ms", 86_400_000),
    "day": ("ms", 86_400_000),
    "h": ("ms", 3_600_000),
    "hour": ("ms", 3_600_000),
    "m": ("ms", 60_000),
    "minute": ("ms", 60_000),
    "s": ("ms", 1_000),
    "second": ("ms", 1_000),
}
"""Each duration unit: whether it counts months or milliseconds, and how many of them.
Long names also take a plural `s` and any case; one-letter units are case-sensitive
(`M` is a month, `m` a minute)."""

_PART = re.compile(r"\s*([+-]?\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*,?")
_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?"
)


def parse_duration(text: str) -> Duration | None:
    """`"1M"`, `"2h"`, `"1 day"`, `"3 weeks"`, `"1d 12h"` as a Duration; None if not one."""
    months, milliseconds, position = 0.0, 0.0, 0
    stripped = text.strip()
    if not stripped:
        return None
    while position < len(stripped):
        match = _PART.match(stripped, position)
        unit = _unit(match.group(2)) if match else None
        if match is None or unit is None:
            return None
        kind, size = _UNITS[unit]
        amount = float(match.group(1)) * size
        if kind == "months":
            months += amount
        else:
            milliseconds += amount
        position = match.end()
    if months != int(months):
        return None
    return Duration(int(months), _whole(milliseconds))


def _unit(written: str) -> str | None:
    if written in _UNITS and len(written) == 1:
        return written
    lowered = written.lower()
    singular = lowered[:-1] if lowered.endswith("s") and len(lowered) > 2 else lowered
    return singular if singular in _UNITS and len(singular) > 1 else None


def _whole(number: float) -> float:
    return int(number) if number == int(number) else number


@lru_cache(maxsize=1 << 14)
def parse_date(text: str) -> Date | None:
    """An ISO-like date or date-time (`2025-05-27`, `2025-05-27 10:00:00`,
    `2025-05-27T10:00:00.250Z`) as a Date; None if the text is not one. A zone suffix is
    read and ignored: the wall clock written is the time meant. Remembered: a base reads
    the same few hundred dates again in every row (a `Date` is immutable)."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction = match.groups()
    try:
        moment = dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")[:6]),
        )
    except ValueError:
        return None
    return Date(moment, hour is not None)


def add(date: Date, duration: Duration, sign: int = 1) -> Date:
    """`date` moved by `duration` (backwards when `sign` is -1). The result has a time
    when the date had one or the duration is not a whole number of days."""
    moment = add_months(date.moment, sign * duration.months)
    moment += dt.timedelta(milliseconds=sign * duration.milliseconds)
    has_time = date.has_time or duration.milliseconds % 86_400_000 != 0
    return Date(moment, has_time)


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """`moment` moved by whole calendar months, the day clamped to the month's end."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def from_epoch_ms(milliseconds: float) -> Date:
    """Milliseconds since 1970 (UTC wall clock) as a Date with a time."""
    return Date(EPOCH + dt.timedelta(milliseconds=milliseconds), True)


def month_difference(earlier: dt.datetime, later: dt.datetime) -> tuple[int, float]:
    """Whole calendar months from `earlier` to `later` and the milliseconds left over,
    as Moment.js splits a difference before humanising it."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if add_months(earlier, months) > later:
        months -= 1
    rest = (later - add_months(earlier, months)) / dt.timedelta(milliseconds=1)
    return months, rest


FIELDS = {
    "year": lambda moment: moment.year,
    "month": lambda moment: moment.month,
    "day": lambda moment: moment.day,
    "hour": lambda moment: moment.hour,
    "minute": lambda moment: moment.minute,
    "second": lambda moment: moment.second,
    "millisecond": lambda moment: moment.microsecond // 1000,
}
"""The fields a date offers (`date.year`), month 1 to 12 as the help says."""
