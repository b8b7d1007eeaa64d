"""WF103 ambiguous-link."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .context import LintContext
from .link_fixes import retarget
from .registry import Finding, rule


@rule("WF103", "ambiguous-link", Severity.WARNING, fixable="safe")
def ambiguous_link(ctx: LintContext) -> Iterator[Finding]:
    """A bare name or path suffix that matches several pages.

    wikiforge picks the page in the linking page's own folder, else the one with the
    shortest path (as Obsidian does), and reports the choice, because adding a page
    elsewhere can silently change where the link goes.

    **Why it matters:** the link may not go where its writer meant, and it can change
    target without anyone editing it.

    **Example:** `[[overview]]` with both `clients/acme/overview.md` and
    `knowledge/overview.md` in the wiki.

    **How to fix:** write enough of the path to name one page:
    `[[knowledge/overview]]`. `--fix` writes the full path (from the content folder) of
    the page the link goes to today, so it keeps going there.
    """
    content = ctx.config.content_dir
    for resolved in ctx.links:
        resolution = resolved.resolution
        target = resolution.target
        if not resolution.ambiguous or target is None:
            continue
        chosen = target.path
        full = chosen.removeprefix(f"{content}/") if content != "." else chosen
        if target.kind != "attachment" and not resolved.link.target.casefold().endswith(".md"):
            full = full.removesuffix(".md")
        others = ", ".join(resolution.candidates)
        message = f"{resolved.link.text} matches {len(resolution.candidates)} files ({others}); using {chosen}"
        fix = retarget(resolved, full, ctx.resolver, target)
        yield Finding(resolved.page, resolved.link.span, message, full, fix, key=resolved.link.text)
