"""A rendered body as plain words, for full-text search (`SearchText`).

Read from the HTML the page renders to, so search sees what a reader sees: no
markup, no comments Obsidian hides, code as its text, a wikilink as its label (or its
target as written: the title it shows depends on other pages, and a page's words must
not). An embed adds nothing: its words are the embedded page's. Block-level tags and
`<br>` separate words; inline tags do not (`foo<b>bar</b>` is one word).
"""

from __future__ import annotations

import re
from html import unescape

from ...core.records import Link, RenderedBody

_PIECE = re.compile(
    r"<!--wf:([wiac])(\d+)-->"
    r"|<!--.*?-->"
    r"|<(script|style)\b[^>]*>.*?</\3\s*>"
    r'|<a class="heading-anchor"[^>]*>[^<]*</a>'
    r"|<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>",
    re.S,
)
_BREAKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_HEADING = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_ID = re.compile(r'\bid="([^"]*)"')
_SIZE = re.compile(r"^\d+(x\d+)?$")


def plain_words(body: RenderedBody, links: tuple[Link, ...]) -> tuple[list[str], list[tuple[int, int]]]:
    """The words of `body` after its leading title, and (word index, heading number)
    for each heading they hold."""
    numbers = {heading_id: number for number, heading_id in enumerate(body.heading_ids)}
    words: list[str] = []
    headings: list[tuple[int, int]] = []
    pending: list[str] = []
    html = body.html[body.lead_end :]
    last = 0
    for match in _PIECE.finditer(html):
        pending.append(html[last : match.start()])
        last = match.end()
        slot, tag = match.group(1), match.group(5)
        if slot is not None:
            pending.append(_slot_text(slot, int(match.group(2)), links))
        elif tag is not None and tag.lower() in _BREAKS:
            words += unescape("".join(pending)).split()
            pending.clear()
            found = _ID.search(match.group(6)) if tag.lower() in _HEADING and not match.group(4) else None
            if found is not None and unescape(found.group(1)) in numbers:
                headings.append((len(words), numbers[unescape(found.group(1))]))
    pending.append(html[last:])
    words += unescape("".join(pending)).split()
    return words, headings


def _slot_text(kind: str, number: int, links: tuple[Link, ...]) -> str:
    """What a link's slot reads as: a wikilink's label or target, an image's alt text."""
    if number >= len(links):
        return ""
    link = links[number]
    if kind == "w" and link.kind == "wikilink":
        if link.label:
            return link.label
        anchor = "" if (link.anchor or "").startswith("^") else (link.anchor or "").replace("#", " ")
        name = link.target.rsplit("/", 1)[-1]
        return f"{name[:-3] if name.lower().endswith('.md') else name} {anchor}".strip()
    if kind == "i" and link.label and not _SIZE.match(link.label):
        return link.label
    return ""
