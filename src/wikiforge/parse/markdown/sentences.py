"""Backlink sentences: the sentence around each of a page's body links, as plain text.

A page lists the pages linking to it with the sentence each link sits in. The sentences
are made in the per-page stage, from the tokens the page was parsed into; the text of a
wikilink without a label (its target's title, which only the site knows) is left as a
slot that the site fills (`LINK_TEXT`).
"""

from __future__ import annotations

import bisect
import re

from markdown_it.token import Token

LINK_TEXT = re.compile("\ue000(\\d+)\ue001")
"""Slots in backlink sentences for the text of a wikilink (see `link_text_slot`)."""


_NO_SLOT_CHARACTERS = str.maketrans("", "", "\ue000\ue001")
"""A page's own slot characters are dropped from its sentences: it cannot forge a slot."""


def link_text_slot(number: int) -> str:
    """Where link `number`'s text goes in a plain-text sentence (private-use characters:
    never HTML, never in a page's own text in practice)."""
    return f"\ue000{number}\ue001"


_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_CONTEXT_LIMIT = 240


def link_contexts(tokens: list[Token], link_base: int, link_count: int) -> list[str]:
    """The sentence around each body link, as plain text, for backlinks."""
    contexts = [""] * link_count
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        linked = [c for c in token.children if "wf_link" in c.meta]
        if not linked:
            continue
        text, positions = _plain_text(token.children, link_base)
        sentences = _Sentences(text)
        for number, (start, end) in positions.items():
            if number < link_count:
                contexts[number] = sentences.around(start, end)
    return contexts


def _plain_text(children: list[Token], base: int) -> tuple[str, dict[int, tuple[int, int]]]:
    """The inline's text as a reader sees it, and where each link (by number) sits. A
    wikilink without a label shows its target's title, which only the site builder
    knows: it is left as a slot (`link_text_slot`) for the builder to fill."""
    parts: list[str] = []
    length = 0
    positions: dict[int, tuple[int, int]] = {}
    open_link: int | None = None
    for child in children:
        if child.type in ("text", "code_inline", "text_special"):
            piece = child.content.translate(_NO_SLOT_CHARACTERS)
        elif child.type in ("math_inline", "math_inline_double"):
            piece = child.markup + child.content + child.markup
        elif child.type == "wikilink":
            meta = child.meta
            piece = meta["label"] or link_text_slot(base + meta["wf_link"])
        elif child.type == "image":
            piece = child.content
        elif child.type in ("softbreak", "hardbreak"):
            piece = " "
        else:
            piece = ""
        if child.type == "link_open" and "wf_link" in child.meta:
            open_link = child.meta["wf_link"]
            positions[open_link] = (length, length)
        elif child.type == "link_close" and open_link is not None:
            positions[open_link] = (positions[open_link][0], length)
            open_link = None
        elif "wf_link" in child.meta:
            positions[child.meta["wf_link"]] = (length, length + len(piece))
        parts.append(piece)
        length += len(piece)
    return "".join(parts), positions


class _Sentences:
    """The sentences of one paragraph, for the links in it.

    Sentence ends are found once per paragraph and each link's sentence by bisection,
    and a sentence shared by many links is cut once: 20,000 links in one paragraph cost
    a single pass, where rescanning from the start for every link took a minute.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = [match.start() for match in _SENTENCE_END.finditer(text)]
        self._cut: dict[tuple[int, int], str] = {}

    def around(self, start: int, end: int) -> str:
        """The sentence of the text holding [start, end), cut to a readable length. A
        sentence end right before `start` starts the sentence at the link."""
        text = self.text
        if start and text[start - 1] in ".!?":
            begin = start
        else:
            before = bisect.bisect_right(self.ends, start - 2)
            begin = self.ends[before - 1] + 2 if before else 0
        after = bisect.bisect_left(self.ends, end)
        stop = self.ends[after] + 1 if after < len(self.ends) else len(text)
        found = self._cut.get((begin, stop))
        if found is None:
            found = self._cut[(begin, stop)] = _readable_cut(text[begin:stop])
        return found


def _readable_cut(text: str) -> str:
    """Whitespace runs as one space, at most `_CONTEXT_LIMIT` characters."""
    sentence = " ".join(text.split())
    if len(sentence) > _CONTEXT_LIMIT:
        cut = re.sub("\ue000\\d*$", "", sentence[: _CONTEXT_LIMIT - 1])  # never half a slot
        sentence = cut.rstrip() + "…"
    return sentence
