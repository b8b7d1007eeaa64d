"""WF101 broken-link."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Severity
from .context import LintContext
from .registry import Finding, rule


@rule("WF101", "broken-link", Severity.ERROR)
def broken_link(ctx: LintContext) -> Iterator[Finding]:
    """A wikilink or embed whose target resolves to no page, source document or file.

    **Why it matters:** readers follow the link to nothing, and the knowledge it pointed
    at is either gone or was never written.

    **Example:** `[[client-tier-structre]]` (a typo), `[[old-page-name]]` after a rename,
    `![[chart.png]]` when the image was never added, `[[../../../etc/passwd]]` (a path
    that leaves the project: never followed, always broken).

    **How to fix:** correct the target (the "did you mean" names the closest page), create
    the missing page, or remove the link.
    """
    for resolved in ctx.links_of_kind("wikilink", "embed"):
        if resolved.resolution.target is not None or resolved.is_empty:
            continue
        link = resolved.link
        if resolved.resolution.outside:
            yield Finding(resolved.page, link.span, f"link {link.text} points outside the project")
            continue
        suggestion = ctx.resolver.suggest(link.target)
        yield Finding(resolved.page, link.span, f"link {link.text} matches no page or file", suggestion)
