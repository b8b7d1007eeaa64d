"""The site's full-text search index: what the browser fetches to search every page.

Like Pagefind's, it is split so that a search loads a few small files, never the
whole index, however big the wiki (`search.js` reads it):

- `meta.json`: the number of pages, the term ranges of the chunks with their file
  names, the big terms' files, the type and tag filter values with their counts, and a
  version the fragments are asked for with (`f/12.json?v=…`), so browsers may cache them;
- `c/<hash>.wfs`: a chunk, gzipped JSON mapping each of its terms to its postings,
  `[page, weight, page, weight…]`, page numbers as differences from the one before;
  the terms at least `BIG` pages hold get a file each (`big` in the meta), so a query
  for a rare word never downloads a common one's postings;
- `f/<page>.json`: per page, what a result shows (title, address, type, tags, the
  headings and where they start) and the words its excerpt is cut from;
- `filters-<hash>.wfs`: the pages of each type and tag.

Chunk boundaries depend on nothing but the terms themselves (a term starts a chunk when
its hash says so), so an index updated after an edit (`fulltext_update`) has the very
chunks a whole build would write. Pages are numbered in the order of their paths: pages,
then Markdown source documents. Gzipped files are named `.wfs`, not `.gz`, so that no
server sends them as `Content-Encoding: gzip` and has the browser unpack them first.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import accumulate
from operator import sub
from typing import Any

from ..core.outputs import site_path
from ..core.records import PageRecord
from ..parse.search_terms import Searchable, description, term_weights
from .build_state import digest
from .layout import Layout

FORMAT = 1
BIG = 256
"""Pages a term must be on to get a file of its own."""
CHUNK_TERMS = 64
"""Terms per chunk, on average: one term in this many starts a chunk."""

Postings = dict[str, list[int]]
"""Per term, `[page, weight, page, weight…]` with absolute page numbers, by page."""


@dataclass(frozen=True)
class Docs:
    """The pages and documents search finds, numbered, with their addresses."""

    paths: list[str]
    urls: list[str]

    @classmethod
    def of(cls, layout: Layout, records: Mapping[str, PageRecord]) -> Docs:
        pages = sorted(layout.pages)
        documents = sorted(p for p in layout.sources if p in records and p not in layout.unpublished)
        paths = [*pages, *documents]
        urls = [site_path(layout.pages.get(p) or layout.sources[p], layout.urls) for p in paths]
        return cls(paths, urls)

    @property
    def key(self) -> str:
        """What the numbering depends on: an index numbered otherwise is rebuilt whole."""
        return digest(FORMAT, self.paths, self.urls)


def folder(layout: Layout) -> str:
    return layout.static("search")


def fragment(record: PageRecord, url: str) -> dict[str, Any]:
    """What a result shows of a page, and the words its excerpt comes from."""
    search = record.search
    ids = record.body.heading_ids if record.body is not None else ()
    return {
        "t": record.title,
        "u": url,
        "y": record.page_type or ("source document" if record.role == "source" else ""),
        "g": list(record.tags),
        "a": list(record.aliases),
        "d": description(record.frontmatter),
        "s": [ref.path for ref in record.source_docs],
        "h": [[at, ids[n], record.headings[n].text] for at, n in search.headings] if search else [],
        "x": search.words if search else "",
    }


def searchable(found: Mapping[str, Any]) -> Searchable:
    """The fields of a fragment that its terms were made from (`term_weights`)."""
    return Searchable(
        found["t"],
        tuple(found["a"]),
        tuple(found["g"]),
        tuple(heading[2] for heading in found["h"]),
        found["d"],
        tuple(found["s"]),
        found["x"],
    )


def terms_of(record: PageRecord, found: Mapping[str, Any]) -> tuple[tuple[str, int], ...]:
    """A page's terms: made by the per-page stage, or here for a page it did not render."""
    return record.search.terms if record.search is not None else term_weights(searchable(found))


def fragment_bytes(found: Mapping[str, Any]) -> bytes:
    return json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def invert(terms: Iterable[tuple[int, tuple[tuple[str, int], ...]]]) -> Postings:
    """Postings of every term from each page's (number, terms), in page order."""
    postings: Postings = {}
    for number, weights in terms:
        for term, weight in weights:
            found = postings.get(term)
            if found is None:
                postings[term] = [number, weight]
            else:
                found += (number, weight)
    return postings


def is_big(postings: list[int]) -> bool:
    return len(postings) >= 2 * BIG


def starts_chunk(term: str) -> bool:
    return zlib.crc32(term.encode("utf-8")) % CHUNK_TERMS == 0


def split(terms: list[str]) -> list[list[str]]:
    """Sorted small terms in chunks: a chunk starts at the first term and at each term
    `starts_chunk` picks, whatever else the index holds."""
    chunks: list[list[str]] = []
    for term in terms:
        if not chunks or starts_chunk(term):
            chunks.append([])
        chunks[-1].append(term)
    return chunks


def packed(data: object) -> bytes:
    """JSON, gzipped the same way every run (no time in the header)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return gzip.compress(text.encode("utf-8"), compresslevel=4, mtime=0)


def unpacked(data: bytes) -> Any:
    return json.loads(gzip.decompress(data))


def encoded(postings: list[int]) -> list[int]:
    """Postings with each page number as its difference from the one before (slices and
    `map`, not a loop: a common term's postings hold 20,000 numbers)."""
    pages = postings[0::2]
    out = list(postings)
    out[2::2] = map(sub, pages[1:], pages[:-1])
    return out


def decoded(postings: list[int]) -> list[int]:
    out = list(postings)
    out[0::2] = accumulate(postings[0::2])
    return out


def name_of(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=8).hexdigest()


@dataclass
class Index:
    """An index as files: chunk and big-term files by name, and what the meta lists."""

    chunks: list[tuple[str, str]]
    """(first term, file name) of each chunk, by term."""
    big: list[tuple[str, str]]
    files: dict[str, bytes]
    """Chunk and big-term files by name (only those this build writes, for an update)."""


def chunk_files(postings: Postings, terms: list[str]) -> tuple[list[tuple[str, str]], dict[str, bytes]]:
    """The chunks of `terms` (sorted, small) and their files."""
    listed, files = [], {}
    for chunk in split(terms):
        data = packed({term: encoded(postings[term]) for term in chunk})
        name = name_of(data)
        listed.append((chunk[0], name))
        files[name] = data
    return listed, files


def whole_index(postings: Postings) -> Index:
    """The index of every term."""
    small = sorted(term for term, found in postings.items() if not is_big(found))
    chunks, files = chunk_files(postings, small)
    big = []
    for term in sorted(term for term, found in postings.items() if is_big(found)):
        data = packed({term: encoded(postings[term])})
        big.append((term, name_of(data)))
        files[name_of(data)] = data
    return Index(chunks, big, files)


def chunk_of(chunks: list[tuple[str, str]], term: str) -> int:
    """Which chunk holds `term`, or would (the first for a term before every other)."""
    return max(0, bisect_right(chunks, (term, "\uffff")) - 1)


def filters(docs: Docs, types: list[str], tags: list[list[str]]) -> tuple[dict[str, Any], bytes]:
    """Filter values with their counts (for the meta), and the filter file: the pages
    of each type and tag, numbers as differences."""
    by: dict[str, dict[str, list[int]]] = {"type": {}, "tag": {}}
    for number, (kind, found) in enumerate(zip(types, tags, strict=True)):
        if kind:
            by["type"].setdefault(kind, []).append(number)
        for tag in dict.fromkeys(found):
            by["tag"].setdefault(tag, []).append(number)
    counts = {group: sorted(Counter({k: len(v) for k, v in values.items()}).items()) for group, values in by.items()}
    data = packed({group: {k: _differences(v) for k, v in values.items()} for group, values in by.items()})
    return counts, data


def _differences(numbers: list[int]) -> list[int]:
    return [numbers[0], *(b - a for a, b in zip(numbers, numbers[1:], strict=False))]


def meta(docs: Docs, index: Index, counts: dict[str, Any], filter_name: str, version: str) -> bytes:
    """The meta file; `version` changes whenever a fragment may have, so the browser asks
    for fragments under a new address rather than trust its cache."""
    data = {
        "format": FORMAT,
        "version": version,
        "docs": docs.key,
        "pages": len(docs.paths),
        "chunks": index.chunks,
        "big": index.big,
        "filters": filter_name,
        "types": counts["type"],
        "tags": counts["tag"],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
