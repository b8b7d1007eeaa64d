"""Split a page's YAML frontmatter from its body and load it with positions kept.

Boundaries are python-frontmatter's (`YAMLHandler.FM_BOUNDARY`: a line of three or more
dashes, first line of the file). Unlike `frontmatter.loads`, we keep the offsets of both
boundaries so every YAML error, key and frontmatter link maps to its file line, and we
compose the YAML node tree (libyaml when available) to read those positions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from ..core.diagnostic import Span
from ..core.numbers import MAX_DIGITS, OutOfRangeNumber

_BOUNDARY = YAMLHandler.FM_BOUNDARY
_MAX_FLOW_DEPTH = 1000  # libyaml recurses in C and can crash far deeper than this
MAX_ALIAS_NODES = 10_000
"""Most YAML nodes that aliases may add to a document by repeating what their anchors
hold. Real frontmatter reuses a few values; a "billion laughs" of nine levels of nine
aliases adds 387 million and exhausts memory in whatever walks the values."""


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """A date-like scalar that is no date (`2026-02-30`) stays a string for WF302 to judge."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml when available; Python's loader is the fallback for deep nesting."""


class _RefusedAlias(yaml.composer.ComposerError):  # type: ignore[misc]
    """YAML that parses but whose aliases are refused (a bomb or a loop)."""


class _SafeLoader(yaml.SafeLoader):  # type: ignore[misc]
    """Pure-Python loader: slower, but its recursion limit is an exception, not a crash.

    It also counts, as it composes, the nodes each alias adds (the whole subtree of its
    anchor), and stops at the alias that takes the document past `MAX_ALIAS_NODES`, so
    that an alias bomb is reported at the line of that alias.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._nodes = 0
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            alias = self.peek_event()
            node = super().compose_node(parent, index)
            if id(node) not in self._sizes:
                raise _RefusedAlias(None, None, "an alias inside its own anchor's value (a loop)", alias.start_mark)
            self._nodes += self._sizes[id(node)]
            if self._nodes - len(self._sizes) > MAX_ALIAS_NODES:
                message = f"aliases expand to more than {MAX_ALIAS_NODES:,} values (an alias bomb)"
                raise _RefusedAlias(None, None, message, alias.start_mark)
            return node
        before = self._nodes
        node = super().compose_node(parent, index)
        self._nodes += 1
        self._sizes[id(node)] = self._nodes - before
        return node


def _core_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | OutOfRangeNumber:
    """An integer as YAML 1.2 writes one: decimal (`010` is ten), `0o17` or `0x1F`.

    One of more than `MAX_DIGITS` digits stays text (`OutOfRangeNumber`) for WF302 to
    report: as an `int` it could not even be shown.
    """
    text = str(loader.construct_scalar(node))
    if len(text.lstrip("+-")) > MAX_DIGITS:
        return OutOfRangeNumber(text)
    return int(text, 0) if text.startswith(("0o", "0x")) else int(text, 10)


_YAML_1_1_ONLY = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_CORE_SCHEMA = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
)


def _use_core_schema(loader: type[yaml.SafeLoader]) -> None:
    """Read booleans and numbers as YAML 1.2 does, as Obsidian does, not as YAML 1.1.

    PyYAML follows YAML 1.1, where `Yes`, `no`, `on` are booleans, `1_000` and `1:20`
    are numbers and `010` is eight. Obsidian reads YAML 1.2: `aliases: [Yes]` is the
    alias "Yes", not `True`, and a schema check must see what Obsidian shows.
    """
    loader.yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag not in _YAML_1_1_ONLY]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    for tag, regex, first in _CORE_SCHEMA:
        loader.add_implicit_resolver(tag, re.compile(regex), list(first))
    loader.add_constructor("tag:yaml.org,2002:int", _core_int)
    loader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


for _loader in (_FastLoader, _SafeLoader):
    _use_core_schema(_loader)


@dataclass(frozen=True, slots=True)
class FrontmatterBlock:
    """The YAML text between the boundaries and where it sits in the file."""

    yaml_text: str
    first_line: int  # 0-based file line holding yaml_text's first character
    first_column: int  # 0-based column of that character
    body_offset: int  # index in the text where the body starts
    body_line: int  # 0-based file line where the body starts

    def span(self, start: int, end: int) -> Span:
        """File span of yaml_text[start:end]."""
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)

    def position(self, index: int) -> tuple[int, int]:
        """1-based file (line, column) of an index into yaml_text."""
        line = self.yaml_text.count("\n", 0, index)
        column = index - (self.yaml_text.rfind("\n", 0, index) + 1)
        if line == 0:
            column += self.first_column
        return self.first_line + line + 1, column + 1


class FrontmatterError(Exception):
    """YAML that does not load; carries the file position of the problem."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


def split_frontmatter(text: str) -> FrontmatterBlock | None:
    """Find the frontmatter block, or None when the page has none.

    A file that opens with `---` but never closes it has no frontmatter, as in Obsidian:
    the dashes are a thematic break.
    """
    opening = _BOUNDARY.match(text)
    if opening is None:
        return None
    closing = _BOUNDARY.search(text, opening.end() + 1)
    if closing is None:
        return None
    start = opening.end()
    first_line = text.count("\n", 0, start)
    return FrontmatterBlock(
        yaml_text=text[start : closing.start()],
        first_line=first_line,
        first_column=start - (text.rfind("\n", 0, start) + 1),
        body_offset=closing.end(),
        body_line=text.count("\n", 0, closing.end()),
    )


def load_yaml(block: FrontmatterBlock) -> tuple[Any, yaml.Node | None]:
    """Load the block as YAML; returns (data, root node). Raises FrontmatterError."""
    loader_class = _FastLoader if _flow_depth(block.yaml_text) <= _MAX_FLOW_DEPTH else _SafeLoader
    loader = loader_class(block.yaml_text)
    try:
        node = loader.get_single_node()
        if node is not None and "&" in block.yaml_text and _expanded_size(node) > MAX_ALIAS_NODES:
            _SafeLoader(block.yaml_text).get_single_node()  # raises at the alias that crosses the limit
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        index = mark.index if mark is not None else 0
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        verdict = "YAML is refused" if isinstance(exc, _RefusedAlias) else "YAML does not parse"
        raise FrontmatterError(f"{verdict}: {message}", block.span(index, index)) from exc
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as exc:
        raise FrontmatterError(f"YAML does not parse: {exc}", Span.point(1)) from exc
    finally:
        loader.dispose()
    return data, node


def node_span(block: FrontmatterBlock, node: yaml.Node) -> Span:
    return block.span(node.start_mark.index, _trimmed_end(block.yaml_text, node))


def duplicate_keys(node: yaml.MappingNode) -> list[yaml.Node]:
    """Key nodes that repeat an earlier key (YAML forbids them; PyYAML keeps the last)."""
    seen: set[str] = set()
    repeats = []
    for key_node, _ in node.value:
        key = str(key_node.value)
        if key in seen:
            repeats.append(key_node)
        seen.add(key)
    return repeats


def _trimmed_end(text: str, node: yaml.Node) -> int:
    """End index of a node without the trailing newlines block collections include."""
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return int(end)


def _expanded_size(root: yaml.Node) -> float:
    """How many nodes aliases add to the tree: every node counted once per path to it;
    infinite for an alias inside its own anchor's value (a loop).

    The composed tree shares an anchored node among its aliases, so a memo of each
    node's expanded size keeps this linear in the nodes written; iterative, because
    deep nesting would exhaust Python's recursion.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in _children(node))
        elif id(node) in open_nodes:
            return math.inf
        elif id(node) not in sizes:
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))
    return sizes[id(root)] - len(sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def _flow_depth(text: str) -> int:
    """Upper bound of flow-collection nesting, cheap enough to run on every page."""
    if text.count("[") + text.count("{") <= _MAX_FLOW_DEPTH:
        return 0
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest
