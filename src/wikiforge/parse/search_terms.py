"""A page's search terms and their weights: what the site's full-text index holds.

One function makes them from the fields a search result shows (`Searchable`), so the
per-page stage makes them from a record and an incremental build makes the very same
ones again from the page's search fragment in the old site, to take them out of the
index. A term is a run of letters and digits, or one ideograph or kana, lower-cased:
the browser splits a query the same way (`search.js`'s `WORD`, after `toLowerCase`).

Weights say where a term stands: a title outranks an alias, a tag, a heading, the
description and the source documents, and those outrank body text, whose count is
saturated and scaled by the body's length (BM25's term part, against a fixed length, so
a page's weights never depend on other pages and an edit changes its own alone). The
browser multiplies by each term's rarity, which the index gives by how many pages hold
it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

IDEOGRAPHS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Kana and CJK ideographs, written without spaces between words: each is a term."""
WORD = re.compile(f"[{IDEOGRAPHS}]|(?:(?![{IDEOGRAPHS}])[^\\W_])+")
"""A term: a run of letters and digits (Python's `\\w` without `_`), or one ideograph or
kana, so Chinese and Japanese text is found by its characters."""

FIELD_WEIGHTS = {"title": 100, "alias": 80, "tag": 50, "heading": 40, "description": 30, "source": 20}
BODY_WEIGHT = 22.0
"""The most body text gives a term, however often it is written: less than any field."""
_SATURATION = 1.2
_LENGTH_SHARE = 0.75
_TYPICAL_WORDS = 400
MAX_WEIGHT = 255


@dataclass(frozen=True)
class Searchable:
    """The fields of a page that search looks in."""

    title: str
    aliases: tuple[str, ...]
    tags: tuple[str, ...]
    headings: tuple[str, ...]
    description: str
    sources: tuple[str, ...]
    words: str


def terms_of(text: str) -> list[str]:
    """The terms of `text`, in order, repeats kept."""
    return WORD.findall(text.lower())


def term_weights(doc: Searchable) -> tuple[tuple[str, int], ...]:
    """Every term of `doc` with its weight (1–255), sorted by term."""
    weights: dict[str, float] = {}
    fields: list[tuple[str, Iterable[str]]] = [
        ("title", (doc.title,)),
        ("alias", doc.aliases),
        ("tag", doc.tags),
        ("heading", doc.headings),
        ("description", (doc.description,)),
        ("source", doc.sources),
    ]
    for field, texts in fields:
        found = {term for text in texts for term in terms_of(text)}
        for term in found:
            weights[term] = weights.get(term, 0.0) + FIELD_WEIGHTS[field]
    body = terms_of(doc.words)
    if body:
        scale = _SATURATION * (1 - _LENGTH_SHARE + _LENGTH_SHARE * len(body) / _TYPICAL_WORDS)
        for term, count in Counter(body).items():
            weights[term] = weights.get(term, 0.0) + BODY_WEIGHT * count / (count + scale)
    return tuple(sorted((term, min(MAX_WEIGHT, max(1, round(weight)))) for term, weight in weights.items()))


def description(frontmatter: Mapping[str, Any]) -> str:
    """A page's summary as search shows it: its `description` or `summary`."""
    for key in ("description", "summary"):
        value = frontmatter.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:300]
    return ""
