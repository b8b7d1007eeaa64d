"""Placeholder patterns, compiled once and run over inline prose.

Patterns come from the placeholder rule's options (DEFAULT_PATTERNS unless replaced or
extended). A single
combined pattern screens each inline text first, so the common case — no placeholder —
costs one regex search.

A pattern may hold a group named `placeholder`: then only that group is reported, and the
rest of the match is context that must not be masked either (`[TODO]` reports `TODO`, and
is not a finding when the brackets are a link's).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from ...config.marker_pattern import MARKER_PATTERN

DEFAULT_PATTERNS: tuple[tuple[str, str], ...] = (
    ("marker", MARKER_PATTERN),
    ("lorem ipsum", r"[Ll](?<=\b[Ll])(?i:orem ipsum\b)"),
    ("reference marker", r"\[(?<![\w\\\]!^]\[)\d{1,3}\](?![\[(:])"),
    ("template variable", r"\{\{[^{}\n]*\}\}"),
    ("template tag", r"<%.*?%>"),
    ("insert note", r"(?i:\[insert\b[^\]\n]*\])"),
    ("empty query result", r"No(?<=\bNo) items found\."),
)
"""Placeholder patterns (kind, regex) checked by WF201 unless its options replace them.

Flags are scoped (`(?i:…)`), never global, so the patterns combine into the one screening
regex that lets a page without placeholders cost a single search. Each opens with the
text it must start with and checks what stands before it by a look-behind after that
(`[(?<!x[)` in place of `(?<!x)[`): the same matches, but the regex engine can then skip
to the next `[`, and the screen ran two and a half times faster. A `[N]` finding is
dropped later if the page explains the number (see `harvest.py`)."""


class PlaceholderPatterns:
    """Compiled (kind, regex) pairs plus a combined screen."""

    def __init__(self, patterns: tuple[tuple[str, str], ...]) -> None:
        self._patterns = [(kind, re.compile(regex)) for kind, regex in patterns]
        try:
            combined = "|".join(f"(?:{_screen_part(regex)})" for _, regex in patterns)
            self._screen: re.Pattern[str] | None = re.compile(combined) if patterns else None
        except re.error:  # e.g. two custom patterns reuse a group name: screen each instead
            self._screen = None
        self._empty = not patterns

    def screen(self, body: str) -> Screen | None:
        """Where in `body` a placeholder may be: None when nowhere (one search, the usual
        page), else the lines the screen matched on. An inline on none of those lines
        cannot hold one, so only the few inlines on them are scanned: screening every
        inline of a page with one placeholder took a fifth of the time to parse it."""
        if self._empty:
            return None
        if self._screen is None:
            return Screen(self, None)
        hits: set[int] = set()
        line, at = 0, 0
        for match in self._screen.finditer(body):
            start, end = match.span()
            line += body.count("\n", at, start)
            at = start
            hits.update(range(line, line + body.count("\n", start, end) + 1))
        return Screen(self, frozenset(hits)) if hits else None

    def may_match(self, text: str) -> bool:
        """False only when no pattern can match anywhere in `text` (one search)."""
        return not self._empty and (self._screen is None or self._screen.search(text) is not None)

    def scan(self, text: str, masked: list[tuple[int, int]]) -> Iterator[tuple[str, int, int]]:
        """Yield (kind, start, end) for matches that touch no masked range, in order."""
        if not self.may_match(text):
            return
        starts, ends = _merge(masked)
        found = []
        for kind, regex in self._patterns:
            group = "placeholder" if "placeholder" in regex.groupindex else 0
            for match in regex.finditer(text):
                start, end = match.span(group)
                if end > start and not _overlaps(min(start, match.start()), max(end, match.end()), starts, ends):
                    found.append((start, end, kind))
        last_end = -1
        for start, end, kind in sorted(found):
            if start >= last_end:  # `{{TODO}}` is one placeholder, not two
                yield kind, start, end
                last_end = end


class Screen:
    """A page's placeholder patterns with the lines their screen matched on (None: every
    line, when the patterns could not be combined into one screen).

    Every match of a pattern in an inline is a match of the screen on the body at a line
    of that inline (the screen is a pattern's `placeholder` group, or the pattern itself),
    and every place the screen matches lies within a match `finditer` returns (the next
    match found never starts after it), so its lines are among `lines`."""

    def __init__(self, patterns: PlaceholderPatterns, lines: frozenset[int] | None) -> None:
        self.patterns = patterns
        self.lines = lines

    def scan(self, text: str, masked: list[tuple[int, int]], first: int, last: int) -> Iterator[tuple[str, int, int]]:
        """`PlaceholderPatterns.scan` of an inline on lines `first` to `last` of the body."""
        if self.lines is not None and not any(line in self.lines for line in range(first, last + 1)):
            return iter(())
        return self.patterns.scan(text, masked)


@lru_cache(maxsize=8)
def compile_patterns(patterns: tuple[tuple[str, str], ...]) -> PlaceholderPatterns:
    return PlaceholderPatterns(patterns)


def _screen_part(regex: str) -> str:
    """What a page must contain for `regex` to match in one of its inlines.

    The screen runs over the whole page body, where list bullets, `>` and table pipes still
    stand before a line's text, so a pattern's context may not match there. Its
    `placeholder` group must, so that group alone screens; other patterns screen themselves.
    """
    opening = "(?P<placeholder>"
    start = regex.find(opening)
    depth, i = 0, start
    while 0 <= i < len(regex):
        char = regex[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(regex, i)
            continue
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return regex[start + len(opening) : i]
        i += 1
    return regex


def _class_end(regex: str, i: int) -> int:
    """The index just past the character class that opens at `regex[i]`."""
    i += 1
    i += regex[i : i + 1] == "^"
    i += regex[i : i + 1] == "]"
    while i < len(regex) and regex[i] != "]":
        i += 2 if regex[i] == "\\" else 1
    return i + 1


def _merge(ranges: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(ranges):
        if starts and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _overlaps(start: int, end: int, starts: list[int], ends: list[int]) -> bool:
    i = bisect_right(starts, start) - 1
    if i >= 0 and ends[i] > start:
        return True
    return i + 1 < len(starts) and starts[i + 1] < end
