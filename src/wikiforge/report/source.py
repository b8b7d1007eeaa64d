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
    """Reads each file at most once per report; paths are relative to the project root."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._files: dict[str, list[str] | None] = {}

    def line(self, path: str, number: int) -> str | None:
        """Line `number` (1-based) of `path`, or None when the file or the line is missing."""
        if path not in self._files:
            self._files[path] = read_lines(Path(os.path.join(self._root, path)))
        lines = self._files[path]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1]


def read_lines(file: Path) -> list[str] | None:
    try:
        data = file.read_bytes()
    except OSError:
        return None
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return split_lines(text)


def split_lines(text: str) -> list[str]:
    """The lines of `text` without their endings; a final line break ends the last line."""
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines
