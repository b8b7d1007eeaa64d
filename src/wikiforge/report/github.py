"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

Escaping follows `escapeData` / `escapeProperty` in actions/toolkit
(packages/core/src/command.ts), so a `%`, a line break, or a `:` or `,` in a file name
cannot end the command early or invent a property.
"""

from __future__ import annotations

from ..analysis import CheckResult
from ..core.diagnostic import Diagnostic, Severity
from .options import ReportOptions, display_path, hint, message
from .summary import summary_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(result: CheckResult, options: ReportOptions) -> str:
    """The annotations, then the summary as a plain log line (GitHub shows it as output)."""
    lines = [annotation(d, options) for d in result.diagnostics]
    lines.append(summary_line(result, options.fixed))
    return "\n".join(lines) + "\n"


def annotation(d: Diagnostic, options: ReportOptions) -> str:
    """`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

    Columns are only given for a span on one line: GitHub rejects columns on an
    annotation that spans several lines.
    """
    span = d.span
    properties = {"file": display_path(d.path, options), "line": str(span.line)}
    if span.end_line == span.line:
        properties["col"] = str(span.column)
    properties["endLine"] = str(span.end_line)
    if span.end_line == span.line:
        properties["endColumn"] = str(span.end_column)
    properties["title"] = f"{d.code} {d.rule}"
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{COMMANDS[d.severity]} {joined}::{escape_data(message(d) + hint(d))}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
