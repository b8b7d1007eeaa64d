"""The lint stage: run every rule over the context and apply inline suppressions."""

from __future__ import annotations

from .diagnostic import Diagnostic
from .records import PageRecord
from .rules import Rule, all_rules
from .rules.context import LintContext


def lint(ctx: LintContext) -> list[Diagnostic]:
    """Every finding of every rule, suppressions applied, sorted by path and position."""
    found = []
    for rule in all_rules():
        for finding in rule.check(ctx):
            record = ctx.records.get(finding.path)
            if record is not None and _suppressed(record, rule, finding.span.line):
                continue
            found.append(
                Diagnostic(
                    finding.path, finding.span, rule.code, rule.name, rule.severity, finding.message, finding.suggestion
                )
            )
    return sorted(found, key=lambda d: d.sort_key)


def _suppressed(record: PageRecord, rule: Rule, line: int) -> bool:
    """`<!-- wikiforge-disable-next-line CODE -->` covers the next line;
    `<!-- wikiforge-disable CODE -->` the rest of the file, and page-level findings."""
    for suppression in record.suppressions:
        if suppression.codes and rule.code not in suppression.codes and rule.name not in suppression.codes:
            continue
        if suppression.scope == "next-line" and line == suppression.line:
            return True
        if suppression.scope == "rest" and (line >= suppression.line or rule.page_level):
            return True
    return False
