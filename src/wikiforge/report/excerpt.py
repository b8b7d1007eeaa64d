"""One source line as a terminal shows it, and where the carets under a span go.

Columns in a `Span` count code points, but a terminal draws a tab up to the next tab
stop, an East Asian wide or fullwidth character in two cells and a combining mark in
none. Both the line and the caret offset are measured with the same rules here, so the
carets land under the span whatever the line holds. Control characters are drawn as
their visible Unicode pictures, so a stray escape byte in a page cannot restyle the
user's terminal.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

TAB_WIDTH = 4
LONG_LINE = 160
"""Lines longer than this (in code points) are shown as a window around the span."""
WINDOW = 120
CONTEXT_BEFORE = 40
ELLIPSIS = "…"


@dataclass(frozen=True)
class Excerpt:
    """The line as displayed, and the carets' first display cell and width (at least 1)."""

    text: str
    caret_start: int
    caret_width: int


def excerpt(line: str, start: int, end: int) -> Excerpt:
    """Display `line` with carets under code points `start` to `end` (0-based, end exclusive).

    Out-of-range positions are clamped: a span past the end of the line gets one caret
    just after its last character.
    """
    start = min(max(start, 0), len(line))
    end = min(max(end, start), len(line))
    lo, hi = _window(len(line), start)
    start, end = min(start, hi), min(end, hi)
    shown = line[lo:hi]
    if shown.isascii() and shown.isprintable():  # one cell per character: no need to measure
        before, after = (ELLIPSIS if lo else ""), (ELLIPSIS if hi < len(line) else "")
        return Excerpt(before + shown + after, len(before) + start - lo, max(1, end - start))
    cells: list[str] = [ELLIPSIS] if lo else []
    column = len(cells)
    caret_start = caret_end = column
    for index in range(lo, hi + 1):
        if index == start:
            caret_start = column
        if index == end:
            caret_end = column
        if index == hi:
            break
        shown = _show(line[index], column)
        cells.append(shown)
        column += display_width(shown)
    if hi < len(line):
        cells.append(ELLIPSIS)
    return Excerpt("".join(cells), caret_start, max(1, caret_end - caret_start))


def display_width(text: str) -> int:
    """Terminal cells `text` takes (no tabs or control characters expected)."""
    return sum(_cell_width(ch) for ch in text)


def _window(length: int, start: int) -> tuple[int, int]:
    """The [lo, hi) code points shown: everything, or WINDOW of them starting a little before the span."""
    if length <= LONG_LINE:
        return 0, length
    lo = max(0, start - CONTEXT_BEFORE)
    hi = min(length, lo + WINDOW)
    return max(0, hi - WINDOW), hi


def _show(ch: str, column: int) -> str:
    if ch == "\t":
        return " " * (TAB_WIDTH - column % TAB_WIDTH)
    if unicodedata.category(ch) == "Cc":
        code = ord(ch)
        if code < 0x20:
            return chr(0x2400 + code)
        return "\u2421" if code == 0x7F else "\ufffd"
    return ch


def _cell_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
