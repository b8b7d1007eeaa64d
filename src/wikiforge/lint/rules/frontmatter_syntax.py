"""WF301 frontmatter-syntax."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .context import LintContext
from .registry import Finding, rule


@rule("WF301", "frontmatter-syntax", Severity.ERROR)
def frontmatter_syntax(ctx: LintContext) -> Iterator[Finding]:
    """Frontmatter YAML that does not parse, is not a mapping, or repeats a key.

    The finding points at the line and column where the YAML parser gave up. YAML whose
    aliases (`*name`) repeat their anchors' values into more than 10,000 values, or
    that holds an alias inside its own anchor's value, is refused at that alias: a few
    lines of nested aliases (a "billion laughs") would otherwise exhaust memory.

    **Why it matters:** every field of the page (title, dates, tags, sources, client
    data) is lost, so the page drops out of indexes and tier pages.

    **Example:** `title: OKRs: a primer` (an unquoted colon), a tab used for
    indentation, `tags: [a, b` (unclosed), a list instead of `key: value` lines, or
    `a1: &a1 [*a0, *a0, *a0, …]` nested ten levels deep.

    **How to fix:** quote values that contain `: ` or start with `[`, `{`, `*`, `&`, `!`,
    `%` or `@`; indent with spaces; give each key once.
    """
    for record in ctx.pages:
        if record.frontmatter_error is not None:
            yield Finding(record.path, record.frontmatter_error.span, record.frontmatter_error.message)
