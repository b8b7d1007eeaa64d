"""One view of a base, evaluated: the rows its filters keep, sorted, limited and grouped,
each with a cell per column, and the summaries of the columns that ask for them.

As Obsidian does: the base's filters and the view's are joined by AND; rows are sorted
by each sort property in turn (empty values last whichever the direction), the limit
keeps the first rows, and groups follow the grouping property's order, each group with
its own summaries. A cell that cannot be computed holds its error, and the rest of the
row and the other rows go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

from .compiled import Compiled, Statement
from .display import display, sort_key
from .evaluate import evaluate, evaluate_formula
from .fields import PLAIN_FILE_FIELDS
from .scope import BasesValueError, Scope
from .spec import Filter, Order, View
from .summaries import SUMMARY_NAMES, summarise, summarise_formula
from .syntax import Expr
from .values import Value, truthy

VIEW_LAYOUTS = ("table", "cards", "list")
"""The layouts drawn as such; any other view type is drawn as a table."""
_FILE_LABELS = {
    "file.name": "file name",
    "file.basename": "file base name",
    "file.path": "file path",
    "file.folder": "folder",
    "file.ext": "file extension",
    "file.size": "file size",
    "file.ctime": "created time",
    "file.mtime": "modified time",
    "file.tags": "tags",
    "file.links": "links",
    "file.embeds": "embeds",
    "file.backlinks": "backlinks",
    "file.properties": "properties",
}


class Cell(NamedTuple):
    """A value to show, or the error computing it gave (a tuple: a view of 10,000 rows
    makes one per cell)."""

    value: Value = None
    error: str | None = None


_cell = partial(tuple.__new__, Cell)
"""A `Cell` from (value, error), made in C rather than by NamedTuple's `__new__` written in
Python: a third of the time, for the one made per cell of every row."""


@dataclass(frozen=True)
class Column:
    """A column: the property id it shows and its heading."""

    id: str
    label: str


class Row(NamedTuple):
    """One file the view lists (`path` from the project root), a cell per column, and
    its card's image when the view sets one."""

    path: str
    cells: tuple[Cell, ...]
    image: Cell | None = None


@dataclass(frozen=True)
class Group:
    """Rows sharing the grouping property's value (`key`; None when not grouped)."""

    key: Cell | None
    rows: tuple[Row, ...]
    summaries: tuple[Cell | None, ...]


@dataclass(frozen=True)
class ViewResult:
    """A view as it is shown: its layout (`layout`, which differs from `view.type` when
    that type is drawn as a table), columns, groups, summaries over every row shown,
    and how many rows matched before the limit."""

    view: View
    layout: str
    columns: tuple[Column, ...]
    groups: tuple[Group, ...]
    summaries: tuple[Cell | None, ...]
    matched: int

    labels: dict[str, str] = field(default_factory=dict)
    """Each property the view names, by id, with the heading a person reads for it."""

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]


Errors = Callable[[Statement | str, BasesValueError], None]
"""Where evaluation errors go: the statement that raised (or `formula:NAME`,
`summary:NAME`, `property:ID`), and the error; the caller counts them per expression."""


def column_label(compiled: Compiled, name: str) -> str:
    """A column's heading: its display name, else the property's own name."""
    shown = compiled.spec.display_names.get(name)
    if shown:
        return shown
    if name in _FILE_LABELS:
        return _FILE_LABELS[name]
    return name.partition(".")[2] or name


def evaluate_view(
    compiled: Compiled, view: View, scopes: Sequence[tuple[str, Scope]], kept: list[bool], errors: Errors
) -> ViewResult:
    """The view `view` over the rows `scopes` (project path, scope), of which `kept` says
    which the base's own filters keep."""
    test = row_test(compiled, view.filters, errors)
    matched = [(path, scope) for (path, scope), passed in zip(scopes, kept, strict=True) if passed and test(scope)]
    ordered = _sorted(compiled, matched, view.sort, errors)
    shown = ordered[: view.limit] if view.limit is not None else ordered
    columns = tuple(Column(name, column_label(compiled, name)) for name in view.order or ("file.name",))
    made = _rows(compiled, view, columns, shown, errors)
    groups = _groups(compiled, view, columns, made, errors)
    everything = [row for row, _ in made]
    summaries = _summaries(compiled, view, columns, everything, shown[0][1] if shown else None, errors)
    layout = view.type if view.type in VIEW_LAYOUTS else "table"
    labels = {name: column_label(compiled, name) for name, _ in view.names}
    return ViewResult(view, layout, columns, groups, summaries, len(matched), labels)


RowTest = Callable[[Scope], bool]
"""Whether one row passes a filter group."""


def row_test(compiled: Compiled, group: Filter | None, errors: Errors) -> RowTest:
    """The test of a filter group (no group: every row passes), made once per view: an
    `and`/`or`/`not` of its statements' expressions."""
    if group is None:
        return lambda scope: True
    by_source = {id(statement.source): statement for statement in compiled.filter_exprs(group)}
    return _test(group, by_source, errors)


def _test(group: Filter, statements: dict[int, Statement], errors: Errors) -> RowTest:
    if group.expr is not None:
        statement = statements[id(group.expr)]
        expr = statement.expr
        if expr is None:
            return lambda scope: False  # it did not parse: the view shows nothing rather than everything

        def test(scope: Scope) -> bool:
            try:
                return bool(truthy(evaluate(expr, scope)))
            except BasesValueError as error:
                errors(statement, error)
                return False

        return test
    items = [_test(item, statements, errors) for item in group.items]
    if group.op == "and":
        return lambda scope: all(item(scope) for item in items)
    if group.op == "or":
        return lambda scope: any(item(scope) for item in items)
    return lambda scope: not any(item(scope) for item in items)


Reader = Callable[[Scope], Cell]
"""Reads one property's cell from a row."""


def reader(compiled: Compiled, name: str, errors: Errors) -> Reader:
    """How property `name` is read from a row, decided once per view rather than per
    cell: a note's property and a plain file field directly, a formula through its
    memo, any other file property by its expression."""
    root, _, rest = name.partition(".")
    if root == "note":
        return lambda scope: _cell((scope.property(rest), None))
    if root == "formula":
        return _formula_reader(rest, errors) if rest in compiled.formulas else _empty
    if rest in PLAIN_FILE_FIELDS:
        return lambda scope: _cell((getattr(scope.file, rest), None)) if scope.file is not None else Cell()
    expr = compiled.properties.get(name)
    return _expression_reader(expr, name, errors) if expr is not None else _empty


def _empty(scope: Scope) -> Cell:
    """No such formula, or one that does not parse (the check says which)."""
    return Cell()


def _formula_reader(name: str, errors: Errors) -> Reader:
    def read(scope: Scope) -> Cell:
        try:
            return _cell((evaluate_formula(name, scope), None))
        except BasesValueError as error:
            errors(f"formula:{name}", error)
            return Cell(error=error.message)

    return read


def _expression_reader(expr: Expr, name: str, errors: Errors) -> Reader:
    def read(scope: Scope) -> Cell:
        try:
            return _cell((evaluate(expr, scope), None))
        except BasesValueError as error:
            errors(f"property:{name}", error)
            return Cell(error=error.message)

    return read


def _sorted(
    compiled: Compiled, rows: list[tuple[str, Scope]], orders: tuple[Order, ...], errors: Errors
) -> list[tuple[str, Scope]]:
    """`rows` sorted by each order in turn, empty values last in either direction."""
    ordered = list(rows)
    for order in reversed(orders):
        read = reader(compiled, order.property, errors)
        keyed = [(read(scope).value, (path, scope)) for path, scope in ordered]
        filled = [item for item in keyed if item[0] is not None]
        filled.sort(key=lambda item: sort_key(item[0]), reverse=order.descending)
        ordered = [row for _, row in filled] + [row for value, row in keyed if value is None]
    return ordered


def _rows(
    compiled: Compiled, view: View, columns: tuple[Column, ...], shown: list[tuple[str, Scope]], errors: Errors
) -> list[tuple[Row, Scope]]:
    """Each row shown with its cells (and its card's image), and its scope."""
    readers = [reader(compiled, column.id, errors) for column in columns]
    image = reader(compiled, view.image, errors) if view.image else None
    return [
        (Row(path, tuple(read(scope) for read in readers), image(scope) if image else None), scope)
        for path, scope in shown
    ]


def _groups(
    compiled: Compiled, view: View, columns: tuple[Column, ...], made: list[tuple[Row, Scope]], errors: Errors
) -> tuple[Group, ...]:
    if view.group_by is None:
        rows = [row for row, _ in made]
        return (Group(None, tuple(rows), ()),)
    by_key: dict[object, tuple[Cell, list[tuple[Row, Scope]]]] = {}
    group_key = reader(compiled, view.group_by.property, errors)
    for row, scope in made:
        key = group_key(scope)
        identity = (display(key.value), key.error)
        by_key.setdefault(identity, (key, []))[1].append((row, scope))
    filled = [entry for entry in by_key.values() if entry[0].value is not None]
    filled.sort(key=lambda entry: sort_key(entry[0].value), reverse=view.group_by.descending)
    empty = [entry for entry in by_key.values() if entry[0].value is None]
    groups = []
    for key, members in filled + empty:
        rows = [row for row, _ in members]
        summaries = _summaries(compiled, view, columns, rows, members[0][1], errors) if view.summaries else ()
        groups.append(Group(key, tuple(rows), summaries))
    return tuple(groups)


def _summaries(
    compiled: Compiled,
    view: View,
    columns: tuple[Column, ...],
    rows: list[Row],
    scope: Scope | None,
    errors: Errors,
) -> tuple[Cell | None, ...]:
    """Each column's summary over `rows` (None for a column with none)."""
    if not view.summaries:
        return ()
    wanted = {summary.property: summary.name for summary in view.summaries}
    found: list[Cell | None] = []
    for number, column in enumerate(columns):
        name = wanted.get(column.id)
        values = [row.cells[number].value for row in rows]
        found.append(None if name is None else _summary(compiled, name, values, scope, errors))
    return tuple(found)


def _summary(compiled: Compiled, name: str, values: list[Value], scope: Scope | None, errors: Errors) -> Cell:
    if name in SUMMARY_NAMES:
        return Cell(summarise(name, values))
    expr = compiled.summaries.get(name)
    if expr is None or scope is None:
        return Cell()
    try:
        return Cell(summarise_formula(expr, values, scope))
    except BasesValueError as error:
        errors(f"summary:{name}", error)
        return Cell(error=error.message)
