"""WF503 override-share."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from ...core.numbers import show_percent
from .client_data import client_span
from .context import LintContext
from .registry import Finding, rule


@rule("WF503", "override-share", Severity.WARNING, scope="tiers")
def override_share(ctx: LintContext) -> Iterator[Finding]:
    """More clients with a `tier_override` than the configured share of all clients.

    The limit is `[tiers] override_share`, a percentage (default 5): with 20 clients one
    override is within 5 %, two are not. The finding is reported at every override, so
    each one is a place to start; it goes away when the share is back within the limit.

    **Why it matters:** overrides are for the rare client the model cannot see; when
    they pile up, the tiers stop meaning what the model says, and the model itself needs
    fixing instead.

    **Example:** 3 of 40 clients (7.5 %) carry `tier_override`.

    **How to fix:** review the overrides at the quarterly review and remove those that
    no longer hold; if many remain, change the score or the thresholds.
    """
    report = ctx.placed
    limit = report.config.override_share
    share = report.override_share
    if share is None or share <= limit:
        return
    count, total = len(report.overrides), len(report.clients)
    message = (
        f"{count} of {total} clients ({show_percent(share)}) have a tier_override; the limit is {show_percent(limit)}"
    )
    for client in report.overrides:
        yield Finding(
            client.path, client_span(ctx.records[client.path], "tier_override"), message, key="override-share"
        )
