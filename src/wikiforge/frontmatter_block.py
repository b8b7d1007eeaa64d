"""Split a page's YAML frontmatter from its body and load it with positions kept.

Boundaries are python-frontmatter's (`YAMLHandler.FM_BOUNDARY`: a line of three or more
dashes, first line of the file). Unlike `frontmatter.loads`, we keep the offsets of both
boundaries so every YAML error, key and frontmatter link maps to its file line, and we
compose the YAML node tree (libyaml when available) to read those positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from .diagnostic import Span

_BOUNDARY = YAMLHandler.FM_BOUNDARY
_MAX_FLOW_DEPTH = 1000  # libyaml recurses in C and can crash far deeper than this


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """A date-like scalar that is no date (`2026-02-30`) stays a string for WF302 to judge."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml when available; Python's loader is the fallback for deep nesting."""


class _SafeLoader(yaml.SafeLoader):  # type: ignore[misc]
    """Pure-Python loader: slower, but its recursion limit is an exception, not a crash."""


def _core_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    """An integer as YAML 1.2 writes one: decimal (`010` is ten), `0o17` or `0x1F`."""
    text = str(loader.construct_scalar(node))
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
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        index = mark.index if mark is not None else 0
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise FrontmatterError(f"YAML does not parse: {message}", block.span(index, index)) from exc
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
