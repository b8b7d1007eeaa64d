"""WF604 unknown-property."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .base_issues import findings_of
from .context import LintContext
from .registry import Finding, rule


@rule("WF604", "unknown-property", Severity.WARNING, scope="bases")
def unknown_property(ctx: LintContext) -> Iterator[Finding]:
    """A note property that no page of the project has.

    A base reading a property that no page has in its frontmatter (a `file.*` field
    and a formula are not note properties).

    **Why it matters:** a property no page has is always empty, so a filter on it keeps
    nothing (or everything) and a column stays blank; most often it is a misspelling.

    **Example:** `filters: 'stauts == "active"'` when pages say `status`.

    **How to fix:** use the property's name as pages write it (the message suggests the
    closest one); a property the pages will have later can be ignored with a
    `per_file_ignores` entry for the base.
    """
    return findings_of(ctx, "unknown-property")
