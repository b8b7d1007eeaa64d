"""The dimensions of the client score: `[[tiers.dimension]]` tables, and the default
score (retainer bands, growth potential, workstreams) when the config names none."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .keys import check_keys, snake_keys
from .schema import Setting, Shaped, Text
from .tier_values import read_number, show_value

DIMENSION: tuple[Setting, ...] = (
    Setting("name", Text(), None, "the dimension's name", "the field"),
    Setting("field", Text(), None, "the frontmatter key it reads"),
    Setting("weight", Shaped("number"), None, "the most points it gives; the weights add up to 100"),
    Setting("points", Shaped("table"), None, "points per value, such as `{ high = 30, low = 10 }`"),
    Setting("bands", Shaped("list of [at least, points]"), None, "points for numbers at or above each limit"),
    Setting("per_item", Shaped("number"), None, "points per item of a list"),
)
"""The keys of each `[[tiers.dimension]]`: one of `points`, `bands` or `per_item`."""


@dataclass(frozen=True)
class Dimension:
    """One input of the score: a frontmatter field and how it turns into points.

    Exactly one of `points` (value → points; for a list, the sum over its items),
    `bands` ((at least, points), highest first; a list counts as its length) or
    `per_item` (points per list item) is set. No dimension gives more than `weight`.
    """

    name: str
    field: str
    weight: Fraction
    points: tuple[tuple[str, Fraction], ...] = ()
    bands: tuple[tuple[Fraction, Fraction], ...] = ()
    per_item: Fraction | None = None


DEFAULT_DIMENSIONS = (
    Dimension(
        "Retainer value",
        "retainer",
        Fraction(50),
        bands=tuple(
            (Fraction(at_least), Fraction(points))
            for at_least, points in ((20000, 50), (12000, 40), (8000, 30), (4000, 20), (0, 10))
        ),
    ),
    Dimension(
        "Growth potential",
        "growth_potential",
        Fraction(30),
        points=(("high", Fraction(30)), ("medium", Fraction(20)), ("low", Fraction(10))),
    ),
    Dimension("Complexity", "workstreams", Fraction(20), per_item=Fraction(4)),
)
"""The score of `basis = "score"` when the config names no dimensions: retainer bands,
growth potential and four points per workstream, 50 / 30 / 20."""


def parse_dimensions(table: dict[str, Any], problems: list[str]) -> tuple[Dimension, ...]:
    entries = table["dimension"]
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        problems.append("`tiers.dimension` must be a list of tables: write each as `[[tiers.dimension]]`")
        return DEFAULT_DIMENSIONS
    dimensions = []
    for number, entry in enumerate(entries, start=1):
        prefix = f"tiers.dimension[{number}]."
        entry = snake_keys(entry, problems, prefix)
        check_keys(entry, tuple(setting.key for setting in DIMENSION), prefix, problems)
        found = _dimension(entry, prefix, problems)
        if found is not None:
            dimensions.append(found)
    return tuple(dimensions)


def _dimension(entry: dict[str, Any], prefix: str, problems: list[str]) -> Dimension | None:
    key = entry.get("field")
    if not isinstance(key, str) or not key.strip():
        problems.append(f'`{prefix}field` must name a frontmatter key, such as "retainer"')
        return None
    name = entry.get("name", key)
    if not isinstance(name, str) or not name.strip():
        problems.append(f"`{prefix}name` must be a non-empty string")
        name = key
    weight = read_number(entry.get("weight"), f"{prefix}weight", problems)
    if weight is None or weight <= 0:
        if weight is not None:
            problems.append(f"`{prefix}weight` must be above 0")
        return None
    tables = [k for k in ("points", "bands", "per_item") if k in entry]
    if len(tables) != 1:
        problems.append(f"`{prefix[:-1]}` needs exactly one of `points`, `bands` or `per_item`")
        return None
    dimension = Dimension(name.strip(), key.strip(), weight)
    if "points" in entry:
        points = _points(entry["points"], f"{prefix}points", weight, problems)
        return Dimension(dimension.name, dimension.field, weight, points=points)
    if "bands" in entry:
        bands = _bands(entry["bands"], f"{prefix}bands", weight, problems)
        return Dimension(dimension.name, dimension.field, weight, bands=bands)
    per_item = read_number(entry["per_item"], f"{prefix}per_item", problems)
    if per_item is not None and per_item <= 0:
        problems.append(f"`{prefix}per_item` must be above 0")
    return Dimension(dimension.name, dimension.field, weight, per_item=per_item)


def _points(value: Any, key: str, weight: Fraction, problems: list[str]) -> tuple[tuple[str, Fraction], ...]:
    """`points = {high = 30, medium = 20, low = 10}`: values are matched ignoring case."""
    if not isinstance(value, dict) or not value:
        problems.append(f"`{key}` must be a table of value = points, such as `{{high = 30, low = 10}}`")
        return ()
    found = []
    for name, raw in value.items():
        points = read_number(raw, f"{key}.{name}", problems)
        if points is not None and _within(points, weight, f"{key}.{name}", problems):
            found.append((str(name).strip().casefold(), points))
    return tuple(found)


def _bands(value: Any, key: str, weight: Fraction, problems: list[str]) -> tuple[tuple[Fraction, Fraction], ...]:
    """`bands = [[20000, 50], [12000, 40], [0, 10]]`: [at least, points] pairs."""
    shape = f"`{key}` must be a list of [at least, points] pairs, such as [[20000, 50], [0, 10]]"
    if not isinstance(value, list) or not value:
        problems.append(shape)
        return ()
    found = []
    for number, pair in enumerate(value, start=1):
        if not isinstance(pair, list) or len(pair) != 2:
            problems.append(f"{shape}; entry {number} is {show_value(pair)}")
            continue
        at_least = read_number(pair[0], f"{key}[{number}][1]", problems)
        points = read_number(pair[1], f"{key}[{number}][2]", problems)
        if at_least is not None and points is not None and _within(points, weight, f"{key}[{number}]", problems):
            found.append((at_least, points))
    limits = [at_least for at_least, _ in found]
    if len(set(limits)) < len(limits):
        problems.append(f"`{key}` gives the same lower limit twice")
    return tuple(sorted(found, reverse=True))


def check_weights(dimensions: tuple[Dimension, ...], problems: list[str]) -> None:
    total = sum((d.weight for d in dimensions), Fraction(0))
    if dimensions and total != 100:
        weights = " + ".join(show_value(d.weight) for d in dimensions)
        problems.append(f"the dimensions' weights add up to {show_value(total)} ({weights}); they must add up to 100")


def _within(points: Fraction, weight: Fraction, key: str, problems: list[str]) -> bool:
    if 0 <= points <= weight:
        return True
    problems.append(
        f"`{key}` gives {show_value(points)} points; a dimension gives from 0 to its weight ({show_value(weight)})"
    )
    return False
