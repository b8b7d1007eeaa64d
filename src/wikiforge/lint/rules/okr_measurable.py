"""WF506 okr-measurable."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .client_data import client_span, issue_findings
from .context import LintContext
from .registry import Finding, rule


@rule("WF506", "okr-measurable", Severity.WARNING, scope="tiers")
def okr_measurable(ctx: LintContext) -> Iterator[Finding]:
    """A key result with no number to measure it by, or an unreadable one.

    A key result is measurable when its text holds a number ("Increase phone call
    answer rate by 50%") or it gives a `target:`. In the mapping form
    `{text:, target:, progress:}`, `progress` is from 0 to 1 or a percentage.

    **Why it matters:** a key result without a number cannot be met or missed, so the
    quarterly review cannot tell how the objective went.

    **Example:** `- Improve the website`, `- Better reporting`.

    **How to fix:** say how much and by when: `- Raise website conversion from 1.8% to
    2.5% by December`.
    """
    yield from issue_findings(ctx, "WF506")
    for client in ctx.placed.clients:
        record = ctx.records[client.path]
        for objective in client.data.objectives:
            for result in objective.key_results:
                if not result.measurable:
                    message = f"key result {result.text!r} has no number to measure it by"
                    yield Finding(client.path, client_span(record, result.key), message)
