"""The default format, for people: each finding with the source line it is about.

Modelled on ruff's full output: the finding's line, then a gutter with the line number,
the source line and carets under the span, then what to do about it (`= help:` for a
"did you mean", `= fix:` for an edit `--fix` can make). The "did you mean" is left out of
the first line here because the help line says it.
"""

from __future__ import annotations

import click

from ..analysis import CheckResult
from ..core.diagnostic import Diagnostic, Severity
from .concise import header
from .excerpt import Excerpt, excerpt
from .options import ReportOptions, display_path, message
from .source import SourceLines
from .summary import fixable_line, summary_line

SEVERITY_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def format_text(result: CheckResult, options: ReportOptions) -> str:
    sources = SourceLines(result.root)
    blocks = ["\n".join(finding_lines(d, sources, options)) + "\n" for d in result.diagnostics]
    tail = [summary_line(result, options.fixed)]
    fixable = fixable_line(result.diagnostics)
    if fixable:
        tail.append(fixable)
    return "\n".join([*blocks, "\n".join(tail)]) + "\n"


def finding_lines(d: Diagnostic, sources: SourceLines, options: ReportOptions) -> list[str]:
    """The header, the excerpt (when there is a line to show) and the help lines."""
    lines = [_styled_header(d, options)]
    gutter = " " * (len(str(d.span.line)) + 1)
    quoted = _quote(d, sources)
    if quoted is not None:
        carets = " " * quoted.caret_start + _style("^" * quoted.caret_width, d, options)
        lines += [f"{gutter}|", f"{d.span.line} | {quoted.text}".rstrip(), f"{gutter}| {carets}"]
    helps = []
    if d.suggestion:
        helps.append(f"= help: did you mean {d.suggestion!r}?")
    if d.fix is not None:
        helps.append(f"= fix: {d.fix.description}{'' if d.fix.safe else ' (unsafe)'}")
    if helps and quoted is not None:
        lines.append(f"{gutter}|")
    lines += [gutter + (click.style(h, fg="cyan") if options.color else h) for h in helps]
    return lines


def _quote(d: Diagnostic, sources: SourceLines) -> Excerpt | None:
    """The line to show with its carets, or None for a whole-page finding or a missing line.

    A span running onto later lines is underlined to the end of its first line.
    """
    span = d.span
    if d.whole_page and (span.line, span.column) == (1, 1):
        return None
    line = sources.line(d.path, span.line)
    if line is None:
        return None
    start = span.column - 1
    end = span.end_column - 1 if span.end_line == span.line else len(line)
    return excerpt(line, start, end)


def _styled_header(d: Diagnostic, options: ReportOptions) -> str:
    if not options.color:
        return header(d, options)
    path = click.style(display_path(d.path, options), bold=True)
    code = _style(d.code, d, options)
    return f"{path}:{d.span.line}:{d.span.column}: {code} [{d.rule}] {message(d)}"


def _style(text: str, d: Diagnostic, options: ReportOptions) -> str:
    if not options.color:
        return text
    return click.style(text, fg=SEVERITY_COLORS[d.severity], bold=True)
