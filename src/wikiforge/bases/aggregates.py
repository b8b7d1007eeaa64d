"""Numbers and dates gathered from a list: the arithmetic behind the summaries
(Average, Median, Stddev…) and the list methods the help's summary formulas call
(`values.mean().round(3)`).

Only numbers count (not booleans, not numeric text), so a column with some empty or
text cells averages what it holds. An empty selection gives null, never 0 or an
error. The standard deviation is the population one (dividing by n): a summary
describes the rows shown, not a sample of some larger set.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from .compare import identity_key
from .values import Date, Value


def numbers(values: Iterable[Value]) -> list[float]:
    """The numbers among `values`, in order."""
    return [value for value in values if isinstance(value, int | float) and not isinstance(value, bool)]


def dates(values: Iterable[Value]) -> list[Date]:
    """The dates among `values`, in order."""
    return [value for value in values if isinstance(value, Date)]


def total(values: Sequence[Value]) -> float | None:
    found = numbers(values)
    return _whole(math.fsum(found)) if found else None


def mean(values: Sequence[Value]) -> float | None:
    found = numbers(values)
    return _whole(math.fsum(found) / len(found)) if found else None


def median(values: Sequence[Value]) -> float | None:
    found = sorted(numbers(values))
    if not found:
        return None
    middle = len(found) // 2
    if len(found) % 2:
        return found[middle]
    return _whole((found[middle - 1] + found[middle]) / 2)


def stddev(values: Sequence[Value]) -> float | None:
    found = numbers(values)
    if not found:
        return None
    centre = math.fsum(found) / len(found)
    return _whole(math.sqrt(math.fsum((number - centre) ** 2 for number in found) / len(found)))


def smallest(values: Sequence[Value]) -> Value:
    """The smallest number, or when there is none the earliest date."""
    found: Sequence[Value] = numbers(values) or dates(values)
    return min(found) if found else None


def largest(values: Sequence[Value]) -> Value:
    """The largest number, or when there is none the latest date."""
    found: Sequence[Value] = numbers(values) or dates(values)
    return max(found) if found else None


def is_empty(value: Value) -> bool:
    """Null, "", an empty list or an empty object: what `isEmpty()` and the Empty
    summary count as no value."""
    return value is None or (isinstance(value, str | list | dict) and not value)


def unique(values: Iterable[Value]) -> list[Value]:
    """`values` without repeats (by equality), first occurrences kept in order."""
    seen: set[object] = set()
    kept = []
    for value in values:
        key = identity_key(value)
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


def count(values: Iterable[Value], wanted: bool) -> int:
    """How many of `values` are the boolean `wanted` (the Checked and Unchecked summaries)."""
    return sum(1 for value in values if value is wanted)


def _whole(number: float) -> float:
    return int(number) if isinstance(number, float) and number.is_integer() and abs(number) < 2**53 else number
