"""Writing the full-text search index (`fulltext`) into the site.

Nothing is done when no page's bytes, path or address changed since the last build
(the group's fingerprint). Otherwise each page's fragment is kept or written by its own
fingerprint, and the index is updated from the old site's (`fulltext_update`) when the
pages are numbered as before and every old file it reads is as the last build left it;
else it is made from every page's terms.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from ..core.records import PageRecord
from ..parse.search_terms import term_weights
from .build_state import digest
from .fulltext import (
    FORMAT,
    Docs,
    Index,
    filters,
    folder,
    fragment,
    fragment_bytes,
    invert,
    meta,
    name_of,
    searchable,
    terms_of,
    whole_index,
)
from .fulltext_update import Change, updated
from .site_index import SiteIndex
from .writer import SiteWriter

GROUP = "fulltext"
_OWNER = "search index"


Terms = tuple[tuple[str, int], ...]


def write_search(writer: SiteWriter, index: SiteIndex, contents: Mapping[str, tuple[int, int, str]]) -> None:
    """The search index of `index`'s pages; `contents` gives each page's content hash."""
    docs = Docs.of(index.layout, index.records)
    made_from = [contents.get(path, (0, 0, ""))[2] for path in docs.paths]
    fingerprint = digest(FORMAT, docs.key, made_from)
    if writer.keep_group(GROUP, fingerprint):
        return
    base = folder(index.layout)
    changed = _fragments(writer, fingerprint, base, docs, index.records, made_from)
    found = _updated(writer, base, docs, changed) if writer.old is not None else None
    if found is None:
        found = whole_index(invert(_all_terms(docs, index.records)))
    names = {name for _, name in (*found.chunks, *found.big)}
    for name in sorted(names):
        output = f"{base}/c/{name}.wfs"
        if writer.claim_in_group(GROUP, fingerprint, output, _OWNER) and not writer.keep(output, name):
            writer.data(output, found.files[name], name)
    cards = [index.cards[path] for path in docs.paths]
    types = [
        card.page_type or ("source document" if path in index.layout.sources else "")
        for path, card in zip(docs.paths, cards, strict=True)
    ]
    counts, filter_data = filters(docs, types, [list(card.tags) for card in cards])
    filter_name = name_of(filter_data)
    if writer.claim_in_group(GROUP, fingerprint, f"{base}/filters-{filter_name}.wfs", _OWNER):
        writer.data(f"{base}/filters-{filter_name}.wfs", filter_data)
    if writer.claim_in_group(GROUP, fingerprint, f"{base}/meta.json", _OWNER):
        writer.data(f"{base}/meta.json", meta(docs, found, counts, filter_name, fingerprint))


def _fragments(
    writer: SiteWriter,
    group: str,
    base: str,
    docs: Docs,
    records: Mapping[str, PageRecord],
    made_from: list[str],
) -> dict[int, Terms]:
    """Every page's fragment, kept when its page is as it was, else written; the terms
    of the pages written, by number."""
    changed: dict[int, Terms] = {}
    for number, (path, url) in enumerate(zip(docs.paths, docs.urls, strict=True)):
        output = f"{base}/f/{number}.json"
        fingerprint = digest(path, url, made_from[number])
        if not writer.claim_in_group(GROUP, group, output, _OWNER) or writer.keep(output, fingerprint):
            continue
        record = records[path]
        found = fragment(record, url)
        changed[number] = terms_of(record, found)
        writer.data(output, fragment_bytes(found), fingerprint)
    return changed


def _updated(writer: SiteWriter, base: str, docs: Docs, changed: dict[int, Terms]) -> Index | None:
    """The old site's index with the changed pages' terms replaced, or None when it
    cannot be read as the last build left it, or numbers its pages otherwise."""
    old = writer.old
    assert old is not None
    try:
        listed = json.loads((old / base / "meta.json").read_bytes())
        if listed.get("format") != FORMAT or listed.get("docs") != docs.key:
            return None
        chunks = [(first, name) for first, name in listed["chunks"]]
        big = {term: name for term, name in listed["big"]}
        if not all(writer.intact(f"{base}/c/{name}.wfs", name) for _, name in (*chunks, *big.items())):
            return None
        changes = [_change(writer, old, base, number, terms) for number, terms in changed.items()]
        if any(change is None for change in changes):
            return None
        moved = [change for change in changes if change is not None and change.moved]
        return updated(chunks, big, _reader(old / base / "c"), moved)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # an old index we cannot read is made again


def _change(writer: SiteWriter, old: Path, base: str, number: int, terms: Terms) -> Change | None:
    """A page's terms before (made again from its old fragment, if that is intact) and now."""
    output = f"{base}/f/{number}.json"
    previous = writer.previous.outputs.get(output) if writer.previous is not None else None
    if previous is None or not writer.intact(output, previous[2]):
        return None
    before = term_weights(searchable(json.loads((old / output).read_bytes())))
    return Change(number, [term for term, _ in before], terms, moved=before != terms)


def _reader(folder: Path) -> Callable[[str], bytes]:
    def read(name: str) -> bytes:
        return (folder / f"{name}.wfs").read_bytes()

    return read


def _all_terms(docs: Docs, records: Mapping[str, PageRecord]) -> Iterator[tuple[int, Terms]]:
    for number, (path, url) in enumerate(zip(docs.paths, docs.urls, strict=True)):
        record = records[path]
        yield number, terms_of(record, fragment(record, url) if record.search is None else {})
