"""WF104 case-mismatch."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from ..diagnostic import Severity
from .context import LintContext
from .link_fixes import exact_spelling, retarget
from .registry import Finding, rule


@rule("WF104", "case-mismatch", Severity.WARNING, fixable="safe")
def case_mismatch(ctx: LintContext) -> Iterator[Finding]:
    """A link that finds its target only when upper and lower case are ignored.

    **Why it matters:** it works on macOS and Windows but breaks on case-sensitive file
    systems and web servers, so the published site and the editor disagree.

    **Example:** `[[Client-Tier-Structure]]` for `client-tier-structure.md`.

    **How to fix:** write the name exactly as the file (or alias) is spelt. `--fix` does
    this for wikilinks and embeds, changing only the letters' case.
    """
    for resolved in ctx.links:
        resolution = resolved.resolution
        target = resolution.target
        if not resolution.case_mismatch or target is None:
            continue
        record = ctx.records.get(target.path)
        exact = exact_spelling(resolved.link.target, target, record.aliases if record else ())
        fix = retarget(resolved, exact, ctx.resolver, target) if exact else None
        if exact is None:
            path = target.path.removesuffix(".md")
            exact = path if "/" in resolved.link.target.rstrip("/") else posixpath.basename(path)
        message = f"{resolved.link.text} matches {target.path} only when case is ignored"
        yield Finding(resolved.page, resolved.link.span, message, exact, fix)
