"""Checking the arguments of built-in functions and methods, shared by all of them,
so each built-in states what it needs in one line and every misuse reads alike:
"'repeat' needs a number as argument 1, not a string"."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .compare import to_number
from .display import to_string
from .regex import Regex
from .scope import Site
from .values import Value, type_name


def _wrong(site: Site, name: str, position: int, wanted: str, value: Value) -> Exception:
    return site.error(f"'{name}' needs {wanted} as argument {position + 1}, not {_article(type_name(value))}")


def _article(name: str) -> str:
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def number_arg(site: Site, name: str, args: Sequence[Value], position: int, default: float | None = None) -> float:
    """Argument `position` as a number (numeric text is fine, as in JavaScript)."""
    if position >= len(args) or args[position] is None:
        if default is not None:
            return default
        raise site.error(f"'{name}' needs a number as argument {position + 1}")
    number = to_number(args[position]) if not isinstance(args[position], bool) else None
    if number is None:
        raise _wrong(site, name, position, "a number", args[position])
    return number


def integer_arg(site: Site, name: str, args: Sequence[Value], position: int, default: int | None = None) -> int:
    """Argument `position` as a whole number (JavaScript truncates toward zero)."""
    number = number_arg(site, name, args, position, None if default is None else float(default))
    if math.isnan(number):
        return 0
    if math.isinf(number):
        return int(math.copysign(2**53, number))
    return int(number)


def text_arg(site: Site, name: str, args: Sequence[Value], position: int) -> str:
    """Argument `position` as text: strings as they are, numbers and booleans written
    out (`"a1".contains(1)` is true, as JavaScript converts); anything else is refused."""
    value = args[position] if position < len(args) else None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return to_string(value)
    raise _wrong(site, name, position, "a string", value)


def pattern_arg(site: Site, name: str, args: Sequence[Value], position: int) -> str | Regex:
    """Argument `position` as a string or a regular expression."""
    value = args[position] if position < len(args) else None
    if isinstance(value, Regex):
        return value
    return text_arg(site, name, args, position)


def js_slice(length: int, start: int, end: int | None) -> slice:
    """JavaScript's `slice(start, end)` bounds: negative counts from the end, both
    clamped to the sequence, an end before the start gives nothing."""

    def bound(index: int) -> int:
        return max(length + index, 0) if index < 0 else min(index, length)

    first = bound(start)
    last = length if end is None else bound(end)
    return slice(first, max(first, last))
