"""WF305 output-collision."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity, Span
from ...core.outputs import WikiOutputs
from .context import LintContext
from .registry import Finding, rule


@rule("WF305", "output-collision", Severity.ERROR, page_level=True, scope="wiki")
def output_collision(ctx: LintContext) -> Iterator[Finding]:
    """Two files that would write the same file of the built site.

    Names are compared ignoring case and Unicode normalisation, since the site may be
    built or served on a file system where `Café.md` and `café.md` (or its decomposed
    spelling) are one file.

    **Why it matters:** one page would silently overwrite the other in the published
    site; which one survives would depend on the order files were read.

    **Example:** `wiki/clients.md` and `wiki/clients/index.md` (both are the `clients/`
    page with the default pretty URLs; with `[site] urls = "files"` they are
    `clients.html` and `clients/index.html`, and do not collide), or `Acme.md` next to
    `acme.md`.

    **How to fix:** rename or merge one of the files.
    """
    outputs = WikiOutputs.of(ctx.files, ctx.config.content_dir, ctx.config.site.urls)
    for group in outputs.collisions():
        for path, output in group:
            others = ", ".join(p for p, _ in group if p != path)
            message = f"would write the same site file {output} as {others}"
            yield Finding(path, Span.point(1), message, key=f"site file {output}")
