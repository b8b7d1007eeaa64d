"""A rendered body as plain words, for full-text search (`SearchText`).

Read from the HTML the page renders to, so search sees what a reader sees: no
markup, no comments Obsidian hides, code as its text, a wikilink as its label (or its
target as written: the title it shows depends on other pages, and a page's words must
not). An embed adds nothing: its words are the embedded page's. Block-level tags and
`<br>` separate words; inline tags do not (`foo<b>bar</b>` is one word).
"""

from __future__ import annotations

import re
from html import escape, unescape

from ...core.records import Link, RenderedBody

_DROPPED = re.compile(
    r"<!--(?!wf:[wiac]\d+-->)(?:[^-]|-(?!->))*+(?:-->|\Z)"
    r"|<(script|style)\b[^<>]*>(?:[^<]|<(?!/\1))*+(?:</\1\s*>|\Z)"
    r'|<a class="heading-anchor"[^<>]*>[^<]*</a>',
    re.S,
)
"""Comments (but our slots), scripts and styles, and headings' `#` permalinks. An
unclosed comment hides the rest, as in a browser; no pattern here backtracks, so a page
of 20,000 unclosed `<!--` costs one pass, not 20,000."""
_SLOT = re.compile(r"<!--wf:([wiac])(\d+)-->")
_HEADING = re.compile(r'<h[1-6]\b[^<>]*\bid="([^"<>]*)"[^<>]*>')
_BREAK = re.compile(
    r"</?(?:address|article|aside|blockquote|br|dd|details|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li"
    r"|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)\b[^<>]*>",
    re.I,
)
_TAG = re.compile(r"<[^<>]*>")
_MARK = re.compile("\x00(\\d+)\x00")
"""Where a heading starts, put in the text while tags go (a page's text holds no NUL)."""
_SIZE = re.compile(r"^\d+(x\d+)?$")


def plain_words(body: RenderedBody, links: tuple[Link, ...]) -> tuple[list[str], list[tuple[int, int]]]:
    """The words of `body` after its leading title, and (word index, heading number)
    for each heading they hold. Whole-text substitutions, not a loop over tags: this
    runs for every page of a build."""
    numbers = {heading_id: number for number, heading_id in enumerate(body.heading_ids)}

    def heading(match: re.Match[str]) -> str:
        number = numbers.get(unescape(match.group(1)))
        return f" \x00{number}\x00 " if number is not None else " "

    html = _DROPPED.sub("", body.html[body.lead_end :])
    html = _SLOT.sub(lambda match: escape(_slot_text(match.group(1), int(match.group(2)), links)), html)
    text = unescape(_TAG.sub("", _BREAK.sub(" ", _HEADING.sub(heading, html))))
    pieces = _MARK.split(text)
    words: list[str] = pieces[0].split()
    headings: list[tuple[int, int]] = []
    for at in range(1, len(pieces), 2):
        headings.append((len(words), int(pieces[at])))
        words += pieces[at + 1].split()
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
