"""WF605 formula-cycle."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .base_issues import findings_of
from .context import LintContext
from .registry import Finding, rule


@rule("WF605", "formula-cycle", Severity.ERROR, scope="bases")
def formula_cycle(ctx: LintContext) -> Iterator[Finding]:
    """Formulas of a base that read each other in a circle.

    Reported once per cycle, at its first formula, with the cycle spelt out.

    **Why it matters:** no formula of the cycle has a value; every cell of theirs is an
    error.

    **Example:** `formulas: {a: 'formula.b + 1', b: 'formula.a * 2'}`.

    **How to fix:** compute one of them from properties alone.
    """
    return findings_of(ctx, "formula-cycle")
