"""WF401 orphan-page."""

from __future__ import annotations

from collections.abc import Iterator

from ...config.schema import Setting, Strings
from ...core.diagnostic import Severity, Span
from ...core.pathglob import path_matches
from .context import LintContext
from .registry import Finding, rule

_HOME_PAGES = ("index.md", "README.md")


EXEMPT = Setting(
    "exempt",
    Strings(),
    (),
    "pages besides the home page that need no incoming link: globs from the content folder or the project"
    ' root, such as `"*/index.md"`',
)


@rule("WF401", "orphan-page", Severity.WARNING, page_level=True, options=(EXEMPT,), scope="wiki")
def orphan_page(ctx: LintContext) -> Iterator[Finding]:
    """A page that no other page links to or embeds.

    Links in frontmatter count; a page's links to itself do not, nor do links inside
    comments. The home page (`index.md` or `README.md` at the top of the content
    folder) is never an orphan, and notes in the template folder are not pages.

    **Why it matters:** readers only find the page through search, and nobody notices
    when it goes stale.

    **Example:** `wiki/knowledge/old-process.md`, which no page mentions since the
    process page that listed it was rewritten.

    **How to fix:** link it from the page that should lead to it (an index, a hub article
    or a related page), or delete it if it is no longer needed. Pages meant to stand
    alone can be exempted in the config, besides the home page: `[rules.orphan-page]`
    `exempt = ["*/index.md", "archive/*"]` (globs from the content folder or the project
    root; `*` crosses folders).
    """
    config = ctx.config
    exempt = (*_HOME_PAGES, *EXEMPT.value_in(config.rule_table("orphan-page")))
    linked = {path for digest in ctx.digests.values() if digest.role == "page" for path in digest.reaches}
    for digest in ctx.digests.values():
        if digest.role != "page" or digest.path in linked or digest.read_error is not None:
            continue
        if not any(path_matches(p, digest.path, config.content_dir) for p in exempt):
            yield Finding(digest.path, Span.point(1), "no page links to this page")
