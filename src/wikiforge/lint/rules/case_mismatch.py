"""WF104 case-mismatch."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from ...core.diagnostic import Severity
from .context import LintContext
from .link_fixes import exact_spelling, retarget
from .registry import Finding, rule


@rule("WF104", "case-mismatch", Severity.INFO, fixable="safe")
def case_mismatch(ctx: LintContext) -> Iterator[Finding]:
    """A link that finds its target only when upper and lower case are ignored.

    Obsidian matches link names ignoring case, so such a link works in the editor and in
    the site wikiforge builds (which resolves links the same way); the finding is `info`
    and does not fail a check. Aliases never match ignoring case (see WF101).

    **Why it matters:** the spelling differs from the file's, and tools that follow a
    link by file name on a case-sensitive file system (other site generators, scripts,
    `grep`) will not find the file. Raise it where the wiki must work with those too:
    `[rules.case-mismatch] severity = "warning"`.

    **Example:** `[[Client-Tier-Structure]]` for `client-tier-structure.md`.

    **How to fix:** write the name exactly as the file is spelt. `--fix` does this for
    wikilinks and embeds, changing only the letters' case, and only when the new
    spelling reaches the same file: never toward an alias or another page.
    """
    for resolved in ctx.links:
        resolution = resolved.resolution
        target = resolution.target
        if not resolution.case_mismatch or target is None:
            continue
        exact = exact_spelling(resolved.link.target, target)
        fix = retarget(resolved, exact, ctx.resolver, target) if exact else None
        if exact is None:
            path = target.path.removesuffix(".md")
            exact = path if "/" in resolved.link.target.rstrip("/") else posixpath.basename(path)
        message = f"{resolved.link.text} matches {target.path} only when case is ignored"
        yield Finding(resolved.page, resolved.link.span, message, exact, fix)
