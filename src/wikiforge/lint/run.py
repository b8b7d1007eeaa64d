"""The lint stage: run the selected rules, apply suppressions, stamp severities.

Rules run by scope (`run_scope`): a whole run runs every scope on every page, an
incremental one the "page" rules on the pages a change reaches only. Rules that review
suppressions (WF002) run last (`finish`), once every other rule's findings have
been matched against the page's suppressions, so they can see which ones were used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..core.diagnostic import Diagnostic
from ..core.records import Suppression
from .rules import Rule, all_rules, find_rule
from .rules.context import LintContext
from .rules.registry import Finding
from .selection import RuleSelection

Used = frozenset[tuple[str, int, str]]
"""(page, suppression index, rule code) of each suppression that hid a finding."""


@dataclass(frozen=True)
class Findings:
    """What some rules reported, and which suppressions hid what else they found."""

    diagnostics: tuple[Diagnostic, ...] = ()
    used: Used = frozenset()

    def by_page(self) -> dict[str, Findings]:
        """The same findings split by the page they are on (an incremental check keeps
        each page's "page"-rule findings until an edit reaches the page)."""
        found: dict[str, list[Diagnostic]] = {}
        for diagnostic in self.diagnostics:
            found.setdefault(diagnostic.path, []).append(diagnostic)
        used: dict[str, set[tuple[str, int, str]]] = {}
        for entry in self.used:
            used.setdefault(entry[0], set()).add(entry)
        return {
            path: Findings(tuple(found.get(path, ())), frozenset(used.get(path, ())))
            for path in dict.fromkeys([*found, *used])
        }


def run_scope(ctx: LintContext, selection: RuleSelection, scope: str) -> Findings:
    """The findings of the selected rules of one scope (but those reviewing suppressions),
    with the suppressions applied."""
    used: set[tuple[str, int, str]] = set()
    found = []
    for rule in _selected(selection, scope):
        for finding in rule.check(ctx):
            if not selection.applies(rule.code, finding.path):
                continue
            hits = _suppressing(ctx.suppressions_of(finding.path), rule, finding.span.line)
            used.update((finding.path, index, rule.code) for index in hits)
            if not hits:
                found.append(_diagnostic(rule, finding, selection))
    return Findings(tuple(found), frozenset(used))


def finish(ctx: LintContext, selection: RuleSelection, parts: Iterable[Findings]) -> list[Diagnostic]:
    """The findings of every scope, then those of the rules that review suppressions
    (once every other rule's findings were matched against them), sorted."""
    parts = list(parts)
    reviewed = replace(ctx, suppressions_used=frozenset().union(*(part.used for part in parts)))
    found = [diagnostic for part in parts for diagnostic in part.diagnostics]
    for rule in (r for r in all_rules() if selection.rule_on(r.code) and r.reviews_suppressions):
        found += [_diagnostic(rule, f, selection) for f in rule.check(reviewed) if selection.applies(rule.code, f.path)]
    return sorted(found, key=lambda d: d.sort_key)


def _selected(selection: RuleSelection, scope: str) -> list[Rule]:
    return [r for r in all_rules() if r.scope == scope and selection.rule_on(r.code) and not r.reviews_suppressions]


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


def _suppressing(suppressions: tuple[Suppression, ...], rule: Rule, line: int) -> list[int]:
    """Indexes of the page's suppressions that cover a finding of `rule` at `line`.

    Codes and names are read as everywhere else (`find_rule`: any case).
    `wikiforge-disable-next-line` covers the next line; `wikiforge-disable` the rest of
    the file and findings about the page as a whole; a frontmatter `ignore` the page.
    """
    hits = []
    for index, suppression in enumerate(suppressions):
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
