"""Equality and ordering between Bases values; neither ever raises.

Equality is by value and by type, as JavaScript's `===` is for primitives, with the
help's rules for links: two links are equal when they reach the same file, or, when
either reaches none, when their targets are the same text; a link equals the file it
reaches (`author == this`). Lists and objects compare item by item. A date equals an
ISO date string naming the same moment, since Obsidian types date properties that a
wiki may keep as quoted text.

Ordering (`<`, `>`, …) compares numbers (and booleans as 0 and 1), strings, dates
(also against ISO strings and epoch milliseconds) and durations; a number against a
numeric string compares as numbers, as JavaScript does. Anything else, and any
comparison with null, is false both ways, so a note without `price` matches neither
`price < 5` nor `price >= 5`.
"""

from __future__ import annotations

import math
from typing import Any

from .dates import parse_date
from .regex import Regex
from .values import Date, Duration, FileInfo, Link, Value


def equals(left: Value, right: Value) -> bool:
    """`left == right`."""
    if type(left) is str and type(right) is str:  # the commonest test of a filter, first
        return left == right
    if isinstance(left, Link) or isinstance(right, Link):
        return _link_equals(left, right) if isinstance(left, Link) else _link_equals(right, left)
    if isinstance(right, FileInfo | Date) and not isinstance(left, type(right)):
        left, right = right, left
    if isinstance(left, FileInfo):
        return isinstance(right, FileInfo) and left.path == right.path
    if isinstance(left, Date):
        other = parse_date(right) if isinstance(right, str) else right
        return isinstance(other, Date) and left.moment == other.moment
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left == right
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(equals(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(equals(left[key], right[key]) for key in left)
    if type(left) is not type(right):
        return False
    if isinstance(left, Regex):
        return (left.source, left.flags) == (right.source, right.flags)
    return bool(left == right)


def _link_equals(link: Link, other: Value) -> bool:
    if isinstance(other, FileInfo):
        return link.path == other.path
    if isinstance(other, Link):
        if link.path is not None and other.path is not None:
            return link.path == other.path
        return link.target == other.target
    if isinstance(other, str):
        return link.target == other.removeprefix("[[").removesuffix("]]").split("|", 1)[0]
    return False


def identity_key(value: Value) -> object:
    """A hashable key that is the same for equal values (a link and the file it
    reaches share one), so repeats are found in one pass rather than pair by pair."""
    if isinstance(value, Link):
        return ("file", value.path) if value.path is not None else ("link", value.target)
    if isinstance(value, FileInfo):
        return ("file", value.path)
    if isinstance(value, Date):
        return ("date", value.moment)
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, list):
        return ("list", tuple(identity_key(item) for item in value))
    if isinstance(value, dict):
        return ("object", tuple(sorted((key, identity_key(item)) for key, item in value.items())))
    if isinstance(value, Regex):
        return ("regexp", value.source, value.flags)
    return (type(value).__name__ if not isinstance(value, int | float) else "number", value)


def compare(left: Value, right: Value) -> int | None:
    """-1, 0 or 1 as `left` is before, the same as or after `right`; None when the two
    have no order (then every ordering operator is false)."""
    pair = _comparable(left, right)
    if pair is None:
        return None
    a, b = pair
    if a != a or b != b:  # NaN
        return None
    return int(a > b) - int(a < b)


def _comparable(left: Value, right: Value) -> tuple[Any, Any] | None:
    """The two values in one ordered kind, or None."""
    if left is None or right is None:
        return None
    if isinstance(left, Date) or isinstance(right, Date):
        a, b = _as_instant(left), _as_instant(right)
        return None if a is None or b is None else (a, b)
    if isinstance(left, Duration) and isinstance(right, Duration):
        return left.approx_ms, right.approx_ms
    if isinstance(left, str) and isinstance(right, str):
        return left, right
    a, b = to_number(left), to_number(right)
    if a is None or b is None:
        return None
    return a, b


def _as_instant(value: Value) -> float | None:
    if isinstance(value, Date):
        return value.epoch_ms
    if isinstance(value, str):
        parsed = parse_date(value)
        return None if parsed is None else parsed.epoch_ms
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def to_number(value: Value) -> float | None:
    """A boolean, number or numeric string as a number; None for anything else. Empty
    or blank text is not a number here (JavaScript would read it as 0)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, str) and value.strip():
        return parse_number(value)
    return None


def parse_number(text: str) -> float | None:
    """Decimal, hexadecimal or exponent text as JavaScript's `Number()` reads it; None
    when it is not a number. Infinity is spelt out, as in JavaScript."""
    stripped = text.strip()
    if stripped.lower().startswith(("0x", "0b", "0o")):
        try:
            return int(stripped, 0)
        except ValueError:
            return None
    if stripped in ("Infinity", "+Infinity", "-Infinity"):
        return -math.inf if stripped.startswith("-") else math.inf
    if not stripped or not all(char in "0123456789.eE+-" for char in stripped):
        return None
    try:
        number = float(stripped)
    except ValueError:
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 and "." not in stripped else number
