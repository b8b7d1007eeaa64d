"""Where things are, as wikiforge and as the editor count.

wikiforge's spans are 1-based lines and columns in characters (code points), lines
ended by CR LF, CR or LF, the same three the protocol names; the editor counts
0-based, and by default columns in UTF-16 code units (an emoji is two), or in the
encoding the client and server agreed on (`positionEncoding`).
"""

from __future__ import annotations

from bisect import bisect_right

from lsprotocol import types

from ..core.diagnostic import LINE_BREAK, Span


class Lines:
    """One text's lines, to turn spans into ranges and editor positions into offsets."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        self.text = text
        self.starts = [0] + [match.end() for match in LINE_BREAK.finditer(text)]
        self._ends = [match.start() for match in LINE_BREAK.finditer(text)] + [len(text)]
        self._unit = {types.PositionEncodingKind.Utf8: 8, types.PositionEncodingKind.Utf32: 32}.get(encoding, 16)

    def line(self, number: int) -> str:
        """The text of 0-based line `number` without its break ("" past the end)."""
        if not 0 <= number < len(self.starts):
            return ""
        return self.text[self.starts[number] : self._ends[number]]

    def position(self, line: int, column: int) -> types.Position:
        """The editor's position of a 1-based line and character column."""
        text = self.line(line - 1)
        return types.Position(max(line - 1, 0), self._units(text[: max(column - 1, 0)]))

    def at(self, offset: int) -> types.Position:
        """The editor's position of a text offset."""
        line = bisect_right(self.starts, offset) - 1
        return types.Position(line, self._units(self.text[self.starts[line] : offset]))

    def range(self, span: Span) -> types.Range:
        return types.Range(self.position(span.line, span.column), self.position(span.end_line, span.end_column))

    def column(self, position: types.Position) -> int:
        """The 0-based character column of an editor position on its line."""
        text = self.line(position.line)
        units = 0
        for index, char in enumerate(text):
            if units >= position.character:
                return index
            units += self._units(char)
        return len(text)

    def offset(self, position: types.Position) -> int:
        """The text offset of an editor position (clamped to the text)."""
        if position.line >= len(self.starts):
            return len(self.text)
        return self.starts[position.line] + self.column(position)

    def _units(self, text: str) -> int:
        if self._unit == 32 or text.isascii():
            return len(text)
        if self._unit == 8:
            return len(text.encode("utf-8"))
        return len(text.encode("utf-16-le")) // 2


def contains(span: Span, line: int, column: int) -> bool:
    """Whether the 1-based `line` and `column` fall inside `span` (its end included, so
    a cursor just after a link is still on it)."""
    if not span.line <= line <= span.end_line:
        return False
    if line == span.line and column < span.column:
        return False
    return not (line == span.end_line and column > span.end_column)
