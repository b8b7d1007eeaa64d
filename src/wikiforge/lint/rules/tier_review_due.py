"""WF509 tier-review-due."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from ...tiers.operations import period_start
from .client_data import client_span, issue_findings
from .context import LintContext
from .registry import Finding, rule


@rule("WF509", "tier-review-due", Severity.WARNING, scope="tiers")
def tier_review_due(ctx: LintContext) -> Iterator[Finding]:
    """A client whose tier was not reviewed this period, or an override not re-confirmed.

    Active when `[tiers] review_every` is set ("quarter", or "month" or "year"). A
    client's last review is its latest `tier_history` date or its `tier_reviewed` date;
    it is due when that is before the current period began (2026-10-01 for any day of
    2026-Q4), as of the day the check judges by (`--today`, `[tiers] as_of`, else the
    clock). A client held by `tier_override` is due too when its `override_reviewed`
    date is before the period began, or missing. Also reported: those dates when they
    are not dates.

    **Why it matters:** the quarterly review re-scores every account and re-confirms
    every override; one left out keeps a tier nobody chose this quarter.

    **Example:** `review_every = "quarter"`, the check judging by 2026-11-20, and a
    client whose last `tier_history` entry is dated 2026-09-30.

    **How to fix:** review the client and add a `tier_history` entry (or set
    `tier_reviewed`); for an override, set `override_reviewed` when it is re-confirmed.
    """
    report = ctx.placed
    period = report.config.review_every
    if period is None:
        return
    yield from issue_findings(ctx, "WF509")
    start = period_start(report.as_of, period).isoformat()
    for client in report.clients:
        operations, record = client.operations, ctx.records[client.path]
        if operations.review_due:
            last = operations.last_review
            said = f"last reviewed {last}" if last else "never reviewed (no `tier_history` entry or `tier_reviewed`)"
            key = "tier_reviewed" if "tier_reviewed" in record.frontmatter else "tier_history"
            message = f"tier {said}; this {period}'s review is due (the {period} began {start})"
            yield Finding(client.path, client_span(record, key), message)
        if operations.override_due:
            last = operations.override_reviewed
            said = f"last re-confirmed {last}" if last else "never re-confirmed (no `override_reviewed`)"
            key = "override_reviewed" if "override_reviewed" in record.frontmatter else "tier_override"
            message = f"`tier_override` {said}; re-confirm it this {period} (the {period} began {start})"
            yield Finding(client.path, client_span(record, key), message)
