"""The counts every format ends with: a dict for programs, one sentence for people."""

from __future__ import annotations

from ..analysis import CheckResult
from ..core.diagnostic import Diagnostic, Severity
from ..core.numbers import plural


def summary(result: CheckResult) -> dict[str, object]:
    """DESIGN §3's summary: page and source counts, findings by severity and by code,
    `files` (pages whose findings are reported) and `fixable` (findings `--fix` repairs)."""
    by_code: dict[str, int] = {}
    for d in result.diagnostics:
        by_code[d.code] = by_code.get(d.code, 0) + 1
    return {
        "pages": result.pages,
        "sources": result.sources,
        "files": len(result.checked),
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "infos": result.count(Severity.INFO),
        "fixable": fixable_counts(result.diagnostics)[0],
        "by_code": dict(sorted(by_code.items())),
        "seconds": round(result.seconds, 3),
    }


def summary_line(result: CheckResult, fixed: int = 0) -> str:
    """`Found 2 errors and 1 warning in 2 files: 33 pages and 3 source documents checked in 0.21s.`

    When only some pages are reported, the sentence says so and that links were still
    resolved against the whole project, so a clean partial run is not read as a clean wiki.
    """
    everything = f"{plural(result.pages, 'page')} and {plural(result.sources, 'source document')}"
    if len(result.checked) < result.pages:
        scope = f"{len(result.checked)} of {plural(result.pages, 'page')} checked"
        scope += f" (links resolved against all {everything})"
    else:
        scope = f"{everything} checked"
    timing = f"{scope} in {result.seconds:.2f}s."
    fixed_note = f" Fixed {plural(fixed, 'finding')}." if fixed else ""
    if not result.diagnostics:
        return f"No problems found: {timing}{fixed_note}"
    counts = [plural(result.count(Severity.ERROR), "error"), plural(result.count(Severity.WARNING), "warning")]
    infos = result.count(Severity.INFO)
    if infos:
        counts.append(plural(infos, "info finding"))
    found = f"{', '.join(counts[:-1])} and {counts[-1]}"
    files = plural(len({d.path for d in result.diagnostics}), "file")
    return f"Found {found} in {files}: {timing}{fixed_note}"


def fixable_line(diagnostics: list[Diagnostic]) -> str | None:
    """`3 findings are fixable with --fix (1 more with --unsafe-fixes).`, or None."""
    safe, unsafe = fixable_counts(diagnostics)
    if safe:
        more = f" ({unsafe} more with --unsafe-fixes)" if unsafe else ""
        return f"{plural(safe, 'finding')} {_be(safe)} fixable with --fix{more}."
    if unsafe:
        return f"{plural(unsafe, 'finding')} {_be(unsafe)} fixable with --fix --unsafe-fixes."
    return None


def fixable_counts(diagnostics: list[Diagnostic]) -> tuple[int, int]:
    """(findings with a safe fix, findings with only an unsafe one)."""
    safe = sum(1 for d in diagnostics if d.fix is not None and d.fix.safe)
    unsafe = sum(1 for d in diagnostics if d.fix is not None and not d.fix.safe)
    return safe, unsafe


def _be(n: int) -> str:
    return "is" if n == 1 else "are"
