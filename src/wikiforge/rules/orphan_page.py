"""WF401 orphan-page."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from ..diagnostic import Severity, Span
from .context import LintContext
from .registry import Finding, rule

_HOME_PAGES = ("index.md", "README.md")


@rule("WF401", "orphan-page", Severity.WARNING, page_level=True)
def orphan_page(ctx: LintContext) -> Iterator[Finding]:
    """A page that no other page links to or embeds.

    Links in frontmatter count; a page's links to itself do not. The home page
    (`index.md` or `README.md` at the top of the content folder) is never an orphan.

    **Why it matters:** readers only find the page through search, and nobody notices
    when it goes stale.

    **How to fix:** link it from the page that should lead to it (an index, a hub article
    or a related page), or delete it if it is no longer needed.
    """
    content = ctx.config.content_dir
    homes = {name if content == "." else posixpath.join(content, name) for name in _HOME_PAGES}
    graph = ctx.graph
    for record in ctx.pages:
        if record.path in homes or record.read_error is not None:
            continue
        linked = any(
            source != record.path and graph.nodes[source].get("kind") == "page"
            for source in graph.predecessors(record.path)
        )
        if not linked:
            yield Finding(record.path, Span.point(1), "no page links to this page")
