"""Fixes that rewrite a link's target, shared by the link rules.

A fix is only offered when the rewritten target resolves, from the same page, to
exactly one file without ignoring case: `--fix` must never trade one finding for another.
No fix spells a target as a frontmatter alias: Obsidian does not resolve aliases, so a
link "fixed" to one would break in the editor (or, ignoring case, reach another page).
"""

from __future__ import annotations

from ...core.diagnostic import Fix
from ...resolve.links import ResolvedLink
from ...resolve.resolver import Resolver, Target, normal_name


def retarget(
    resolved: ResolvedLink,
    new: str,
    resolver: Resolver,
    want: Target,
    safe: bool = True,
    label: str | None = None,
) -> Fix | None:
    """A fix changing the link's target to `new` (and adding `label`, if given) if that
    reaches `want` cleanly."""
    link = resolved.link
    if link.kind == "markdown" or not link.target or new == link.target:
        return None
    if not reaches(resolver, new, resolved.page, want):
        return None
    return Fix(link.span, link.target, new, safe, label)


def reaches(resolver: Resolver, written: str, page: str, want: Target) -> bool:
    """Whether `written`, linked from `page`, resolves to `want` alone with its exact case."""
    check = resolver.resolve_path(written, page)
    return check.target == want and not check.ambiguous and not check.case_mismatch


def shortest_name(resolver: Resolver, page: str, want: Target) -> str | None:
    """The shortest name that reaches page `want` cleanly from `page`: its bare name, else
    ever longer path suffixes, as Obsidian writes a new link. None if nothing does."""
    parts = want.path.removesuffix(".md").split("/")
    for start in range(len(parts) - 1, -1, -1):
        name = "/".join(parts[start:])
        if reaches(resolver, name, page, want):
            return name
    return None


def exact_spelling(written: str, target: Target) -> str | None:
    """`written` spelt as the file path is (same number of trailing segments), or None.

    `Client-Tier-Structure` for `wiki/knowledge/client-tier-structure.md` gives
    `client-tier-structure`. Never an alias: see the module docstring.
    """
    lead = "/" if written.startswith("/") else ""
    body = written.removeprefix("/")
    suffix = body[-3:] if body.casefold().endswith(".md") and target.path.endswith(".md") else ""
    parts = body[: len(body) - len(suffix)].split("/")
    path_parts = target.path.removesuffix(".md" if suffix or target.kind != "attachment" else "").split("/")
    if len(parts) <= len(path_parts):
        candidate = path_parts[len(path_parts) - len(parts) :]
        if all(_folded(a) == _folded(b) for a, b in zip(parts, candidate, strict=True)):
            return lead + "/".join(candidate) + suffix
    return None


def _folded(text: str) -> str:
    """The resolver's case-ignoring key, so "differs only in case" means what it does there."""
    return normal_name(text).casefold()
