"""WF505 okr-count."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from ...tiers.client import current_quarter_objectives
from .client_data import client_span, issue_findings
from .context import LintContext
from .registry import Finding, rule


@rule("WF505", "okr-count", Severity.WARNING, scope="tiers")
def okr_count(ctx: LintContext) -> Iterator[Finding]:
    """A client without about three OKR objectives this quarter.

    Also reported: `okrs` that is not a list, and objectives with no `objective` text.
    Objectives are counted in the latest `quarter` the page names (with those that name
    no quarter); all of them when none names one. The range is `[tiers] okr_objectives`,
    2 to 4 by default. Each objective is `{objective: text, quarter:, key_results: [...]}`.

    **Why it matters:** one objective leaves most of the work unmeasured; six dilute the
    quarter. A client with none has nothing to review at the quarterly review.

    **Example:** a client page with no `okrs`, or with a single objective for 2026-Q4.

    **How to fix:** agree about three objectives with the client for the quarter and
    list them under `okrs`.
    """
    yield from issue_findings(ctx, "WF505")
    low, high = ctx.placed.config.okr_objectives
    for client in ctx.placed.clients:
        if any(issue.code == "WF505" and issue.key == "okrs" for issue in client.issues):
            continue  # `okrs` is not a list: reported above, counting it says nothing more
        current = current_quarter_objectives(client.data.objectives)
        count = len(current)
        if low <= count <= high:
            continue
        quarter = next((o.quarter for o in current if o.quarter), None)
        where = f" for {quarter}" if quarter else ""
        noun = "objective" if count == 1 else "objectives"
        message = f"client has {count} OKR {noun}{where}; expected {ctx.placed.config.okr_range}"
        yield Finding(client.path, client_span(ctx.records[client.path], "okrs"), message)
