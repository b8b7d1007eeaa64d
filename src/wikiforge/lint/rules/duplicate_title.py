"""WF304 duplicate-title."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ...core.diagnostic import Severity
from ...resolve.digest import PageDigest
from .context import LintContext
from .registry import Finding, rule


@rule("WF304", "duplicate-title", Severity.WARNING, page_level=True, scope="wiki")
def duplicate_title(ctx: LintContext) -> Iterator[Finding]:
    """Two or more pages with the same title (ignoring case and extra spaces).

    Titles come from the `title` key, else a level-1 heading that opens the page and is
    its only one (a `# Installation` after a paragraph, or a `# Process` followed by
    `# Code`, is a section); pages titled only by their file name are left out, since
    their paths already tell them apart.

    **Why it matters:** indexes, search results and backlinks show two identical entries
    and readers cannot tell which one is current.

    **Example:** `wiki/knowledge/okr-framework.md` and `wiki/archive/okr-framework-2024.md`
    both titled "OKR Framework for Client Success".

    **How to fix:** retitle one page, or merge the two.
    """
    groups: dict[str, list[PageDigest]] = defaultdict(list)
    for record in ctx.digests.values():
        if record.role == "page" and record.title_is_explicit:
            groups[" ".join(record.title.casefold().split())].append(record)
    for group in groups.values():
        if len(group) < 2:
            continue
        for record in group:
            others = ", ".join(r.path for r in group if r is not record)
            message = f"title {record.title!r} is also used by {others}"
            yield Finding(record.path, record.title_span, message, key=f"title {record.title!r}")
