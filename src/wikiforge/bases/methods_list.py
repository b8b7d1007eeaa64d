"""Methods of lists: `[1,2,3].contains(2)`, `.filter(value > 2)`, `.reduce(acc + value, 0)`…

`filter`, `map` and `reduce` receive their argument unevaluated and evaluate it once
per element with `value` (the element), `index` (its position) and, for `reduce`,
`acc` (the result so far) bound; those names shadow note properties only inside.

`sort()` orders numbers by size and text in code-point order, as the help's examples
show (JavaScript's own default sort would compare everything as text, putting 10
before 9); in a mixed list numbers come first, then booleans, dates, durations, text,
links and files, lists, and nulls last. `flat()` flattens one level, as JavaScript's.
`mean`, `median`, `stddev`, `sum`, `min` and `max` are not in the help's function
list, but its own summary example calls `values.mean()`, so they are offered.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import aggregates
from .arguments import integer_arg, js_slice, text_arg
from .compare import equals
from .display import sort_key, to_string
from .scope import Builtin, Runner, Site
from .values import Value, truthy


def _contains(site: Site, items: list[Value], args: Sequence[Value]) -> bool:
    return any(equals(item, args[0]) for item in items)


def _contains_all(site: Site, items: list[Value], args: Sequence[Value]) -> bool:
    return all(any(equals(item, wanted) for item in items) for wanted in args)


def _contains_any(site: Site, items: list[Value], args: Sequence[Value]) -> bool:
    return any(any(equals(item, wanted) for item in items) for wanted in args)


def _filter(site: Site, items: list[Value], args: Sequence[Runner]) -> list[Value]:
    return [item for index, item in enumerate(items) if truthy(site.evaluate(args[0], {"value": item, "index": index}))]


def _map(site: Site, items: list[Value], args: Sequence[Runner]) -> list[Value]:
    return [site.evaluate(args[0], {"value": item, "index": index}) for index, item in enumerate(items)]


def _reduce(site: Site, items: list[Value], args: Sequence[Runner]) -> Value:
    accumulated = site.evaluate(args[1], {}) if len(args) > 1 else None
    for index, item in enumerate(items):
        accumulated = site.evaluate(args[0], {"value": item, "index": index, "acc": accumulated})
    return accumulated


def _flat(site: Site, items: list[Value], args: Sequence[Value]) -> list[Value]:
    flattened: list[Value] = []
    for item in items:
        flattened.extend(item if isinstance(item, list) else [item])
    return flattened


def _join(site: Site, items: list[Value], args: Sequence[Value]) -> str:
    separator = text_arg(site, "join", args, 0) if args and args[0] is not None else ","
    return separator.join("" if item is None else to_string(item) for item in items)


def _slice(site: Site, items: list[Value], args: Sequence[Value]) -> list[Value]:
    start = integer_arg(site, "slice", args, 0, 0)
    end = integer_arg(site, "slice", args, 1) if len(args) > 1 and args[1] is not None else None
    return items[js_slice(len(items), start, end)]


def _sort(site: Site, items: list[Value], args: Sequence[Value]) -> list[Value]:
    return sorted(items, key=lambda item: sort_key(item, fold=False))


LIST_METHODS = {
    "contains": Builtin(_contains, 1, 1),
    "containsAll": Builtin(_contains_all, 1, None),
    "containsAny": Builtin(_contains_any, 1, None),
    "filter": Builtin(_filter, 1, 1, lazy=True),
    "flat": Builtin(_flat),
    "join": Builtin(_join, 0, 1),
    "map": Builtin(_map, 1, 1, lazy=True),
    "reduce": Builtin(_reduce, 1, 2, lazy=True),
    "reverse": Builtin(lambda site, items, args: items[::-1]),
    "slice": Builtin(_slice, 0, 2),
    "sort": Builtin(_sort),
    "unique": Builtin(lambda site, items, args: aggregates.unique(items)),
    "mean": Builtin(lambda site, items, args: aggregates.mean(items)),
    "median": Builtin(lambda site, items, args: aggregates.median(items)),
    "stddev": Builtin(lambda site, items, args: aggregates.stddev(items)),
    "sum": Builtin(lambda site, items, args: aggregates.total(items)),
    "min": Builtin(lambda site, items, args: aggregates.smallest(items)),
    "max": Builtin(lambda site, items, args: aggregates.largest(items)),
}
"""List methods by name; `length` is a field, `isEmpty` is shared by every type."""
