"""WF601 base-syntax."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .base_issues import findings_of
from .context import LintContext
from .registry import Finding, rule


@rule("WF601", "base-syntax", Severity.ERROR, scope="bases")
def base_syntax(ctx: LintContext) -> Iterator[Finding]:
    """A base whose YAML, or an expression in it, does not parse.

    A `.base` file or a ```` ```base ```` block that is not valid YAML, or a filter,
    formula or summary that is not a valid expression, at the line and column where it
    breaks.

    **Why it matters:** Obsidian shows an invalid base as an error or, for a filter or
    formula that does not parse, leaves its rows or its column empty with no word as to
    why; the site shows the same base with the error in place of what it should list.

    **Example:** `formulas: {total: 'price * (1 + tax'}` (no closing parenthesis), or a
    tab where YAML wants spaces.

    **How to fix:** write the expression or the YAML as the message says; quote an
    expression that holds `:` or starts with a quote, `[` or `{`, as YAML needs.
    """
    return findings_of(ctx, "syntax")
