"""WF101 broken-link."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .alias_help import alias_help
from .context import LintContext
from .link_fixes import retarget
from .registry import Finding, rule


@rule("WF101", "broken-link", Severity.ERROR, fixable="unsafe")
def broken_link(ctx: LintContext) -> Iterator[Finding]:
    """A wikilink or embed whose target resolves to no page, source document or file.

    **Why it matters:** readers follow the link to nothing, and the knowledge it pointed
    at is either gone or was never written.

    **Example:** `[[client-tier-structre]]` (a typo), `[[old-page-name]]` after a rename,
    `![[chart.png]]` when the image was never added, `[[../../../etc/passwd]]` (a path
    that leaves the project: never followed, always broken).

    A link to a page's frontmatter alias is broken too (`[[OKRs]]` for a page with
    `aliases: [OKRs]`), as it is in Obsidian, which offers aliases while you type and
    then writes `[[Page|alias]]`. The message names the page with that alias (matched
    with its exact case first, then ignoring case), or every page when several carry it.
    Set `resolve_aliases = true` to make exact-case aliases resolve instead.

    **How to fix:** correct the target (the "did you mean" names the closest page), create
    the missing page, or remove the link. `--fix --unsafe-fixes` rewrites the target to
    the suggestion when it is the only close match and names exactly one file; it is
    unsafe because a close name is a guess at what the writer meant. For an alias it
    writes the link as Obsidian would: `[[OKRs]]` becomes `[[okr-framework|OKRs]]`,
    `[[OKRs#Scoring]]` becomes `[[okr-framework#Scoring|OKRs]]`, and a label already there
    is kept. There is no alias fix when several pages have the alias, or when only its
    case matches (`[[man]]` is rarely the page aliased `MAN`): then only the usual
    close-match guess may be offered, and that never targets an alias.
    """
    for resolved in ctx.links_of_kind("wikilink", "embed"):
        if resolved.resolution.target is not None or resolved.is_empty:
            continue
        link = resolved.link
        if resolved.resolution.outside:
            yield Finding(resolved.page, link.span, f"link {link.text} points outside the project")
            continue
        aliased = alias_help(resolved, ctx)
        if aliased is not None and not aliased.guessing:
            yield Finding(resolved.page, link.span, aliased.message, aliased.suggestion, aliased.fix)
            continue
        close = list(resolved.suggestions)
        suggestion = close[0] if close else None
        fix = None
        if len(close) == 1 and suggestion is not None:
            found = ctx.resolver.resolve_path(suggestion, resolved.page).target
            fix = retarget(resolved, suggestion, ctx.resolver, found, safe=False) if found else None
        message = aliased.message if aliased is not None else f"link {link.text} matches no page or file"
        yield Finding(resolved.page, link.span, message, suggestion, fix)
