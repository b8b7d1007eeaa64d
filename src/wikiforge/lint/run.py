"""The lint stage: run the selected rules, apply suppressions, stamp severities.

Rules that review suppressions (WF002) run last, once every other rule's findings have
been matched against the page's suppressions, so they can see which ones were used.
"""

from __future__ import annotations

from dataclasses import replace

from ..core.diagnostic import Diagnostic
from ..core.records import PageRecord
from .rules import Rule, all_rules, find_rule
from .rules.context import LintContext
from .rules.registry import Finding
from .selection import RuleSelection


def lint(ctx: LintContext, selection: RuleSelection) -> list[Diagnostic]:
    """Every reported finding of every selected rule, sorted by path and position."""
    used: set[tuple[str, int, str]] = set()
    found = []
    rules = [r for r in all_rules() if selection.rule_on(r.code)]
    for rule in (r for r in rules if not r.reviews_suppressions):
        for finding in rule.check(ctx):
            if not selection.applies(rule.code, finding.path):
                continue
            record = ctx.records.get(finding.path)
            hits = _suppressing(record, rule, finding.span.line) if record is not None else []
            used.update((finding.path, index, rule.code) for index in hits)
            if not hits:
                found.append(_diagnostic(rule, finding, selection))
    reviewed = replace(ctx, suppressions_used=frozenset(used))
    for rule in (r for r in rules if r.reviews_suppressions):
        found += [_diagnostic(rule, f, selection) for f in rule.check(reviewed) if selection.applies(rule.code, f.path)]
    return sorted(found, key=lambda d: d.sort_key)


def _diagnostic(rule: Rule, finding: Finding, selection: RuleSelection) -> Diagnostic:
    return Diagnostic(
        finding.path,
        finding.span,
        rule.code,
        rule.name,
        selection.severity(rule),
        finding.message,
        finding.suggestion,
        finding.fix,
        finding.key,
        rule.page_level,
    )


def _suppressing(record: PageRecord, rule: Rule, line: int) -> list[int]:
    """Indexes of the page's suppressions that cover a finding of `rule` at `line`.

    Codes and names are read as everywhere else (`find_rule`: any case).
    `wikiforge-disable-next-line` covers the next line; `wikiforge-disable` the rest of
    the file and findings about the page as a whole; a frontmatter `ignore` the page.
    """
    hits = []
    for index, suppression in enumerate(record.suppressions):
        if suppression.codes and not any(_names(code, rule) for code in suppression.codes):
            continue
        if (
            suppression.scope == "file"
            or (suppression.scope == "next-line" and line == suppression.line)
            or (suppression.scope == "rest" and (line >= suppression.line or rule.page_level))
        ):
            hits.append(index)
    return hits


def _names(written: str, rule: Rule) -> bool:
    found = find_rule(written)
    return found is not None and found.code == rule.code
