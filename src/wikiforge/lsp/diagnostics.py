"""`check`'s findings as the editor shows them: the same ranges, codes and severities,
each code linked to its rule's documentation, "did you mean" in the message."""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types

from ..core.diagnostic import Diagnostic, Severity
from ..lint.rules.registry import find_rule
from .positions import Lines

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
SOURCE = "wikiforge"


def editor_diagnostics(found: Iterable[Diagnostic], lines: Lines) -> list[types.Diagnostic]:
    """Each finding of one file, in `check`'s order."""
    return [_one(d, lines) for d in found]


def _one(d: Diagnostic, lines: Lines) -> types.Diagnostic:
    rule = find_rule(d.code)
    message = d.message + (f" (did you mean {d.suggestion!r}?)" if d.suggestion else "")
    return types.Diagnostic(
        range=lines.range(d.span),
        message=message,
        severity=_SEVERITY[d.severity],
        code=d.code,
        code_description=types.CodeDescription(href=rule.help_uri) if rule is not None else None,
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if d.rule == "unused-suppression" else None,
    )
