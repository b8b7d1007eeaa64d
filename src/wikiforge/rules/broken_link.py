"""WF101 broken-link."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Severity
from .context import LintContext
from .link_fixes import retarget
from .registry import Finding, rule


@rule("WF101", "broken-link", Severity.ERROR, fixable="unsafe")
def broken_link(ctx: LintContext) -> Iterator[Finding]:
    """A wikilink or embed whose target resolves to no page, source document or file.

    **Why it matters:** readers follow the link to nothing, and the knowledge it pointed
    at is either gone or was never written.

    **Example:** `[[client-tier-structre]]` (a typo), `[[old-page-name]]` after a rename,
    `![[chart.png]]` when the image was never added, `[[../../../etc/passwd]]` (a path
    that leaves the project: never followed, always broken).

    **How to fix:** correct the target (the "did you mean" names the closest page), create
    the missing page, or remove the link. `--fix --unsafe-fixes` rewrites the target to
    the suggestion when it is the only close match and names exactly one file; it is
    unsafe because a close name is a guess at what the writer meant.
    """
    for resolved in ctx.links_of_kind("wikilink", "embed"):
        if resolved.resolution.target is not None or resolved.is_empty:
            continue
        link = resolved.link
        if resolved.resolution.outside:
            yield Finding(resolved.page, link.span, f"link {link.text} points outside the project")
            continue
        close = ctx.resolver.close_matches(link.target)
        suggestion = close[0] if close else None
        fix = None
        if len(close) == 1 and suggestion is not None:
            found = ctx.resolver.resolve_path(suggestion, resolved.page).target
            fix = retarget(resolved, suggestion, ctx.resolver, found, safe=False) if found else None
        yield Finding(resolved.page, link.span, f"link {link.text} matches no page or file", suggestion, fix)
