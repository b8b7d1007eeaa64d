"""WF507 owner-capacity."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from ...core.numbers import show_number
from ...tiers.owners import coverage, has_capacity, page_resolver
from .client_data import client_span, issue_findings
from .context import LintContext
from .registry import Finding, rule


@rule("WF507", "owner-capacity", Severity.WARNING, scope="tiers")
def owner_capacity(ctx: LintContext) -> Iterator[Finding]:
    """An account owner carrying more accounts than their capacity.

    Active when a tier sets `max_accounts_per_owner` (or `account_weight`, the share of
    one owner's capacity an account takes). A client's owners are its `owner` (a name, a
    `[[person]]` link, or a list), else its tier's default `owner`; each account takes
    its tier's share, and an owner over 100 % is reported once, at the `owner` of the
    account that took them over, with their load by tier. Also reported: an `owner`
    (or role) that is neither a name nor a link.

    **Why it matters:** an owner past capacity misses cadences and reviews first on the
    accounts that need them most.

    **Example:** `max_accounts_per_owner = 15` for Tier 1 and a strategist who owns 16
    Tier 1 accounts.

    **How to fix:** move an account to another owner, or change the tier's capacity if
    the team's agreement changed.
    """
    report = ctx.placed
    if not has_capacity(report):
        return
    yield from issue_findings(ctx, "WF507")
    for owner in coverage(report, page_resolver(ctx.resolver)):
        if owner.tipping is None or owner.load is None:
            continue
        parts = []
        for level in report.config.levels:
            count = sum(1 for client in owner.owned if client.tier == level.number)
            if count and level.account_weight is not None:
                parts.append(f"{count} in {level.label}")
        load = show_number(round(owner.load))
        page = ctx.digests.get(owner.page) if owner.page is not None else None
        name = page.title if page is not None else owner.person.name
        message = f"owner {name} carries {', '.join(parts)}: {load}% of one owner's capacity"
        record = ctx.records[owner.tipping.path]
        key = "owner" if "owner" in record.frontmatter else "type"
        yield Finding(owner.tipping.path, client_span(record, key), message)
