"""WF504 tier-slip."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .client_data import client_span
from .context import LintContext
from .registry import Finding, rule


@rule("WF504", "tier-slip", Severity.WARNING, scope="tiers")
def tier_slip(ctx: LintContext) -> Iterator[Finding]:
    """A client whose current tier is below the highest tier it has reached.

    The highest tier is the best of `onboarding_tier`, every `tier_history` entry and
    the current tier (1 is the top). The current tier is the override when there is
    one, else the tier the basis gives. A slip from Tier 1 is flagged as an early
    warning on the tiers overview as well.

    **Why it matters:** a client that slips has changed its business or its fit with
    us; the quarterly review should look at it before it slips further or leaves.

    **Example:** `onboarding_tier: 2`, `tier_history` reaching Tier 1 in 2025-07, and
    `tier: 2` today.

    **How to fix:** it is a signal, not an error in the page: record the review's
    conclusion on the client page, and silence it for the page with
    `wikiforge: {ignore: [tier-slip]}` once acted on.
    """
    report = ctx.placed
    for client in report.clients:
        if not client.slipped:
            continue
        assert client.tier is not None and client.highest_tier is not None
        current = report.config.level(client.tier).label
        highest = report.config.level(client.highest_tier).label
        key = "tier_override" if client.override is not None else "tier"
        message = f"client is in {current}, below {highest}, the highest tier it reached"
        yield Finding(client.path, client_span(ctx.records[client.path], key), message)
