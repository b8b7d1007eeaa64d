"""Source lines for excerpts, numbered exactly as the linter numbers them.

Lines are counted after removing a byte-order mark, with CRLF, CR and LF each ending a
line (not `str.splitlines`, which also breaks at form feeds and Unicode separators and
would shift every later line number). A file that cannot be read gives no lines: an
excerpt is a courtesy, never a reason to crash a report.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core.diagnostic import LINE_BREAK


class SourceLines:
    """Reads each file at most once per report; paths are relative to the project root.

    A file's lines are split only as far as the deepest line asked for: most findings
    sit near the top of a page, and a report of thousands of findings spent most of its
    time splitting whole files."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._texts: dict[str, str | None] = {}
        self._lines: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str | None:
        """Line `number` (1-based) of `path`, or None when the file or the line is missing."""
        if path not in self._texts:
            self._texts[path] = read_text(os.path.join(self._root, path))
        text = self._texts[path]
        if text is None or number < 1:
            return None
        lines = self._lines.get(path)
        if lines is None or (len(lines) <= number and lines[-1] is not _END):
            lines = self._lines[path] = _split_to(text, number)
        if number > len(lines) or lines[number - 1] is _END:
            return None
        return lines[number - 1]


_END = "".join(["<end", ">"])
"""Marks a split that reached the end of its file; compared by identity, so no line of
text can be taken for it."""


def _split_to(text: str, number: int) -> list[str]:
    """The first `number` lines of `text`, then the rest unsplit, or all its lines and
    `_END` when it has no more than `number`."""
    lines = LINE_BREAK.split(text, maxsplit=number)
    if len(lines) <= number:
        if lines and lines[-1] == "":
            lines.pop()
        return [*lines, _END]
    return lines


def read_text(file: str) -> str | None:
    """A file's text as the linter reads it (byte-order mark removed), or None."""
    try:
        with open(file, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def split_lines(text: str) -> list[str]:
    """The lines of `text` without their endings; a final line break ends the last line."""
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines
