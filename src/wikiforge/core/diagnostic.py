"""The finding record every stage reports through.

A finding is data, never a log line: output formats, exit codes and (later) baselines
all read the same small immutable record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .pickling import ByFields

LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""What ends a line when lines and columns are counted: CRLF, a lone CR or LF, nothing else."""


class Severity(StrEnum):
    """How much a finding matters; `error` fails `wikiforge check`."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Span(ByFields):
    """A region of a file: 1-based lines and columns, columns counted in characters.

    `end_column` is exclusive (the column just after the last character), as in SARIF.
    """

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int = 1) -> Span:
        """A zero-width span, for findings about a whole line or file."""
        return cls(line, column, line, column)


@dataclass(frozen=True, slots=True)
class Fix(ByFields):
    """A proposed edit: in the wikilink or embed written at `span`, change the target
    `old` to `new`, leaving every other byte of the file (label, anchor, brackets) alone.

    `label`, when set, is also written as the link's label (`[[new|label]]`), for a link
    that has none: an `[[alias]]` becomes `[[Page|alias]]` and still reads the same.

    `safe` fixes keep the link pointing where it already resolves (only the spelling
    changes) and run with `--fix`; unsafe ones guess the intended page and also need
    `--unsafe-fixes`.
    """

    span: Span
    old: str
    new: str
    safe: bool = True
    label: str | None = None

    @property
    def description(self) -> str:
        keep = f" and keep {self.label!r} as the label" if self.label is not None else ""
        return f"replace {self.old!r} with {self.new!r}{keep}"


@dataclass(frozen=True, slots=True)
class Diagnostic(ByFields):
    """One finding: where, which rule, how severe, what, and a "did you mean" if any.

    `key` is what the finding is about when the message also names things that may
    change without the finding changing (other pages with the same title); baselines
    identify findings by it. None means the message itself. `whole_page` says the rule
    judges the page as a whole, so a report quotes no line for it.
    """

    path: str
    span: Span
    code: str
    rule: str
    severity: Severity
    message: str
    suggestion: str | None = None
    fix: Fix | None = None
    key: str | None = None
    whole_page: bool = False

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of DESIGN §3 (flat position fields)."""
        data: dict[str, Any] = {
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
        }
        if self.suggestion is not None:
            data["suggestion"] = self.suggestion
        if self.fix is not None:
            data["fix"] = {
                "applicability": "safe" if self.fix.safe else "unsafe",
                "message": self.fix.description,
                "old": self.fix.old,
                "new": self.fix.new,
            }
            if self.fix.label is not None:
                data["fix"]["label"] = self.fix.label
        return data
