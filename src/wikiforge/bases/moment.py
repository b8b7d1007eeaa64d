"""Moment.js date formatting (`format("dddd, MMMM Do YYYY")`) and `relative()` wording.

Obsidian formats with Moment.js in English, so the tokens and the humanised phrases
("3 days ago", "in 2 hours", "a few seconds ago") are Moment's, including its
thresholds for when minutes become "an hour" and days become "a month". Text in
`[brackets]` is copied as written. Dates carry no zone, so `Z` writes `+00:00`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from .dates import month_difference
from .values import Date, js_round

_MONTHS = [
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
]
_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def _weekday(moment: dt.datetime) -> int:
    """0 for Sunday, as Moment's `d`."""
    return moment.isoweekday() % 7


def _ordinal(number: int) -> str:
    """`1st`, `2nd`, `3rd`, `4th`, `11th`, `12th`, `13th`, `21st`."""
    if 11 <= number % 100 <= 13:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def _hour12(moment: dt.datetime) -> int:
    return moment.hour % 12 or 12


def _epoch_ms(moment: dt.datetime) -> int:
    return int(Date(moment).epoch_ms // 1)


_TOKENS: dict[str, Callable[[dt.datetime], str]] = {
    "YYYY": lambda m: f"{m.year:04d}",
    "YY": lambda m: f"{m.year % 100:02d}",
    "Y": lambda m: str(m.year),
    "Q": lambda m: str((m.month - 1) // 3 + 1),
    "MMMM": lambda m: _MONTHS[m.month - 1],
    "MMM": lambda m: _MONTHS[m.month - 1][:3],
    "MM": lambda m: f"{m.month:02d}",
    "Mo": lambda m: _ordinal(m.month),
    "M": lambda m: str(m.month),
    "DDDD": lambda m: f"{m.timetuple().tm_yday:03d}",
    "DDD": lambda m: str(m.timetuple().tm_yday),
    "DD": lambda m: f"{m.day:02d}",
    "Do": lambda m: _ordinal(m.day),
    "D": lambda m: str(m.day),
    "dddd": lambda m: _DAYS[_weekday(m)],
    "ddd": lambda m: _DAYS[_weekday(m)][:3],
    "dd": lambda m: _DAYS[_weekday(m)][:2],
    "d": lambda m: str(_weekday(m)),
    "E": lambda m: str(m.isoweekday()),
    "WW": lambda m: f"{m.isocalendar()[1]:02d}",
    "W": lambda m: str(m.isocalendar()[1]),
    "GGGG": lambda m: f"{m.isocalendar()[0]:04d}",
    "HH": lambda m: f"{m.hour:02d}",
    "H": lambda m: str(m.hour),
    "hh": lambda m: f"{_hour12(m):02d}",
    "h": lambda m: str(_hour12(m)),
    "kk": lambda m: f"{m.hour or 24:02d}",
    "k": lambda m: str(m.hour or 24),
    "mm": lambda m: f"{m.minute:02d}",
    "m": lambda m: str(m.minute),
    "ss": lambda m: f"{m.second:02d}",
    "s": lambda m: str(m.second),
    "SSS": lambda m: f"{m.microsecond // 1000:03d}",
    "SS": lambda m: f"{m.microsecond // 10000:02d}",
    "S": lambda m: str(m.microsecond // 100000),
    "A": lambda m: "AM" if m.hour < 12 else "PM",
    "a": lambda m: "am" if m.hour < 12 else "pm",
    "X": lambda m: str(_epoch_ms(m) // 1000),
    "x": lambda m: str(_epoch_ms(m)),
    "ZZ": lambda m: "+0000",
    "Z": lambda m: "+00:00",
}
_FORMAT = re.compile(r"\[[^\[\]]*\]|" + "|".join(sorted(_TOKENS, key=len, reverse=True)))


def format_date(moment: dt.datetime, pattern: str) -> str:
    """`moment` written with the Moment.js `pattern`; characters that are no token stay."""

    def one(token: re.Match[str]) -> str:
        text = token.group(0)
        return text[1:-1] if text.startswith("[") else _TOKENS[text](moment)

    return _FORMAT.sub(one, pattern)


def relative(moment: dt.datetime, now: dt.datetime) -> str:
    """How far `moment` is from `now` in Moment's `fromNow()` words: "3 days ago",
    "in 2 hours", "a few seconds ago"."""
    earlier, later = sorted((moment, now))
    phrase = _humanise((later - earlier) / dt.timedelta(milliseconds=1), *month_difference(earlier, later))
    return f"in {phrase}" if moment > now else f"{phrase} ago"


def _humanise(milliseconds: float, months: int, remainder: float) -> str:
    """Moment's `relativeTime` thresholds: 44 s, 45 min, 22 h, 26 days, 11 months."""
    seconds, minutes = js_round(milliseconds / 1000), js_round(milliseconds / 60_000)
    hours, days = js_round(milliseconds / 3_600_000), js_round(milliseconds / 86_400_000)
    month_count = js_round(months + remainder / 86_400_000 * 12 / 365.2425)
    years = js_round(month_count / 12)
    steps = [
        (seconds < 45, "a few seconds"),
        (minutes <= 1, "a minute"),
        (minutes < 45, f"{minutes} minutes"),
        (hours <= 1, "an hour"),
        (hours < 22, f"{hours} hours"),
        (days <= 1, "a day"),
        (days < 26, f"{days} days"),
        (month_count <= 1, "a month"),
        (month_count < 11, f"{month_count} months"),
        (years <= 1, "a year"),
    ]
    return next((phrase for reached, phrase in steps if reached), f"{years} years")
