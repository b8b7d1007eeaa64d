"""Findings from the problems found while reading client pages' tier data.

The tier model (`tiers.client`, `tiers.basis`) reads every client page once and notes
each problem with the rule code it belongs to; the tier rules report their own.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Span
from ...core.records import PageRecord
from .context import LintContext
from .registry import Finding


def issue_findings(ctx: LintContext, code: str) -> Iterator[Finding]:
    """A finding for every noted problem with rule `code`, at the key it is about."""
    for client in ctx.placed.clients:
        record = ctx.records[client.path]
        for issue in client.issues:
            if issue.code == code:
                yield Finding(client.path, client_span(record, issue.key), issue.message, issue.suggestion)


def client_span(record: PageRecord, key: str) -> Span:
    """Where a finding about `key` goes: the key when the page writes it, else the
    `type: client` line, which is what makes the page a client (better than line 1)."""
    if key.split(".", 1)[0] in record.field_spans:
        return record.field_span(key)
    return record.field_span("type")
