"""WF104 case-mismatch."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from ..diagnostic import Severity
from .context import LintContext
from .registry import Finding, rule


@rule("WF104", "case-mismatch", Severity.WARNING)
def case_mismatch(ctx: LintContext) -> Iterator[Finding]:
    """A link that finds its target only when upper and lower case are ignored.

    **Why it matters:** it works on macOS and Windows but breaks on case-sensitive file
    systems and web servers, so the published site and the editor disagree.

    **Example:** `[[Client-Tier-Structure]]` for `client-tier-structure.md`.

    **How to fix:** write the name exactly as the file (or alias) is spelt.
    """
    for resolved in ctx.links:
        resolution = resolved.resolution
        if resolution.case_mismatch and resolution.target is not None:
            path = resolution.target.path.removesuffix(".md")
            exact = path if "/" in resolved.link.target.rstrip("/") else posixpath.basename(path)
            message = f"{resolved.link.text} matches {resolution.target.path} only when case is ignored"
            yield Finding(resolved.page, resolved.link.span, message, exact)
