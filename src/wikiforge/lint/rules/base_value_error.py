"""WF607 base-value-error."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .base_issues import findings_of
from .context import LintContext
from .registry import Finding, rule


@rule("WF607", "base-value-error", Severity.WARNING, scope="bases")
def base_value_error(ctx: LintContext) -> Iterator[Finding]:
    """An expression of a base that fails for some rows.

    A type error, a wrong number of arguments, a date that does not parse: reported
    once per base and expression, at the part of it at fault, with how many rows failed.

    **Why it matters:** those cells show an error (as Obsidian shows them) and a filter
    that fails drops its row, so the base lists less than it should.

    **Example:** `price.toFixed(2)` on a page where `price: "n/a"`.

    **How to fix:** guard the expression (`if(price.isType("number"), price.toFixed(2))`)
    or correct the pages whose values are not what the base expects.
    """
    return findings_of(ctx, "value-error")
