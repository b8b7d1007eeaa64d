"""WF105 broken-markdown-link."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .context import LintContext
from .registry import Finding, rule


@rule("WF105", "broken-markdown-link", Severity.ERROR)
def broken_markdown_link(ctx: LintContext) -> Iterator[Finding]:
    """A Markdown link or image `[text](path.md#fragment)` to a missing file or fragment.

    Paths are tried relative to the linking page first, then from the project root and
    the content folder; links with a scheme (`https:`, `mailto:`) are not checked here.

    **Why it matters:** the same as a broken wikilink: readers follow it to nothing.

    **Example:** `[levels](../operations/service-level.md)` when the file is
    `service-levels.md`; `[levels](service-levels.md#response-time)` when the heading is
    `## Response Times`.

    **How to fix:** correct the path or fragment, or remove the link.
    """
    for resolved in ctx.links_of_kind("markdown"):
        link = resolved.link
        if resolved.is_empty:
            continue
        if resolved.resolution.target is None:
            where = "points outside the project" if resolved.resolution.outside else "matches no file"
            suggestion = resolved.suggestions[0] if resolved.suggestions else None
            yield Finding(resolved.page, link.span, f"Markdown link {link.text} {where}", suggestion)
        elif resolved.anchor_found is False:
            target = resolved.resolution.target.path
            message = f"fragment #{link.anchor} not found on {target}"
            yield Finding(resolved.page, link.span, message, resolved.anchor_suggestion)
