"""WF502 override-reason."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .client_data import issue_findings
from .context import LintContext
from .registry import Finding, rule


@rule("WF502", "override-reason", Severity.ERROR, scope="tiers")
def override_reason(ctx: LintContext) -> Iterator[Finding]:
    """A `tier_override` without an `override_reason`.

    The override still applies; it needs its reason written next to it.

    **Why it matters:** an override holds a client in a tier its data does not give.
    Without the reason, the next quarterly review cannot tell whether it still holds,
    and the tiers overview lists an override nobody can explain.

    **Example:** `tier_override: 1` on a client whose score gives Tier 2, and no
    `override_reason`.

    **How to fix:** add `override_reason: Parent company is an active prospect` (one
    sentence a reviewer can check), or remove the override.
    """
    return issue_findings(ctx, "WF502")
