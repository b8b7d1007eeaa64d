"""WF603 unknown-function."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .base_issues import findings_of
from .context import LintContext
from .registry import Finding, rule


@rule("WF603", "unknown-function", Severity.ERROR, scope="bases")
def unknown_function(ctx: LintContext) -> Iterator[Finding]:
    """A function, method or summary that Bases does not have.

    A base calling a function or method no type has, or a view asking for a summary
    that is neither a default one nor defined in the base, with the closest name that
    exists.

    **Why it matters:** each row's cell shows an error, or a filter keeps no row, and
    nothing says that the name was misspelt.

    **Example:** `file.hasTags("client")` (the method is `hasTag`), `price.tofixed(2)`,
    or `summaries: {price: Total}` with no summary `Total`.

    **How to fix:** use the name the message suggests; the functions are listed in
    Obsidian's help, Bases › Functions, and custom summaries go in the base's own
    `summaries` section.
    """
    return findings_of(ctx, "unknown-function")
