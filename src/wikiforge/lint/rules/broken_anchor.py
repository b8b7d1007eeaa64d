"""WF102 broken-anchor."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from ...resolve.links import ResolvedLink
from .context import LintContext
from .registry import Finding, rule


@rule("WF102", "broken-anchor", Severity.ERROR)
def broken_anchor(ctx: LintContext) -> Iterator[Finding]:
    """A wikilink or embed to `#Heading`, `#H1#H2` or `#^block` that the target page lacks.

    A heading matches by its text (formatting stripped, spaces collapsed) or its slug,
    ignoring case; `#H1#H2` needs `H2` under `H1`; `#^id` needs a block id `^id`.

    **Why it matters:** the page opens, but not where the link promised; usually a heading
    was renamed and its links were not.

    **Example:** `[[okr-framework#Writing Key Result]]` when the heading is
    `## Writing Key Results`.

    **How to fix:** point the anchor at an existing heading (see the suggestion), or
    restore the heading or block id.
    """
    for resolved in ctx.links_of_kind("wikilink", "embed"):
        if resolved.anchor_found is False:
            yield _finding(resolved.page, resolved)


def _finding(page: str, resolved: ResolvedLink) -> Finding:
    target = resolved.resolution.target
    anchor = (resolved.link.anchor or "").strip()
    assert target is not None  # only resolved links have their anchors checked
    what = f"block ^{anchor[1:]}" if anchor.startswith("^") else f"heading '{anchor}'"
    where = "this page" if target.path == page else target.path
    return Finding(page, resolved.link.span, f"{what} not found on {where}", resolved.anchor_suggestion)
