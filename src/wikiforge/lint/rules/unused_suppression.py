"""WF002 unused-suppression."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from ...core.records import Suppression
from .context import LintContext
from .registry import Finding, find_rule, rule, rule_hint

_SELF = "WF002"


@rule("WF002", "unused-suppression", Severity.WARNING, reviews_suppressions=True, scope="wiki")
def unused_suppression(ctx: LintContext) -> Iterator[Finding]:
    """A suppression that hides nothing, or names a rule that does not exist.

    Covers `<!-- wikiforge-disable-next-line CODE -->`, `<!-- wikiforge-disable CODE -->`
    and the frontmatter key `wikiforge: {ignore: [CODE]}`. Each code of a suppression is
    judged on its own; a code whose rule is switched off for the page (by `select`,
    `ignore` or `per-file-ignores`) is not reported, since it cannot be judged.

    **Why it matters:** a suppression outlives the problem it hid; left in place, it will
    silently hide the next, real problem of that kind.

    **Example:** `<!-- wikiforge-disable-next-line WF101 -->` above a line whose broken
    link has since been fixed; `ignore: [WF104]` typed for WF401.

    **How to fix:** delete the suppression, or the code that no longer applies.
    """
    used_at = {(path, index) for path, index, _ in ctx.suppressions_used}
    for path, suppressions in ctx.suppressions():
        for index, suppression in enumerate(suppressions):
            if not suppression.codes:
                if (path, index) not in used_at:
                    yield Finding(path, suppression.span, f"{_written(suppression)} suppresses nothing")
                continue
            for message in _unused_codes(ctx, path, index, suppression):
                yield Finding(path, suppression.span, message)


def _unused_codes(ctx: LintContext, path: str, index: int, suppression: Suppression) -> Iterator[str]:
    written = _written(suppression)
    for code in suppression.codes:
        found = find_rule(code)
        if found is None:
            yield f"{written} names no rule {code!r}{rule_hint(code)}"
        elif (
            found.code != _SELF
            and ctx.applies(found.code, path)
            and (path, index, found.code) not in ctx.suppressions_used
        ):
            yield f"{written}: no {found.code} ({found.name}) finding to suppress"


def _written(suppression: Suppression) -> str:
    codes = " ".join(suppression.codes)
    if suppression.scope == "file":
        return f"frontmatter `ignore: {codes}`"
    directive = "disable-next-line" if suppression.scope == "next-line" else "disable"
    return f"`wikiforge-{directive}{' ' + codes if codes else ''}`"
