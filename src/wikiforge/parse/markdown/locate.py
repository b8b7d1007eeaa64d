"""Map offsets in an inline token's content back to file lines and columns.

markdown-it gives an inline token its block's line range and its content with block
markup (indentation, `>`, list markers, table pipes) removed. Each content line is still
a verbatim slice of its source line, so it can be found there; table cells are placed
left to right with a per-line cursor, and the `\\|` that markdown-it unescapes inside
table cells is accounted for.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class _PlacedLine:
    line: int  # 0-based file line
    column: int  # 0-based column where the content line starts
    escaped_pipes: bool  # content `|` stands for source `\|`


class Placement:
    """An inline content string anchored in the file."""

    def __init__(self, content: str, parts: list[str], placed: list[_PlacedLine]) -> None:
        self._content = content
        self._placed = placed
        self._starts = [0]
        for part in parts[:-1]:
            self._starts.append(self._starts[-1] + len(part) + 1)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the file of `offset` in the content."""
        k = bisect_right(self._starts, offset) - 1
        placed = self._placed[k]
        within = offset - self._starts[k]
        if placed.escaped_pipes:
            within += self._content.count("|", self._starts[k], offset)
        return placed.line + 1, placed.column + within + 1


class Locator:
    """Places inline contents of one file, in document order."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._cursor: dict[int, int] = {}

    def place(self, content: str, first_line: int) -> Placement:
        parts = content.split("\n")
        placed = [self._place_line(part, first_line + k) for k, part in enumerate(parts)]
        return Placement(content, parts, placed)

    def _place_line(self, part: str, line: int) -> _PlacedLine:
        if line >= len(self._lines):
            return _PlacedLine(max(0, len(self._lines) - 1), 0, False)
        source = self._lines[line]
        begin = self._cursor.get(line, 0)
        column = _aligned_to_end(source, part, begin)
        escaped = False
        if column < 0:
            column = source.find(part, begin)
        if column < 0 and "|" in part:
            column = source.find(part.replace("|", "\\|"), begin)
            escaped = column >= 0
        if column < 0:
            column = len(source) - len(source.lstrip())
        width = len(part) + (part.count("|") if escaped else 0)
        self._cursor[line] = column + width
        return _PlacedLine(line, column, escaped)


def _aligned_to_end(source: str, part: str, begin: int) -> int:
    """Column where `part` sits if it runs to the end of the source line, else -1.

    Prose content ends where its line ends; anchoring there avoids matching a list
    marker (`1. 1`) or a quote prefix that happens to equal the text. What it skips is
    block markup, which holds no `|`: skipping one means a table row, whose first cell
    may merely equal the end of the row (`|---|[[a]]---`), so the cell is searched for.
    """
    stripped = part.rstrip()
    if not stripped:
        return -1
    column = len(source.rstrip()) - len(stripped)
    if column >= begin and source.startswith(stripped, column) and "|" not in source[begin:column]:
        return column
    return -1
