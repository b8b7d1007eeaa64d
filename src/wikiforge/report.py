"""Output formats for `wikiforge check`: text for people, JSON for programs."""

from __future__ import annotations

import json

from .check import CheckResult
from .diagnostic import Diagnostic, Severity


def format_text(result: CheckResult) -> str:
    """`path:line:col: CODE [rule] message` lines, then a one-line summary."""
    lines = [_text_line(d) for d in result.diagnostics]
    lines.append(_summary_line(result))
    return "\n".join(lines) + "\n"


def format_json(result: CheckResult) -> str:
    """`{"diagnostics": [...], "summary": {...}}` with DESIGN §3's fields."""
    payload = {"diagnostics": [d.to_dict() for d in result.diagnostics], "summary": summary(result)}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def summary(result: CheckResult) -> dict[str, object]:
    by_code: dict[str, int] = {}
    for d in result.diagnostics:
        by_code[d.code] = by_code.get(d.code, 0) + 1
    return {
        "pages": result.pages,
        "sources": result.sources,
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "infos": result.count(Severity.INFO),
        "by_code": dict(sorted(by_code.items())),
        "seconds": round(result.seconds, 3),
    }


def _text_line(d: Diagnostic) -> str:
    hint = f" (did you mean {d.suggestion!r}?)" if d.suggestion else ""
    return f"{d.path}:{d.span.line}:{d.span.column}: {d.code} [{d.rule}] {d.message}{hint}"


def _summary_line(result: CheckResult) -> str:
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    files = f"{_plural(result.pages, 'page')} and {_plural(result.sources, 'source document')}"
    checked = f"{files} checked in {result.seconds:.2f}s"
    if not result.diagnostics:
        return f"No problems found: {checked}."
    return f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')}: {checked}."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
