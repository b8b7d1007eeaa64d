"""Heading and block-id lookup for `#Heading`, `#H1#H2` and `#^block` anchors.

A heading matches by its plain text, its text as written (`_definition:_ group`, which
is what Obsidian links by) or its slug, ignoring case and runs of spaces. The
punctuation Obsidian turns into spaces when it writes or follows a heading link
(``! " # $ % & ( ) * + , . : ; < = > ? @ ^ ` { | } ~ / [ ] \\``) counts as spaces, so
`[[page#Step 1 Setup]]` finds `## Step 1: Setup` and `[[page#D D WOTC]]` finds
`###### D&D WOTC`, as they do in Obsidian.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from .records import PageRecord

_OBSIDIAN_DROPPED = re.compile(r"[!\"#$%&()*+,.:;<=>?@^`{|}~/\[\]\\]")
_SLUG_DROPPED = re.compile(r"[^\w\- ]")


def slugify(text: str) -> str:
    """GitHub-style slug: lower case, punctuation dropped, spaces become dashes."""
    return _SLUG_DROPPED.sub("", text.strip().lower()).replace(" ", "-")


def _forms(text: str) -> set[str]:
    text = unicodedata.normalize("NFC", text)
    plain = " ".join(text.casefold().split())
    loose = " ".join(_OBSIDIAN_DROPPED.sub(" ", plain).split())
    return {plain, loose, slugify(text), slugify(loose)}


class AnchorTable:
    """The headings (in order, with levels) and block ids of one page."""

    def __init__(self, record: PageRecord) -> None:
        self._headings = [(h.level, _forms(h.text) | _forms(h.source), h.text) for h in record.headings]
        self._blocks = {b.id.casefold(): b.id for b in record.block_ids}

    def find(self, anchor: str) -> int | str | None:
        """Where `anchor` (the text after the link's first `#`) points on the page: a
        heading's index, a block id as the page declares it, "" for the page itself (a
        `#` with no text), or None when it is not there."""
        if anchor.startswith("^"):
            return self._blocks.get(anchor[1:].casefold())
        parts = [p for p in anchor.split("#") if p.strip()]
        if not parts:
            return ""
        return self._nested(parts, 0, len(self._headings), 0)

    def suggest(self, anchor: str) -> str | None:
        """The closest heading text or block id, for a "did you mean"."""
        if anchor.startswith("^"):
            close = difflib.get_close_matches(anchor[1:], list(self._blocks.values()), n=1, cutoff=0.6)
            return f"^{close[0]}" if close else None
        wanted = anchor.split("#")[-1]
        texts = {text.casefold(): text for _, _, text in self._headings}
        close = difflib.get_close_matches(wanted.casefold(), list(texts), n=1, cutoff=0.6)
        return texts[close[0]] if close else None

    def _nested(self, parts: list[str], start: int, stop: int, min_level: int) -> int | None:
        """Find parts[0] among headings[start:stop] deeper than min_level, then recurse;
        the index of the heading the last part names, or None."""
        wanted = _forms(parts[0])
        for i in range(start, stop):
            level, forms, _ = self._headings[i]
            if level <= min_level or not wanted & forms:
                continue
            if len(parts) == 1:
                return i
            section_end = next((j for j in range(i + 1, stop) if self._headings[j][0] <= level), stop)
            found = self._nested(parts[1:], i + 1, section_end, level)
            if found is not None:
                return found
        return None
