"""WF306 active-file."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity, Span
from ...core.outputs import is_active
from .context import LintContext
from .registry import Finding, rule


@rule("WF306", "active-file", Severity.WARNING, page_level=True, scope="wiki")
def active_file(ctx: LintContext) -> Iterator[Finding]:
    """An HTML, XML or JavaScript file in the wiki or `raw/`, which the site does not publish.

    The file types a browser runs as a page or a script: `.html`, `.htm`, `.xhtml`,
    `.xht`, `.shtml`, `.xml`, `.xsl`, `.xslt`, `.js` and `.mjs`. They are not published
    unless `[site] trust_html = true`. A link or embed that reaches one shows its text
    marked "(not published)" instead of leading to it. SVG images are published, with
    their scripts, event handlers, `javascript:` and `data:` links and `foreignObject`
    removed.

    **Why it matters:** a browser runs the script in such a file with the site's own
    origin, as if the site had written it: anyone who can add a file to the wiki (a
    pull request, a shared vault) could act for every reader of the site.

    **Example:** `wiki/demo/widget.html` attached beside the page that links to it, or
    `raw/export.xml` holding XHTML.

    **How to fix:** link to the file where it is hosted, attach a screenshot or a PDF
    instead, or, when everyone who writes to the wiki is trusted, set
    `[site] trust_html = true` (which also keeps HTML in pages unsanitised).
    """
    if ctx.config.site.trust_html:
        return
    for path in (*ctx.files.attachments, *ctx.files.sources):
        if is_active(path):
            message = "not published: a browser would run it as a page or script of the site"
            yield Finding(path, Span.point(1), message, key="active file")
