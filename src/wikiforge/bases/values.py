"""The values a Bases expression computes with, in Python.

null is `None`, booleans `bool`, numbers `int` or `float` (JavaScript has one number
type; an `int` is simply a number known to be whole), strings `str`, lists `list`,
objects `dict`. The richer types are frozen dataclasses here: `Date`, `Duration`,
`Link`, `FileInfo`, `Image`, `Icon`, `Html` (and `Regex` from `regex.py`).

Dates are wall-clock times with no time zone, as a note's `2025-05-27 09:30` is
written; where an instant is needed (`number(date)`, the `X` format token) they count
as UTC, so a build gives the same output on every machine.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .regex import Regex

Value = Any
"""Any of the types above; a documentation alias, as the set is open to new kinds."""

EPOCH = dt.datetime(1970, 1, 1)


@dataclass(frozen=True, order=True)
class Date:
    """A date, or a date with a time (`has_time`): `today()` has none, `now()` has one."""

    moment: dt.datetime
    has_time: bool = field(default=True, compare=False)

    @classmethod
    def of(cls, value: dt.date) -> Date:
        """A YAML date or datetime as a Date; an aware datetime keeps its wall clock."""
        if isinstance(value, dt.datetime):
            return cls(value.replace(tzinfo=None), True)
        return cls(dt.datetime(value.year, value.month, value.day), False)

    @cached_property
    def epoch_ms(self) -> float:
        """Milliseconds since 1970-01-01 00:00, counting the wall clock as UTC (kept:
        sorting and date arithmetic ask for it again and again)."""
        return (self.moment - EPOCH) / dt.timedelta(milliseconds=1)


@dataclass(frozen=True)
class Duration:
    """A span of calendar months plus milliseconds, so `"1M"` moves a date to the same
    day of the next month rather than by a fixed number of days."""

    months: int = 0
    milliseconds: float = 0

    @property
    def approx_ms(self) -> float:
        """The span in milliseconds, a month counting as 30 days (for comparisons only)."""
        return self.months * 30 * 86_400_000 + self.milliseconds


@dataclass(frozen=True)
class Link:
    """A link to `target` (`path#heading`, a name or a URL), shown as `display` when
    set; `path` is the vault file it resolves to, None when it resolves to nothing."""

    target: str
    display: Any = None
    path: str | None = None


@dataclass(slots=True, unsafe_hash=True)
class FileInfo:
    """A file of the vault as Bases sees it: `path` from the vault root, its size and
    times, the tags it holds (without '#'), the links and embeds it makes (resolved
    paths, or the link text when a link resolves to nothing), the paths linking to it,
    and its frontmatter. Never changed once made; not frozen only because a frozen
    dataclass takes twice as long to make, and a base makes one per file of the vault."""

    path: str
    size: int = 0
    ctime: dt.datetime | None = None
    mtime: dt.datetime | None = None
    tags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    embeds: tuple[str, ...] = ()
    backlinks: tuple[str, ...] = ()
    properties: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def name(self) -> str:
        """The file name with its extension."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def basename(self) -> str:
        """The file name without its extension."""
        name = self.name
        return name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name

    @property
    def folder(self) -> str:
        """The parent folder's path, "" at the vault root."""
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""

    @property
    def ext(self) -> str:
        """The extension without its dot ("md")."""
        name = self.name
        return name.rsplit(".", 1)[1] if "." in name.lstrip(".") else ""


@dataclass(frozen=True)
class Image:
    """An image to show in a cell: a path, a file or a URL."""

    source: str


@dataclass(frozen=True)
class Icon:
    """A Lucide icon by name (`arrow-right`)."""

    name: str


@dataclass(frozen=True)
class Html:
    """Markup the view renders as HTML (the renderer decides how to sanitise it)."""

    markup: str


WIKILINK = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]*))?\]\]")
"""Text that is one wikilink, `[[target]]` or `[[target|display]]`."""


SCALARS = frozenset({int, float, bool, type(None)})
"""YAML's scalars that are Bases values as they are."""


def from_yaml(raw: Any, resolve: Any = None) -> Value:
    """A frontmatter value (as YAML's safe loader gives it) as a Bases value: dates
    become `Date`, a string that is exactly one wikilink becomes a `Link` (resolved
    with `resolve(text) -> path | None` when given), lists and objects convert inside."""
    kind = type(raw)
    if kind in SCALARS:
        return raw
    if isinstance(raw, dt.date):
        return Date.of(raw)
    if isinstance(raw, str):
        match = WIKILINK.fullmatch(raw.strip()) if "[[" in raw else None
        return make_link(match.group(1), match.group(2), resolve) if match else raw
    if isinstance(raw, list | tuple):
        return [from_yaml(item, resolve) for item in raw]
    if isinstance(raw, Mapping):
        return {str(key): from_yaml(item, resolve) for key, item in raw.items()}
    return raw


def make_link(target: str, display: Any, resolve: Any) -> Link:
    """A link to `target`, resolved without its `#heading` part."""
    target = target.strip()
    page = target.split("#", 1)[0]
    path = resolve(page) if resolve is not None and page else None
    return Link(target, display, path)


def type_name(value: Value) -> str:
    """The name `isType()` knows the value by, also used in error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return _TYPE_NAMES.get(type(value), "object")


_TYPE_NAMES = {
    str: "string",
    list: "list",
    dict: "object",
    Date: "date",
    Duration: "duration",
    Link: "link",
    FileInfo: "file",
    Regex: "regexp",
    Image: "image",
    Icon: "icon",
    Html: "html",
}


def truthy(value: Value) -> bool:
    """JavaScript's truthiness: null, false, 0, NaN and "" are false; every list,
    object and other value (even an empty list) is true."""
    if value is None or value is False:
        return False
    if isinstance(value, int | float):
        return value != 0 and not math.isnan(value)
    if isinstance(value, str):
        return value != ""
    return True


def js_round(number: float) -> int | float:
    """JavaScript's `Math.round`: halves go up (`2.5` → 3, `-2.5` → -2), not to even."""
    if math.isnan(number) or math.isinf(number):
        return number
    return math.floor(number + 0.5)


def js_number(number: float) -> str:
    """A number as JavaScript's `String(n)` writes it: `1` for 1.0, `0.30000000000000004`,
    `1e+21`, `1e-7`, `Infinity`, `NaN`."""
    if isinstance(number, bool):
        return "true" if number else "false"
    if isinstance(number, int):
        return str(number) if abs(number) < 10**21 else js_number(float(number))
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    sign = "-" if number < 0 else ""
    mantissa, _, exponent_text = repr(abs(number)).partition("e")
    digits = mantissa.replace(".", "")
    point = (mantissa.index(".") if "." in mantissa else len(mantissa)) + int(exponent_text or 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    return sign + _place_point(digits, point)


def _place_point(digits: str, point: int) -> str:
    """`digits` with the decimal point after `point` digits, in JavaScript's notation."""
    if len(digits) <= point <= 21:
        return digits + "0" * (point - len(digits))
    if 0 < point <= 21:
        return f"{digits[:point]}.{digits[point:]}"
    if -6 < point <= 0:
        return "0." + "0" * -point + digits
    exponent = point - 1
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{mantissa}e{'+' if exponent >= 0 else '-'}{abs(exponent)}"
