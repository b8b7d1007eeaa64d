"""Fixes that rewrite a link's target, shared by the link rules.

A fix is only offered when the rewritten target resolves, from the same page, to
exactly one file without ignoring case: `--fix` must never trade one finding for another.
"""

from __future__ import annotations

from ..diagnostic import Fix
from ..linking import ResolvedLink
from ..resolve import Resolver, Target, normal_name


def retarget(resolved: ResolvedLink, new: str, resolver: Resolver, want: Target, safe: bool = True) -> Fix | None:
    """A fix changing the link's target to `new` if that reaches `want` cleanly."""
    link = resolved.link
    if link.kind == "markdown" or not link.target or new == link.target:
        return None
    check = resolver.resolve_path(new, resolved.page)
    if check.target != want or check.ambiguous or check.case_mismatch:
        return None
    return Fix(link.span, link.target, new, safe)


def exact_spelling(written: str, target: Target, aliases: tuple[str, ...]) -> str | None:
    """`written` spelt as the file path (same number of trailing segments) or alias is.

    `Client-Tier-Structure` for `wiki/knowledge/client-tier-structure.md` gives
    `client-tier-structure`; an alias match gives the alias as the page writes it.
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
    return next((alias for alias in aliases if _folded(alias) == _folded(written)), None)


def _folded(text: str) -> str:
    """The resolver's case-ignoring key, so "differs only in case" means what it does there."""
    return normal_name(text).casefold()
