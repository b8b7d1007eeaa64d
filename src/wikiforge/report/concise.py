"""The one-line-per-finding format: `path:line:col: CODE [rule] message`.

The rules' golden cases are written in it, so its lines must not change shape.
"""

from __future__ import annotations

from ..analysis import CheckResult
from ..core.diagnostic import Diagnostic
from .options import ReportOptions, display_path, hint, message
from .summary import summary_line


def format_concise(result: CheckResult, options: ReportOptions) -> str:
    lines = [concise_line(d, options) for d in result.diagnostics]
    lines.append(summary_line(result, options.fixed))
    return "\n".join(lines) + "\n"


def concise_line(d: Diagnostic, options: ReportOptions) -> str:
    return f"{header(d, options)}{hint(d)}"


def header(d: Diagnostic, options: ReportOptions) -> str:
    """The concise line without its "did you mean" tail."""
    return f"{display_path(d.path, options)}:{d.span.line}:{d.span.column}: {d.code} [{d.rule}] {message(d)}"
