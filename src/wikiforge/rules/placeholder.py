"""WF201 placeholder."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Severity
from .context import LintContext
from .registry import Finding, rule


@rule("WF201", "placeholder", Severity.ERROR, options=("patterns", "extend_patterns"))
def placeholder(ctx: LintContext) -> Iterator[Finding]:
    """Placeholder text left in a page: the marks of a draft that was published too soon.

    Default patterns: `TODO`, `TBD`, `FIXME`, `XXX`, `TK` (as upper-case words),
    "lorem ipsum", an orphan reference marker such as "the [1] role" (a bracketed number
    that is neither a link nor a footnote), template leftovers `{{client_name}}` and
    `<% tp.date %>`, `[insert …]`, and Dataview's "No items found.". Text in code spans,
    code blocks, math (`$…$`, `$$…$$`), HTML comments, URLs and link targets is not prose
    and is not checked.

    **Why it matters:** readers trust a wiki page as finished; "Prepared for
    {{client_name}}" tells them it is not.

    **Example:** `This is the primary focus of the [1] role.`

    **How to fix:** write the missing text, or delete the marker. Patterns are set in the
    config: `[rules.placeholder]` `patterns = [...]` replaces the defaults,
    `extend_patterns = [...]` adds to them (Python regular expressions).
    """
    for record in ctx.pages:
        for found in record.placeholders:
            yield Finding(record.path, found.span, f"placeholder {found.text!r} ({found.kind}) left in the text")
