"""What a hover shows: a link's target (title, first paragraph, how many pages link to
it), or on a client page's `tier` key the client's tier card, as the site shows it."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..analysis import Analysis
from ..core.numbers import show_money, show_number
from ..resolve.links import ResolvedLink
from ..tiers.model import ClientTier
from .navigation import links_to

_FRONTMATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_SKIPPED = re.compile(r"^\s*(#|>|\||!\[\[|<!--|%%|```|~~~|---|\^)")
MAX_PARAGRAPH = 600
"""Characters of a target's first paragraph a hover shows."""


def link_hover(analysis: Analysis, resolved: ResolvedLink, text_of: Callable[[str], str]) -> str:
    """Markdown for a hover on a link; `text_of(path)` gives a file's text."""
    target = resolved.resolution.target
    if target is None:
        close = ", ".join(f"`{name}`" for name in resolved.suggestions)
        return f"**No page or file named `{resolved.link.target}`**" + (f"\n\nDid you mean {close}?" if close else "")
    record = analysis.records.get(target.path)
    if record is None:
        return f"**{target.path}** ({target.kind})"
    lines = [f"**{record.title}**", f"`{target.path}`"]
    if resolved.anchor_found is False:
        lines.append(f"No heading or block `#{resolved.link.anchor}` there.")
    paragraph = first_paragraph(text_of(target.path))
    if paragraph:
        lines.append(paragraph)
    count = len({link.page for link in links_to(analysis, target.path)})
    lines.append(f"Linked from {count} page{'s' if count != 1 else ''}.")
    return "\n\n".join(lines)


def first_paragraph(text: str) -> str:
    """The first paragraph of prose after the frontmatter (no heading, quote, table,
    embed, comment or code), joined into one line and cut at `MAX_PARAGRAPH`."""
    body = _FRONTMATTER.sub("", text, count=1)
    paragraph: list[str] = []
    fenced = False
    for line in body.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or not line.strip():
            if paragraph:
                break
            continue
        if _SKIPPED.match(line):
            if paragraph:
                break
            continue
        paragraph.append(line.strip())
    joined = " ".join(paragraph)
    return joined if len(joined) <= MAX_PARAGRAPH else joined[: MAX_PARAGRAPH - 1].rstrip() + "…"


def tier_card(analysis: Analysis, path: str) -> str | None:
    """The client's tier card in Markdown, or None for a page that is no client."""
    client = analysis.tiers.by_path.get(path)
    if client is None:
        return None
    config = analysis.tiers.config
    label = config.level(client.tier).label if client.tier is not None else "no tier"
    lines = [f"**{client.title}: {label}**"]
    if client.tier is not None:
        level = config.level(client.tier)
        served = [part for part in (level.owner, level.cadence, level.service_level) if part]
        if served:
            lines.append(" · ".join(served))
    lines += _score_lines(client)
    if client.override is not None:
        reason = client.data.override_reason or "no reason given"
        basis = f"Tier {client.basis_tier}" if client.basis_tier is not None else "no tier"
        lines.append(f"Override: served as Tier {client.override} (basis: {basis}); {reason}")
    money = show_money(client.retainer, config.currency)
    if money:
        lines.append(f"Retainer: {money}")
    if client.movement:
        lines.append(f"Since onboarding: {client.movement}")
    if client.movement_since_review:
        lines.append(f"Since the last review: {client.movement_since_review}")
    lines += [f"⚠ {issue.message}" for issue in client.issues]
    return "\n\n".join(lines)


def _score_lines(client: ClientTier) -> list[str]:
    if client.score is None:
        return []
    parts = ", ".join(f"{part.dimension} {show_number(part.points)}" for part in client.score.parts)
    return [f"Score {show_number(client.score.total)} ({parts})"]
