"""What WF101 says about a broken `[[alias]]`.

Obsidian does not resolve frontmatter `aliases`: it offers them while typing and then
writes `[[Page|alias]]`. So with `resolve_aliases` off (the default), a link naming an
alias is broken, and the useful help is the page that carries the alias and the link
Obsidian would have written. The unsafe fix writes exactly that, keeping the alias as
the label so the text reads the same. It is offered only for an alias spelt with its
exact case and carried by one page: a case-folded match is how `[[man]]` once landed on
the page aliased `MAN`, so it is named in the message but never written.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.diagnostic import Fix
from ...resolve.links import ResolvedLink
from ...resolve.resolver import Target, normal_name
from .context import LintContext
from .link_fixes import retarget, shortest_name


@dataclass(frozen=True, slots=True)
class AliasHelp:
    """The message, "did you mean" and fix for a broken link that names an alias.

    `guessing` says whether WF101 may still add its close-match suggestion and fix: only
    when the alias matched ignoring case, which is too weak a sign of the page meant.
    """

    message: str
    suggestion: str | None = None
    fix: Fix | None = None
    guessing: bool = False


def alias_help(resolved: ResolvedLink, ctx: LintContext) -> AliasHelp | None:
    """Help for a broken wikilink or embed whose target is some page's alias, else None."""
    link, resolver = resolved.link, ctx.resolver
    owners, case_ignored = resolver.alias_owners(link.target)
    if not owners:
        return None
    broken = f"link {link.text} matches no page or file"
    if len(owners) > 1:
        names = ", ".join(owners)
        return AliasHelp(f"{broken}; {len(owners)} pages have the alias {link.target!r} ({names}): link one by name")
    owner = owners[0]
    if case_ignored:
        record = ctx.digests.get(owner)
        written = normal_name(link.target).casefold()
        spelt = next((a for a in (record.aliases if record else ()) if normal_name(a).casefold() == written), None)
        message = f"{broken}; {owner} has the alias {spelt!r} in another case, and aliases never match ignoring case"
        return AliasHelp(message, guessing=True)
    message = f"{broken}; {link.target!r} is an alias of {owner}, and aliases are not link targets"
    want = Target(owner, "page")
    name = shortest_name(resolver, resolved.page, want)
    if name is None:
        return AliasHelp(message)
    label = None if link.label is not None or link.kind == "embed" else link.target
    anchor = f"#{link.anchor}" if link.anchor is not None else ""
    shown = link.label if link.label is not None else label
    suggestion = name + anchor + (f"|{shown}" if shown is not None else "")
    return AliasHelp(message, suggestion, retarget(resolved, name, resolver, want, safe=False, label=label))
