"""WF510 okr-stale."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from ...tiers.operations import quarter_of
from .client_data import client_span
from .context import LintContext
from .registry import Finding, rule


@rule("WF510", "okr-stale", Severity.INFO, scope="tiers")
def okr_stale(ctx: LintContext) -> Iterator[Finding]:
    """A client whose OKRs for this quarter show no progress after its first month.

    Active when `[tiers] review_every` is set. This quarter is the one of the day the
    check judges by (`--today`, `[tiers] as_of`, else the clock); its objectives are
    those whose `quarter` names it, with those that name no quarter. Reported when there
    is at least one and no key result of any of them gives a `progress`, once the
    quarter's first month is over (from 2026-11-01 in 2026-Q4).

    **Why it matters:** OKRs are reviewed monthly against the work; a quarter with no
    progress recorded is either not worked on or not followed up.

    **Example:** on 2026-11-20, three 2026-Q4 objectives whose key results have no
    `progress`.

    **How to fix:** record each key result's `progress` (0 to 1, or a percentage) at the
    monthly review.
    """
    report = ctx.placed
    if report.config.review_every is None:
        return
    year, quarter = quarter_of(report.as_of)
    for client in report.clients:
        if client.operations.okr_stale:
            message = f"no key result of the client's {year}-Q{quarter} objectives has a `progress` yet"
            yield Finding(client.path, client_span(ctx.records[client.path], "okrs"), message)
