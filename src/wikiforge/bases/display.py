"""Values as text (a table cell, a CSV field, `toString()`, string concatenation) and
as sort keys.

`display` is what a cell shows: nothing for null, dates as `2025-05-27` or
`2025-05-27 09:30`, numbers as JavaScript writes them, lists joined by ", ".
A link shows its display text, else its target as written, or the file's name when it
was made from a file (`file.asLink()`). `to_string` is JavaScript's `String(value)`,
which `toString()` and `"a" + value` use: null is "null" there and a list is joined
by "," with no space.
"""

from __future__ import annotations

import math
from typing import Any

from .regex import Regex
from .values import Date, Duration, FileInfo, Html, Icon, Image, Link, Value, js_number

_DURATION_UNITS = (
    ("year", 12, "months"),
    ("month", 1, "months"),
    ("day", 86_400_000, "ms"),
    ("hour", 3_600_000, "ms"),
    ("minute", 60_000, "ms"),
    ("second", 1_000, "ms"),
)


def display(value: Value) -> str:
    """The plain text a cell shows for `value`."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(display(item) for item in value)
    return to_string(value)


def to_string(value: Value) -> str:
    """JavaScript's `String(value)`, with Bases' own forms for its richer types."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return js_number(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ",".join("" if item is None else to_string(item) for item in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {display(item)}" for key, item in value.items()) + "}"
    if isinstance(value, Date):
        return value.moment.strftime("%Y-%m-%d %H:%M" if value.has_time else "%Y-%m-%d")
    return _rich_text(value)


def _rich_text(value: Value) -> str:
    if isinstance(value, Link):
        if value.display is not None:
            return display(value.display)
        return FileInfo(value.path).basename if value.target == value.path else value.target
    if isinstance(value, FileInfo):
        return value.basename
    if isinstance(value, Duration):
        return duration_text(value)
    if isinstance(value, Regex):
        return f"/{value.source}/{value.flags}"
    if isinstance(value, Image):
        return value.source
    if isinstance(value, Icon):
        return value.name
    if isinstance(value, Html):
        return value.markup
    return str(value)


def duration_text(duration: Duration) -> str:
    """`1 month 2 days`, `3 hours`, `0 seconds`: a duration in words, largest unit first."""
    months, milliseconds = abs(duration.months), abs(duration.milliseconds)
    sign = "-" if duration.months < 0 or duration.milliseconds < 0 else ""
    parts = []
    for name, size, kind in _DURATION_UNITS:
        amount = months // size if kind == "months" else int(milliseconds // size)
        if kind == "months":
            months -= amount * size
        else:
            milliseconds -= amount * size
        if amount:
            parts.append(f"{amount} {name}{'' if amount == 1 else 's'}")
    return sign + (" ".join(parts) or "0 seconds")


def sort_key(value: Value, *, fold: bool = True) -> tuple[Any, ...]:
    """A key ordering any two values: numbers by size, dates by time, text
    alphabetically (case folded first when `fold`, then as written), lists by their
    items; values of different kinds by kind; null after everything."""
    if value is None:
        return (9,)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, int | float):
        return (0, 1, 0) if math.isnan(value) else (0, 0, value)
    if isinstance(value, Date):
        return (2, value.moment)
    if isinstance(value, Duration):
        return (3, value.approx_ms)
    if isinstance(value, str):
        return (4, value.casefold(), value) if fold else (4, value)
    if isinstance(value, list):
        return (7, tuple(sort_key(item, fold=fold) for item in value))
    text = display(value)
    rank = 5 if isinstance(value, Link | FileInfo) else 8
    return (rank, text.casefold(), text) if fold else (rank, text)
