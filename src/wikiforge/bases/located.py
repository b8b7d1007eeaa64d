"""Where an expression written in a base's YAML stands in its file, character by character.

An expression's text is what YAML made of the scalar: quotes removed, escapes decoded,
a folded or literal block joined. A syntax error found at offset 7 of that text must be
reported at the line and column a person sees in the file, so each character of the
text is aligned with the character of the source it came from.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import yaml

from ..core.diagnostic import Span


@dataclass(frozen=True)
class Source:
    """An expression's text and, for each of its characters and the end, its (line,
    column) in the file (1-based)."""

    text: str
    points: tuple[tuple[int, int], ...]

    @property
    def span(self) -> Span:
        return self.span_of(0, len(self.text))

    def span_of(self, start: int, end: int) -> Span:
        """The file region of `text[start:end]`."""
        last = len(self.points) - 1
        first = self.points[max(0, min(start, last))]
        after = self.points[max(0, min(max(end, start), last))]
        return Span(first[0], first[1], after[0], after[1])


@dataclass(frozen=True)
class Origin:
    """Where a base's YAML starts in its file: the file line of its first line, and the
    columns before each of its lines (a block in a list item is indented)."""

    line: int = 1
    indent: int = 0


def node_span(node: yaml.Node, origin: Origin) -> Span:
    """The file region of a YAML node."""
    start, end = node.start_mark, node.end_mark
    return Span(
        origin.line + start.line,
        origin.indent + start.column + 1,
        origin.line + end.line,
        origin.indent + end.column + 1,
    )


def located_source(node: yaml.ScalarNode, text: str, origin: Origin) -> Source:
    """The expression in scalar `node` of the YAML `text`, aligned with its source."""
    value = str(node.value)
    raw_start, raw_end = node.start_mark.index, node.end_mark.index
    starts = _line_starts(text)
    indexes = _align(value, text, raw_start, raw_end)
    return Source(value, tuple(_point(index, starts, origin) for index in indexes))


def _align(value: str, text: str, start: int, end: int) -> list[int]:
    """For each character of `value` and its end, an index into `text[start:end]` where it
    was written: matched in order, so a decoded escape or a folded line break lands on
    the next character that could have made it."""
    if value and text.startswith(value, start):
        return list(range(start, start + len(value) + 1))
    if text[start : start + 1] in ("'", '"') and text.startswith(value, start + 1):
        return list(range(start + 1, start + len(value) + 2))
    indexes, at = [], start
    for char in value:
        found = text.find(char, at, end) if not char.isspace() else at
        at = found if found >= 0 else at
        indexes.append(at)
        at = min(at + 1, end)
    indexes.append(at)
    return indexes


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(index + 1 for index, char in enumerate(text) if char == "\n")
    return starts


def _point(index: int, starts: list[int], origin: Origin) -> tuple[int, int]:
    line = bisect_right(starts, index) - 1
    return origin.line + line, origin.indent + index - starts[line] + 1
