"""What the "bases" rules share: a base's issues of one kind, as findings."""

from __future__ import annotations

from collections.abc import Iterator

from .context import LintContext
from .registry import Finding


def findings_of(ctx: LintContext, kind: str) -> Iterator[Finding]:
    """The issues of `kind` the bases stage found (`bases/compiled.Issue`)."""
    if ctx.bases is None:
        return
    for issue in ctx.bases.issues:
        if issue.kind == kind:
            yield Finding(issue.path, issue.span, issue.message, issue.suggestion)
