"""A base as written: its YAML read into filters, formulas, display names, summaries and
views, each expression kept with where it stands in the file.

Obsidian's schema (its help vault, `Bases syntax`): `filters` is a statement or a
nested `and`/`or`/`not` object; `formulas` and `summaries` map names to expressions;
`properties` gives display names; `views` is a list of `type`, `name`, `filters`,
`order`, `sort`, `groupBy`, `limit`, `summaries` and layout options such as `image`.
Problems in that shape are collected, never raised, so a base with one bad view still
shows the others and the check can say what is wrong at its line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from ..core.diagnostic import Span
from ..core.suggest import closest
from .located import Origin, Source, located_source, node_span

VIEW_TYPES = ("table", "cards", "list")
"""The layouts the site draws; any other type (map, kanban, a plugin's) is drawn as a table."""
_TOP_KEYS = ("filters", "formulas", "properties", "summaries", "views")
_VIEW_KEYS = ("type", "name", "filters", "order", "sort", "groupBy", "limit", "summaries", "image")
_LAYOUT_KEYS = (
    "columnSize",
    "rowHeight",
    "cardSize",
    "imageFit",
    "imageAspectRatio",
    "markers",
    "separator",
    "indentProperties",
)
"""Settings Obsidian's own layouts write in a view. With a plugin's (a map's
`coordinates`), they are the view's own data ("Views can add additional data to store
any information needed to maintain state or properly render"): only a key close to one
of `_VIEW_KEYS` (`sorts`) is reported, as a misspelling. So are a property's settings
but `displayName` ("It is up to the individual view how to use these")."""


@dataclass(frozen=True)
class Problem:
    """Something in a base's YAML that does not fit the schema (or is no YAML at all)."""

    message: str
    span: Span


@dataclass(frozen=True)
class Filter:
    """A filter statement (`expr`) or a group of them: `and`, `or` or `not` (none true)."""

    op: str
    items: tuple[Filter, ...] = ()
    expr: Source | None = None

    def statements(self) -> Iterator[Source]:
        if self.expr is not None:
            yield self.expr
        for item in self.items:
            yield from item.statements()


@dataclass(frozen=True)
class Order:
    """A property to sort or group by, and its direction."""

    property: str
    descending: bool = False


@dataclass(frozen=True)
class Summary:
    """A view's summary of one column: a default summary's name or a custom one's."""

    property: str
    name: str
    span: Span


@dataclass(frozen=True)
class View:
    """One view of a base: what it shows and how, as its YAML says."""

    type: str
    name: str
    span: Span
    filters: Filter | None = None
    order: tuple[str, ...] = ()
    sort: tuple[Order, ...] = ()
    group_by: Order | None = None
    limit: int | None = None
    summaries: tuple[Summary, ...] = ()
    image: str | None = None
    names: tuple[tuple[str, Span], ...] = ()
    """Every property the view names (columns, sorts, grouping, image) and where."""


@dataclass(frozen=True)
class BaseSpec:
    """Everything a base's YAML says, with the problems found reading it."""

    filters: Filter | None = None
    formulas: dict[str, Source] = field(default_factory=dict)
    display_names: dict[str, str] = field(default_factory=dict)
    summaries: dict[str, Source] = field(default_factory=dict)
    views: tuple[View, ...] = ()
    problems: tuple[Problem, ...] = ()

    def expressions(self) -> Iterator[Source]:
        """Every expression the base holds, in file order of its sections."""
        if self.filters is not None:
            yield from self.filters.statements()
        yield from self.formulas.values()
        yield from self.summaries.values()
        for view in self.views:
            if view.filters is not None:
                yield from view.filters.statements()


def property_id(name: str) -> str:
    """A property as one name: `note.x`, `file.x` or `formula.x` (a bare `x` is a note's)."""
    name = name.strip()
    if name.startswith(("note.", "file.", "formula.")) or name == "file":
        return name
    return f"note.{name}"


def read_spec(text: str, origin: Origin | None = None) -> BaseSpec:
    """The base written in `text`, which starts in its file where `origin` says (a
    ```` ```base ```` block's body starts below its fence)."""
    origin = origin or Origin()
    reader = _Reader(text, origin)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        return BaseSpec(problems=(reader.yaml_problem(error),))
    if root is None:
        return BaseSpec(views=(_default_view(origin.line),))
    if not isinstance(root, yaml.MappingNode):
        reader.problem("a base is a mapping of filters, formulas, properties, summaries and views", root)
        return BaseSpec(problems=tuple(reader.problems))
    return reader.spec(root)


def _default_view(line: int) -> View:
    """Obsidian shows a base with no views as one table of every file."""
    return View("table", "Table", Span.point(line))


class _Reader:
    """Reads a composed YAML tree into a `BaseSpec`, collecting problems as it goes."""

    def __init__(self, text: str, origin: Origin) -> None:
        self.text = text
        self.origin = origin
        self.problems: list[Problem] = []
        self.named: list[tuple[str, Span]] = []

    def span(self, node: yaml.Node) -> Span:
        return node_span(node, self.origin)

    def problem(self, message: str, node: yaml.Node) -> None:
        self.problems.append(Problem(message, self.span(node)))

    def yaml_problem(self, error: yaml.YAMLError) -> Problem:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line, column = (mark.line, mark.column) if mark is not None else (0, 0)
        reason = getattr(error, "problem", None) or str(error)
        return Problem(f"invalid YAML: {reason}", Span.point(self.origin.line + line, self.origin.indent + column + 1))

    def spec(self, root: yaml.MappingNode) -> BaseSpec:
        sections = self.mapping(root, _TOP_KEYS, "a base")
        views = self.views(sections["views"]) if "views" in sections else (_default_view(self.origin.line),)
        return BaseSpec(
            filters=self.filters(sections["filters"]) if "filters" in sections else None,
            formulas=self.expressions(sections.get("formulas"), "formulas"),
            display_names=self.display_names(sections.get("properties")),
            summaries=self.expressions(sections.get("summaries"), "summaries"),
            views=views,
            problems=tuple(self.problems),
        )

    def mapping(
        self, node: yaml.Node, known: tuple[str, ...], what: str, open_to: tuple[str, ...] | None = None
    ) -> dict[str, yaml.Node]:
        """A mapping's values by key, saying so of keys `what` does not know; with
        `open_to`, only of those close to a known key that are not in `open_to`."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(f"{what} should be a mapping", node)
            return {}
        found: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else ""
            if name in known:
                found[name] = value
            elif open_to is None:
                self.problem(_unknown_key(name, known, what), key)
            elif name not in open_to and (guess := closest(name, known)):
                self.problem(f"{what} has no key `{name}`; did you mean `{guess}`?", key)
        return found

    def scalar(self, node: yaml.Node, what: str) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
            return str(node.value)
        self.problem(f"{what} should be a single value", node)
        return None

    def source(self, node: yaml.Node, what: str) -> Source | None:
        if isinstance(node, yaml.ScalarNode) and str(node.value).strip():
            return located_source(node, self.text, self.origin)
        self.problem(f"{what} should be an expression written as text", node)
        return None

    def filters(self, node: yaml.Node) -> Filter | None:
        """A filter statement, or an `and`/`or`/`not` object of a list of them."""
        if isinstance(node, yaml.ScalarNode):
            source = self.source(node, "a filter")
            return Filter("expr", expr=source) if source is not None else None
        if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
            self.problem("a filter is a statement or an object of one key: and, or or not", node)
            return None
        key, value = node.value[0]
        if key.value not in ("and", "or", "not"):
            self.problem(_unknown_key(str(key.value), ("and", "or", "not"), "a filter group"), key)
            return None
        if not isinstance(value, yaml.SequenceNode):
            self.problem(f"`{key.value}` takes a list of filters", value)
            return None
        items = [self.filters(item) for item in value.value]
        return Filter(str(key.value), tuple(item for item in items if item is not None))

    def expressions(self, node: yaml.Node | None, what: str) -> dict[str, Source]:
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.problem(f"`{what}` should map names to expressions", node)
            return {}
        found: dict[str, Source] = {}
        for key, value in node.value:
            source = self.source(value, f"`{what}.{key.value}`")
            if source is not None:
                found[str(key.value)] = source
        return found

    def display_names(self, node: yaml.Node | None) -> dict[str, str]:
        names: dict[str, str] = {}
        if node is None:
            return names
        if not isinstance(node, yaml.MappingNode):
            self.problem("`properties` should map property names to their settings", node)
            return names
        for key, value in node.value:
            settings = self.mapping(value, ("displayName",), f"property `{key.value}`", open_to=())
            shown = self.scalar(settings["displayName"], "displayName") if "displayName" in settings else None
            if shown is not None:
                names[property_id(str(key.value))] = shown
        return names

    def views(self, node: yaml.Node) -> tuple[View, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem("`views` should be a list of views", node)
            return ()
        views = (self.view(item, number) for number, item in enumerate(node.value, 1))
        return tuple(view for view in views if view is not None)

    def view(self, node: yaml.Node, number: int) -> View | None:
        keys = self.mapping(node, _VIEW_KEYS, "a view", open_to=_LAYOUT_KEYS)
        if not isinstance(node, yaml.MappingNode):
            return None
        self.named = []
        kind = (self.scalar(keys["type"], "a view's type") if "type" in keys else None) or "table"
        name = (self.scalar(keys["name"], "a view's name") if "name" in keys else None) or f"View {number}"
        return View(
            type=kind,
            name=name,
            span=self.span(node),
            filters=self.filters(keys["filters"]) if "filters" in keys else None,
            order=self.names(keys.get("order"), "order"),
            sort=self.orders(keys.get("sort")),
            group_by=self.order(keys["groupBy"], "groupBy") if "groupBy" in keys else None,
            limit=self.limit(keys.get("limit")),
            summaries=self.view_summaries(keys.get("summaries")),
            image=self.name(keys["image"], "image") if "image" in keys else None,
            names=tuple(self.named),
        )

    def name(self, node: yaml.Node, what: str) -> str | None:
        """A property name as its id, remembered with where it is written."""
        written = self.scalar(node, what)
        if not written:
            return None
        self.named.append((property_id(written), self.span(node)))
        return property_id(written)

    def names(self, node: yaml.Node | None, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem(f"`{what}` should be a list of property names", node)
            return ()
        names = (self.name(item, f"an entry of `{what}`") for item in node.value)
        return tuple(name for name in names if name)

    def orders(self, node: yaml.Node | None) -> tuple[Order, ...]:
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem("`sort` should be a list of property and direction pairs", node)
            return ()
        orders = (self.order(item, "sort") for item in node.value)
        return tuple(order for order in orders if order is not None)

    def order(self, node: yaml.Node, what: str) -> Order | None:
        keys = self.mapping(node, ("property", "direction"), f"`{what}`")
        name = self.name(keys["property"], f"`{what}`'s property") if "property" in keys else None
        if name is None:
            if isinstance(node, yaml.MappingNode) and "property" not in keys:
                self.problem(f"`{what}` needs a property", node)
            return None
        direction = (self.scalar(keys["direction"], "direction") if "direction" in keys else None) or "ASC"
        if direction.upper() not in ("ASC", "DESC"):
            self.problem(f"direction should be ASC or DESC, not {direction!r}", keys["direction"])
        return Order(name, direction.upper() == "DESC")

    def limit(self, node: yaml.Node | None) -> int | None:
        if node is None:
            return None
        written = self.scalar(node, "limit")
        if written is not None and written.strip().isdigit():
            return int(written)
        if written is not None:
            self.problem(f"limit should be a whole number, not {written!r}", node)
        return None

    def view_summaries(self, node: yaml.Node | None) -> tuple[Summary, ...]:
        if node is None:
            return ()
        if not isinstance(node, yaml.MappingNode):
            self.problem("a view's `summaries` should map properties to summary names", node)
            return ()
        found = []
        for key, value in node.value:
            name = self.scalar(value, f"the summary of `{key.value}`")
            column = self.name(key, "a summarised property")
            if name and column:
                found.append(Summary(column, name, self.span(value)))
        return tuple(found)


def _unknown_key(name: str, known: tuple[str, ...], what: str) -> str:
    guess = closest(name, known)
    hint = f"; did you mean `{guess}`?" if guess else f" (it takes {', '.join(known)})"
    return f"{what} has no key `{name}`{hint}"
