"""WF103 ambiguous-link."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Severity
from .context import LintContext
from .registry import Finding, rule


@rule("WF103", "ambiguous-link", Severity.WARNING)
def ambiguous_link(ctx: LintContext) -> Iterator[Finding]:
    """A bare name or path suffix that matches several pages.

    wikiforge picks the page in the linking page's own folder, else the one with the
    shortest path (as Obsidian does), and reports the choice, because adding a page
    elsewhere can silently change where the link goes.

    **Example:** `[[overview]]` with both `clients/acme/overview.md` and
    `knowledge/overview.md` in the wiki.

    **How to fix:** write enough of the path to name one page:
    `[[knowledge/overview]]`.
    """
    for resolved in ctx.links:
        resolution = resolved.resolution
        if resolution.ambiguous and resolution.target is not None:
            chosen = resolution.target.path
            others = ", ".join(resolution.candidates)
            message = f"{resolved.link.text} matches {len(resolution.candidates)} files ({others}); using {chosen}"
            yield Finding(resolved.page, resolved.link.span, message, chosen.removesuffix(".md"))
