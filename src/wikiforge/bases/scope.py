"""What an expression is evaluated against (one row: a note, its file, the base's
formulas, the build's clock), the runtime error, and the shape of a built-in function.

One `Scope` is made per row. Its `cache` is shared by the scopes derived from it for
`filter`/`map`/`reduce` locals, so each formula is computed at most once per row and a
formula that reaches itself again is caught as a cycle instead of recursing forever.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .syntax import Expr, Node
from .values import SCALARS, FileInfo, Value, from_yaml

Runner = Callable[["Scope"], Value]
"""A compiled expression or sub-expression: its value for one row."""

LOCAL_NAMES = frozenset({"value", "index", "acc", "values"})
"""The only names bound as locals: `filter`/`map`/`reduce` bind `value`, `index` and
`acc`, a summary formula `values`. The compiler relies on it: any other bare name is a
note property or a root (`file`, `note`, `this`, `formula`)."""


class BasesValueError(ValueError):
    """An expression that cannot be computed for one row (a type error, a bad call):
    `message` for a person, `start`/`end` the offsets of the sub-expression at fault in
    the source of the expression being evaluated. The view shows it in that cell."""

    def __init__(self, message: str, start: int, end: int) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end


@dataclass(slots=True)
class RowCache:
    """Per-row memory: computed formulas (a value or the error it raised), the formulas
    being computed right now (to name a cycle), and converted note properties."""

    formulas: dict[str, Value | BasesValueError] = field(default_factory=dict)
    active: list[str] = field(default_factory=list)
    properties: dict[str, Value] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Scope:
    """One row's evaluation context (not frozen: one is made per row per base, and a
    frozen dataclass costs several times more to make; nothing changes one after).

    `note` is the raw frontmatter (YAML values; converted on first read), `file` the
    row's file, `this` the file the base is shown in (None when there is none),
    `formulas` the base's parsed formulas, `now` the build time (`today()` is its date),
    `resolve` a link text → vault path (None when it reaches nothing), `lookup` a
    vault path → `FileInfo`, and `locals` the variables of an enclosing `filter`,
    `map`, `reduce` or summary (`value`, `index`, `acc`, `values`).
    """

    now: dt.datetime
    note: Mapping[str, Any] = field(default_factory=dict)
    file: FileInfo | None = None
    this: FileInfo | None = None
    formulas: Mapping[str, Expr] = field(default_factory=dict)
    resolve: Callable[[str], str | None] | None = None
    lookup: Callable[[str], FileInfo | None] | None = None
    locals: Mapping[str, Value] = field(default_factory=dict)
    cache: RowCache = field(default_factory=RowCache, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.now.tzinfo is not None:  # dates carry no zone: keep the clock's wall time
            self.now = self.now.replace(tzinfo=None)

    def property(self, name: str) -> Value:
        """The note property `name` as a Bases value; null when the note has none."""
        properties = self.cache.properties
        if name in properties:
            return properties[name]
        raw = self.note.get(name)
        plain = type(raw) in SCALARS or (isinstance(raw, str) and "[[" not in raw)  # most: as they are
        value = properties[name] = raw if plain else from_yaml(raw, self.resolve)
        return value


class Site:
    """Where a built-in is being called: the row, the call's node (for error offsets),
    and the expression's source (for `random()`'s seed).

    A plain class with slots, not a frozen dataclass: one is made per call per row
    (30,000 for a formula over 10,000 pages), and a frozen one costs several times more
    to make."""

    __slots__ = ("scope", "node", "source")

    def __init__(self, scope: Scope, node: Node, source: str) -> None:
        self.scope = scope
        self.node = node
        self.source = source

    def evaluate(self, argument: Runner, bound: Mapping[str, Value]) -> Value:
        """A lazy built-in's compiled `argument` for this row, with `bound` (names of
        `LOCAL_NAMES`) as locals besides the row's own."""
        scope = self.scope
        return argument(replace(scope, locals={**scope.locals, **bound}) if bound else scope)

    def error(self, message: str, node: Node | None = None) -> BasesValueError:
        """A runtime error at `node`, or at the whole call."""
        at = node or self.node
        return BasesValueError(message, at.start, at.end)


@dataclass(frozen=True)
class Builtin:
    """A global function or a method: its implementation, how many arguments it takes
    (`most` None for any number), and whether it gets its argument nodes unevaluated
    (`lazy`) rather than their values.

    An eager function is called as `function(site, args)` (globals) or
    `function(site, target, args)` (methods); a lazy one gets its arguments compiled but
    not run (`Runner`s, for `site.evaluate`) as `args`.
    """

    function: Callable[..., Value]
    least: int = 0
    most: int | None = 0
    lazy: bool = False

    def count_problem(self, name: str, count: int) -> str | None:
        """What is wrong with calling `name` with `count` arguments, or None."""
        if self.least <= count and (self.most is None or count <= self.most):
            return None
        if self.most is None:
            wanted = f"at least {self.least}"
        elif self.least == self.most:
            wanted = str(self.least)
        else:
            wanted = f"{self.least} to {self.most}"
        plural = "" if wanted == "1" else "s"
        return f"'{name}' takes {wanted} argument{plural}, not {count}"
