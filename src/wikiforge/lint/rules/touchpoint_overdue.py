"""WF508 touchpoint-overdue."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from ...core.numbers import plural
from .client_data import client_span, issue_findings
from .context import LintContext
from .registry import Finding, rule


@rule("WF508", "touchpoint-overdue", Severity.WARNING, scope="tiers")
def touchpoint_overdue(ctx: LintContext) -> Iterator[Finding]:
    """A client not met within its tier's cadence.

    Active when a tier sets `cadence_days` (14 for bi-weekly; leave it out for case by
    case). The last touchpoint is the latest of `last_contact` and the dates of
    `touchpoints: [{date, kind, note}]`; it is overdue once the day the check judges by
    (`--today`, `[tiers] as_of`, else the clock) is more than `cadence_days` plus
    `[tiers] cadence_grace_days` (3 by default) after it. A client in such a tier with no
    touchpoint at all is reported once, saying so. Also reported: a `last_contact` or a
    touchpoint that is not a date.

    **Why it matters:** the cadence is what the tier promises the client; a missed one
    is the first thing a client notices.

    **Example:** Tier 2 meets every 14 days, the last touchpoint was 2026-10-01 and the
    check judges by 2026-10-20: 19 days, past 14 + 3.

    **How to fix:** meet the client and record it under `touchpoints` (or move
    `last_contact`).
    """
    report = ctx.placed
    if not report.config.has_cadence:
        return
    yield from issue_findings(ctx, "WF508")
    grace = report.config.cadence_grace_days
    for client in report.clients:
        level = report.config.level(client.tier) if client.tier is not None else None
        if level is None or level.cadence_days is None:
            continue
        operations = client.operations
        record = ctx.records[client.path]
        every = f"{level.label} meets every {level.cadence_days} days"
        if operations.last_touchpoint is None:
            key = "touchpoints" if "touchpoints" in record.frontmatter else "type"
            message = f"client has no touchpoint recorded (`last_contact` or `touchpoints`); {every}"
            yield Finding(client.path, client_span(record, key), message)
        elif operations.overdue_days is not None:
            late = plural(report.days_past_due(client) or 0, "day")
            message = (
                f"last touchpoint {operations.last_touchpoint} is {late} past due ({operations.next_due}); "
                f"{every}, with {plural(grace, 'day')} of grace"
            )
            yield Finding(client.path, client_span(record, operations.touchpoints[-1].key), message)
