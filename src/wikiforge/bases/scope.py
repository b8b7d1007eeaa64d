"""What an expression is evaluated against (one row: a note, its file, the base's
formulas, the build's clock), the runtime error, and the shape of a built-in function.

One `Scope` is made per row. Its `cache` is shared by the scopes derived from it for
`filter`/`map`/`reduce` locals, so each formula is computed at most once per row and a
formula that reaches itself again is caught as a cycle instead of recursing forever.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .syntax import Expr, Node
from .values import FileInfo, Value, from_yaml


class BasesValueError(ValueError):
    """An expression that cannot be computed for one row (a type error, a bad call):
    `message` for a person, `start`/`end` the offsets of the sub-expression at fault in
    the source of the expression being evaluated. The view shows it in that cell."""

    def __init__(self, message: str, start: int, end: int) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end


@dataclass
class RowCache:
    """Per-row memory: computed formulas (a value or the error it raised), the formulas
    being computed right now (to name a cycle), and converted note properties."""

    formulas: dict[str, Value | BasesValueError] = field(default_factory=dict)
    active: list[str] = field(default_factory=list)
    properties: dict[str, Value] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Scope:
    """One row's evaluation context.

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
            object.__setattr__(self, "now", self.now.replace(tzinfo=None))

    def property(self, name: str) -> Value:
        """The note property `name` as a Bases value; null when the note has none."""
        if name not in self.cache.properties:
            self.cache.properties[name] = from_yaml(self.note.get(name), self.resolve)
        return self.cache.properties[name]


class Site:
    """Where a built-in is being called: the row, the call's node (for error offsets),
    the expression's source (for `random()`'s seed), and a way to evaluate an
    argument node with extra locals (for the lazy `if`, `filter`, `map`, `reduce`).

    A plain class with slots, not a frozen dataclass: one is made per call per row
    (30,000 for a formula over 10,000 pages), and a frozen one costs several times more
    to make."""

    __slots__ = ("scope", "node", "source", "_value")

    def __init__(self, scope: Scope, node: Node, source: str, value: Callable[[Node, Scope], Value]) -> None:
        self.scope = scope
        self.node = node
        self.source = source
        self._value = value

    def evaluate(self, argument: Node, bound: Mapping[str, Value]) -> Value:
        """`argument` for this row, with `bound` as locals besides the row's own."""
        scope = self.scope
        inner = replace(scope, locals={**scope.locals, **bound}) if bound else scope
        return self._value(argument, inner)

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
    `function(site, target, args)` (methods); a lazy one gets the nodes as `args`.
    """

    function: Callable[..., Value]
    least: int = 0
    most: int | None = 0
    lazy: bool = False

    def check_count(self, site: Site, name: str, args: Sequence[object]) -> None:
        """Raise when `args` is the wrong number of arguments for `name`."""
        count = len(args)
        if self.least <= count and (self.most is None or count <= self.most):
            return
        if self.most is None:
            wanted = f"at least {self.least}"
        elif self.least == self.most:
            wanted = str(self.least)
        else:
            wanted = f"{self.least} to {self.most}"
        plural = "" if wanted == "1" else "s"
        raise site.error(f"'{name}' takes {wanted} argument{plural}, not {count}")
