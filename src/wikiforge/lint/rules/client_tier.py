"""WF501 client-tier."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .client_data import issue_findings
from .context import LintContext
from .registry import Finding, rule


@rule("WF501", "client-tier", Severity.ERROR, scope="tiers")
def client_tier(ctx: LintContext) -> Iterator[Finding]:
    """A client page whose tier is missing or unknown, or whose tier data cannot be read.

    Client pages are those of `type: client` (`[tiers] client_type`). Under the `manual`
    basis a client needs a `tier`; under `rank` a number in the ranked field (`retainer`
    by default); under `score` every scored field, with values the points tables know.
    Wherever a tier is written (`tier`, `tier_override`, `onboarding_tier`,
    `tier_history` entries) it must be one of the configured tiers: a number (`2`),
    `Tier 2`, or the tier's name. `tier_history` entries need an ISO `date`.

    **Why it matters:** a client without a tier is on no tier page and nobody owns its
    service level; an unknown value puts it nowhere, or in the wrong tier.

    **Example:** `tier: 4` when three tiers are configured; `tier: Strategc`;
    `growth_potential: very high` when the score knows high, medium and low;
    `tier_history: [{date: last spring, tier: 2}]`.

    **How to fix:** write a configured tier, or the missing value, as the message says.
    """
    return issue_findings(ctx, "WF501")
