"""What the CLI decides about a report, and the helpers every format shares."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..diagnostic import Diagnostic


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
    return posixpath.join(options.base, path) if options.base else path


def hint(d: Diagnostic) -> str:
    """The " (did you mean 'x'?)" tail that concise lines and machine messages carry."""
    return f" (did you mean {d.suggestion!r}?)" if d.suggestion else ""
