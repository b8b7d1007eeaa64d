"""WF606 undefined-reference."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .base_issues import findings_of
from .context import LintContext
from .registry import Finding, rule


@rule("WF606", "undefined-reference", Severity.ERROR, scope="bases")
def undefined_reference(ctx: LintContext) -> Iterator[Finding]:
    """A formula, or a property of `this`, that is not there.

    A base reading a formula it does not define (`formula.x`), or a property of `this`
    that the file it is shown in does not have.

    `this` is the `.base` file itself on its own page (which has no properties), the
    page holding a ```` ```base ```` block, and each page embedding the base with
    `![[x.base]]`; the finding names the page that lacks the property.

    **Why it matters:** the value is always empty, so the filter or column built on it
    shows nothing.

    **Example:** `order: [formula.total]` with no formula `total`; `file.hasLink(this.client)`
    embedded in a page with no `client` property.

    **How to fix:** define the formula, or give the embedding page the property (or
    embed the base only where it makes sense).
    """
    return findings_of(ctx, "undefined-reference")
