"""Heading and block-id lookup for `#Heading`, `#H1#H2` and `#^block` anchors.

A heading matches by its plain text, its text as written (`_definition:_ group`, which
is what Obsidian links by) or its slug, ignoring case and runs of spaces. The
punctuation Obsidian turns into spaces when it writes or follows a heading link
(``! " # $ % & ( ) * + , . : ; < = > ? @ ^ ` { | } ~ / [ ] \\``) counts as spaces, so
`[[page#Step 1 Setup]]` finds `## Step 1: Setup` and `[[page#D D WOTC]]` finds
`###### D&D WOTC`, as they do in Obsidian.
"""

from __future__ import annotations

import bisect
import heapq
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Protocol

from ..core.records import Anchors
from ..core.suggest import close_matches
from ..parse.markdown.slugs import slugify

SUGGESTION_BUDGET = 10_000_000
"""Comparisons "did you mean" may make on one page's headings in one run (about a
second of rapidfuzz)."""
_OBSIDIAN_DROPPED = re.compile(r"[!\"#$%&()*+,.:;<=>?@^`{|}~/\[\]\\]")


@lru_cache(maxsize=1 << 16)
def _forms(text: str) -> frozenset[str]:
    """Every form a heading's text is found by (remembered: a page's headings are formed
    once for its table, and the anchors linking them are mostly the same strings)."""
    text = unicodedata.normalize("NFC", text)
    plain = " ".join(text.casefold().split())
    loose = " ".join(_OBSIDIAN_DROPPED.sub(" ", plain).split())
    return frozenset((plain, loose, slugify(text), slugify(loose)))


class Anchored(Protocol):
    """What anchors are found in: a page's record, or its digest between runs."""

    @property
    def anchors(self) -> Anchors: ...


class AnchorTable:
    """The headings (in order, with levels) and block ids of one page.

    Headings are indexed by every form of their text, and each heading knows where its
    section ends, so finding an anchor costs a few lookups however many headings the
    page has; a scan per link made a page of 30,000 headings linked by anchor quadratic.
    """

    def __init__(self, anchors: Anchors) -> None:
        headings, block_ids = anchors
        self._levels = [level for level, _, _ in headings]
        self._texts = [text for _, text, _ in headings]
        self._by_form: dict[str, list[int]] = {}
        for index, (_, text, source) in enumerate(headings):
            forms = _forms(text)
            if source != text:
                forms |= _forms(source)
            for form in forms:
                self._by_form.setdefault(form, []).append(index)
        self._section_ends = _section_ends(self._levels)
        self._blocks = {block.casefold(): block for block in block_ids}
        self._found: dict[str, int | str | None] = {}
        self._suggestions: dict[str, str | None] = {}
        self._heading_texts: dict[str, str] | None = None
        self._heading_choices: list[str] = []
        self._compared = 0

    def find(self, anchor: str) -> int | str | None:
        """Where `anchor` (the text after the link's first `#`) points on the page: a
        heading's index, a block id as the page declares it, "" for the page itself (a
        `#` with no text), or None when it is not there."""
        if anchor.startswith("^"):
            return self._blocks.get(anchor[1:].casefold())
        if anchor not in self._found:
            parts = [p for p in anchor.split("#") if p.strip()]
            self._found[anchor] = self._nested(parts, 0, len(self._levels), 0) if parts else ""
        return self._found[anchor]

    def suggest(self, anchor: str) -> str | None:
        """The closest heading text or block id, for a "did you mean" (once per anchor).

        Each search compares the anchor with every heading (or block id) of the page;
        once a page has had `SUGGESTION_BUDGET` comparisons, its further broken anchors
        get no suggestion, so thousands of different broken anchors into a page of
        thousands of headings cost a second, not minutes. Links are resolved in page
        order, so which anchors get one is the same in every run.
        """
        if anchor not in self._suggestions:
            self._suggestions[anchor] = self._closest(anchor)
        return self._suggestions[anchor]

    def _closest(self, anchor: str) -> str | None:
        if anchor.startswith("^"):
            close = self._search(anchor[1:], list(self._blocks.values()))
            return f"^{close}" if close else None
        if self._heading_texts is None:
            self._heading_texts = {text.casefold(): text for text in self._texts}
            self._heading_choices = list(self._heading_texts)
        close = self._search(anchor.split("#")[-1].casefold(), self._heading_choices)
        return self._heading_texts[close] if close else None

    def _search(self, wanted: str, choices: list[str]) -> str | None:
        if self._compared + len(choices) > SUGGESTION_BUDGET:
            return None
        self._compared += len(choices)
        close = close_matches(wanted, choices, cutoff=60)
        return close[0] if close else None

    def _nested(self, parts: list[str], start: int, stop: int, min_level: int) -> int | None:
        """Find parts[0] among headings[start:stop] deeper than min_level, then recurse
        into its section; the index of the heading the last part names, or None. Of
        several matches the first in the page whose section holds the rest wins."""
        for i in self._matches(parts[0], start, stop):
            if self._levels[i] <= min_level:
                continue
            if len(parts) == 1:
                return i
            found = self._nested(parts[1:], i + 1, min(self._section_ends[i], stop), self._levels[i])
            if found is not None:
                return found
        return None

    def _matches(self, part: str, start: int, stop: int) -> Iterator[int]:
        """Indices in [start, stop) of the headings `part` names, in page order, lazily:
        the first match costs a bisection per form of `part`, however many there are."""
        runs = []
        for form in _forms(part):
            indices = self._by_form.get(form, [])
            span = range(bisect.bisect_left(indices, start), bisect.bisect_left(indices, stop))
            runs.append(map(indices.__getitem__, span))
        previous = -1
        for index in heapq.merge(*runs):
            if index != previous:
                yield index
            previous = index


def _section_ends(levels: list[int]) -> list[int]:
    """Per heading, the index of the next heading at its level or above (the end of its
    section), or the number of headings."""
    ends = [len(levels)] * len(levels)
    open_headings: list[int] = []
    for index, level in enumerate(levels):
        while open_headings and levels[open_headings[-1]] >= level:
            ends[open_headings.pop()] = index
        open_headings.append(index)
    return ends
