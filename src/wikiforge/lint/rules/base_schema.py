"""WF602 base-schema."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .base_issues import findings_of
from .context import LintContext
from .registry import Finding, rule


@rule("WF602", "base-schema", Severity.WARNING, scope="bases")
def base_schema(ctx: LintContext) -> Iterator[Finding]:
    """A base key or value of a shape Obsidian does not read.

    The YAML parses, but a key is one Obsidian does not know (`filter:` for `filters:`),
    a view is not a mapping, a `sort` has no property, a limit is not a whole number. A
    view's own settings (`columnSize`, `cardSize`, a map's coordinates) are left alone
    unless they are close to a key Obsidian reads.

    **Why it matters:** Obsidian ignores what it does not know, so a misspelt key
    silently drops a filter or a sort and the base lists more, or in another order, than
    its author meant.

    **Example:** `views: [{type: table, filtres: 'status == "open"'}]`.

    **How to fix:** use the key the message suggests; the keys are those of Obsidian's
    Bases syntax (`filters`, `formulas`, `properties`, `summaries`, `views`, and in a
    view `type`, `name`, `filters`, `order`, `sort`, `groupBy`, `limit`, `summaries`,
    `image`).
    """
    return findings_of(ctx, "schema")
