"""Summaries: one value computed from a column's values across the rows of a view (or
of a group), the built-in ones by name and custom formulas over `values`.

The numeric summaries (Average, Min, Max, Sum, Range, Median, Stddev) read only the
numbers in the column and are null when there are none; Average, Median and Stddev
are rounded to two decimal places; Stddev is the population standard deviation.
Earliest, Latest and a Range over dates read only the dates; a date
Range is a `Duration` ("12 days"). Checked and Unchecked count `true` and `false`;
Empty counts null, "", empty lists and empty objects, Filled the rest; Unique counts
the distinct values among the filled ones.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

from . import aggregates
from .evaluate import evaluate
from .scope import Scope
from .syntax import Expr
from .values import Duration, Value, js_round


def _range(values: Sequence[Value]) -> Value:
    numbers = aggregates.numbers(values)
    if numbers:
        return aggregates.largest(numbers) - aggregates.smallest(numbers)
    dates = aggregates.dates(values)
    if not dates:
        return None
    span = max(dates).moment - min(dates).moment
    return Duration(0, span.days * 86_400_000 + span.seconds * 1000 + span.microseconds // 1000)


def _earliest(values: Sequence[Value]) -> Value:
    dates = aggregates.dates(values)
    return min(dates) if dates else None


def _latest(values: Sequence[Value]) -> Value:
    dates = aggregates.dates(values)
    return max(dates) if dates else None


def _two_places(pick: Callable[[Sequence[Value]], float | None]) -> Callable[[Sequence[Value]], Value]:
    """A summary rounded to two decimal places, as Obsidian shows its default Average
    (its help's custom `values.mean().round(3)` is "the same, rounded to a different
    number of places"); Median and Stddev, which are as fractional, likewise."""

    def rounded(values: Sequence[Value]) -> Value:
        found = pick(values)
        if found is None or math.isnan(found) or math.isinf(found):
            return found
        whole = js_round(found * 100) / 100
        return int(whole) if float(whole).is_integer() else whole

    return rounded


def _numeric(pick: Callable[[Sequence[Value]], Value]) -> Callable[[Sequence[Value]], Value]:
    return lambda values: pick(aggregates.numbers(values))


DEFAULT_SUMMARIES: dict[str, Callable[[Sequence[Value]], Value]] = {
    "Average": _two_places(aggregates.mean),
    "Min": _numeric(aggregates.smallest),
    "Max": _numeric(aggregates.largest),
    "Sum": aggregates.total,
    "Range": _range,
    "Median": _two_places(aggregates.median),
    "Stddev": _two_places(aggregates.stddev),
    "Earliest": _earliest,
    "Latest": _latest,
    "Checked": lambda values: aggregates.count(values, True),
    "Unchecked": lambda values: aggregates.count(values, False),
    "Empty": lambda values: sum(1 for value in values if aggregates.is_empty(value)),
    "Filled": lambda values: sum(1 for value in values if not aggregates.is_empty(value)),
    "Unique": lambda values: len(aggregates.unique(value for value in values if not aggregates.is_empty(value))),
}
"""The built-in summaries by the name a `.base` file gives them."""

SUMMARY_NAMES: tuple[str, ...] = tuple(DEFAULT_SUMMARIES)
"""The built-in summary names, in the help's order."""


def summarise(name: str, values: Sequence[Value]) -> Value:
    """The built-in summary `name` of a column's `values`; `KeyError` for an unknown name
    (check against `SUMMARY_NAMES` first to report it)."""
    return DEFAULT_SUMMARIES[name](values)


def summarise_formula(expr: Expr, values: Sequence[Value], scope: Scope) -> Value:
    """A custom summary formula (`values.mean().round(3)`) over a column's `values`.
    `scope` gives the clock and `this`; `values` is bound as a local, so it shadows a
    note property of that name. Errors raise `BasesValueError` as for a cell."""
    return evaluate(expr, replace(scope, locals={**scope.locals, "values": list(values)}))
