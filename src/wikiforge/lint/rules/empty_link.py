"""WF202 empty-link."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .context import LintContext
from .registry import Finding, rule


@rule("WF202", "empty-link", Severity.ERROR)
def empty_link(ctx: LintContext) -> Iterator[Finding]:
    """A link with nothing to point at: `[[]]`, `[[|label]]`, `[[#]]`, `[text]()`.

    **Why it matters:** it renders as a link that goes nowhere; usually the target was
    meant to be filled in later.

    **Example:** `See [[]] for the escalation path.`

    **How to fix:** add the target, or remove the brackets.
    """
    for resolved in ctx.links:
        if resolved.is_empty:
            yield Finding(resolved.page, resolved.link.span, f"empty link {resolved.link.text}")
