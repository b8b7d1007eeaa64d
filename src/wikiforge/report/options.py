"""What the CLI decides about a report, and the helpers every format shares.

Every format shows paths and messages through `display_path` and `message`, so control
characters and undecodable bytes from file names and page text reach no report raw
(see `printable`); the "did you mean" and fix texts are quoted with `repr`, which escapes
them too.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..core.diagnostic import Diagnostic
from ..core.printable import printable


@dataclass(frozen=True)
class ReportOptions:
    """Choices made by the caller, not by the findings.

    `base` is joined before every displayed path so that paths are relative to where the
    user runs the command (e.g. "docs" when the project is ./docs); fingerprints and the
    files read for excerpts always use the root-relative path.
    """

    color: bool = False
    strict: bool = False
    base: str = ""
    fixed: int = 0


DEFAULT_OPTIONS = ReportOptions()


def display_path(path: str, options: ReportOptions) -> str:
    """The path as a report shows it: from the current folder, made printable."""
    return printable(disk_path(path, options))


def disk_path(path: str, options: ReportOptions) -> str:
    """The path from the current folder as it is on disk, for formats that encode it
    themselves (SARIF's percent-encoded URIs)."""
    return posixpath.join(options.base, path) if options.base else path


def message(d: Diagnostic) -> str:
    """The finding's message as a report shows it: quoted page text and paths made printable."""
    return printable(d.message)


def hint(d: Diagnostic) -> str:
    """The " (did you mean 'x'?)" tail that concise lines and machine messages carry."""
    return f" (did you mean {d.suggestion!r}?)" if d.suggestion else ""
