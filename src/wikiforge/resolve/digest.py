"""What one page shows the rest of the wiki, and what it reads of it: a `PageDigest`.

The cross-page stages need of most pages only a little: the names they answer to, their
headings and block ids (for anchors), their title, their suppressions, and which names
their own links looked up. A digest holds just that, small enough to keep for every page
between runs, so an incremental check (DESIGN §5) can tell which pages an edit reaches
without loading every record:

- a page whose links looked up a *name key* (`names_looked_up`) that some change adds or
  removes may now resolve differently;
- a page linking to a page whose headings or block ids changed (`reaches`) may gain or
  lose a broken anchor;
- a page with a link that found nothing keeps the target (`unfound`): its "did you mean"
  is chosen among every name, and changes when a name close to it comes or goes.

Name keys are interned, and remembered by what they are made from: the same few thousand
names recur in every page's digest, and a kept state then holds each once.

A name key is the last segment of a name, case-folded, as written in a link or as a file
answers to it: every way the resolver finds a file (its path from the root, any path
suffix, its bare name, an alias) ends in that segment, so two spellings that can meet in
a lookup always share one key.
"""

from __future__ import annotations

import posixpath
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..core.diagnostic import Span
from ..core.packed import PackedSet
from ..core.pickling import ByFields
from ..core.records import Anchors, PageRecord, Problem, Suppression
from .links import ResolvedLink, ResolvedSource
from .resolver import FOLDER_NOTES, Target, normal_name, suggestion_key

WILDCARD = "*"
"""The name key of a lookup any change of names may answer differently."""
_NOTE_KEYS = {name.casefold() for name in FOLDER_NOTES}


@dataclass(frozen=True, slots=True)
class PageDigest(ByFields):
    """One page (or Markdown source document) as the other pages and the wiki-wide rules
    see it; made from its record and its resolved links, never from its text."""

    path: str
    role: str
    title: str
    title_span: Span
    title_is_explicit: bool
    read_error: Problem | None
    page_type: str | None
    aliases: tuple[str, ...]
    anchors: Anchors
    suppressions: tuple[Suppression, ...]
    names_looked_up: PackedSet
    unfound: PackedSet
    """Targets its links and `source_docs` wrote that found nothing, as "did you mean"
    compares them (`resolver.suggestion_key`)."""
    reaches: PackedSet
    """Paths of the files its links and `source_docs` resolve to (itself left out)."""
    bases: bool = False
    """Whether it holds a ```` ```base ```` block (a base reads every page)."""


class Head(NamedTuple):
    """The part of a page's digest every run reads of every page: the names the resolver
    knows it by, whether it is a client, and its suppressions. A run after an edit reads
    the rest (anchors, names looked up, files reached) only for the pages it reaches."""

    path: str
    role: str
    aliases: tuple[str, ...]
    page_type: str | None
    read_error: Problem | None
    suppressions: tuple[Suppression, ...]
    bases: bool = False


def head_of(digest: PageDigest) -> Head:
    return Head(
        digest.path, digest.role, digest.aliases, digest.page_type, digest.read_error, digest.suppressions, digest.bases
    )


def wiki_view(digest: PageDigest) -> tuple[object, ...]:
    """What the wiki-wide rules ("wiki" scope: titles, orphans, unreadable files) read of
    a page, with the suppressions that may hide their findings: an edit that changes
    none of it (a link to nothing, a heading, a word) leaves their findings as they were."""
    return (
        digest.role,
        digest.title,
        digest.title_span,
        digest.title_is_explicit,
        digest.read_error,
        digest.suppressions,
        digest.reaches,
    )


def page_digest(record: PageRecord, links: Iterable[ResolvedLink], sources: Iterable[ResolvedSource]) -> PageDigest:
    """The digest of `record`, given its own resolved links and `source_docs` entries."""
    looked_up: set[str] = set()
    unfound: set[str] = set()
    reaches: set[str] = set()
    for resolved in links:
        if not resolved.link.target:
            continue  # empty, or an anchor on the page itself
        resolution = resolved.resolution
        _note(resolved.link.target, resolution.target, resolution.candidates, looked_up, reaches)
        looked_up.update(path_key(name) for name in resolved.suggestions)
        if resolution.target is None and not resolution.outside:
            unfound.add(suggestion_key(resolved.link.target))
    for source in sources:
        _note(source.ref.path, source.resolution.target, source.resolution.candidates, looked_up, reaches)
        if not source.found and not source.resolution.outside:
            unfound.add(suggestion_key(source.ref.path))
    reaches.discard(record.path)
    return PageDigest(
        record.path,
        record.role,
        record.title,
        record.title_span,
        record.title_is_explicit,
        record.read_error,
        record.page_type,
        record.aliases,
        record.anchors,
        record.suppressions,
        PackedSet(looked_up),
        PackedSet(unfound),
        PackedSet(reaches),
        bool(record.bases),
    )


def digest_pages(
    records: Mapping[str, PageRecord], links: Iterable[ResolvedLink], sources: Iterable[ResolvedSource]
) -> dict[str, PageDigest]:
    """Each record's digest, in the records' order, from its own links and sources."""
    by_page: dict[str, list[ResolvedLink]] = {}
    for resolved in links:
        by_page.setdefault(resolved.page, []).append(resolved)
    refs: dict[str, list[ResolvedSource]] = {}
    for source in sources:
        refs.setdefault(source.page, []).append(source)
    return {path: page_digest(record, by_page.get(path, ()), refs.get(path, ())) for path, record in records.items()}


def _note(
    written: str, target: Target | None, candidates: tuple[str, ...], looked_up: set[str], reaches: set[str]
) -> None:
    looked_up.add(written_key(written))
    if target is not None:
        reaches.add(target.path)
        looked_up.add(path_key(target.path))
    looked_up.update(path_key(candidate) for candidate in candidates)


@lru_cache(maxsize=1 << 17)
def written_key(written: str) -> str:
    """The name key of a target as a link writes it; a target whose last segment is no
    name (empty, `.` or `..`) may land anywhere, so it is `WILDCARD`."""
    key = normal_name(written)
    if not key.endswith("/") and key.casefold().endswith(".md"):
        key = key[:-3]
    last = key.rstrip("/").rpartition("/")[2]
    return WILDCARD if last in ("", ".", "..") else sys.intern(last.casefold())


@lru_cache(maxsize=1 << 17)
def path_key(path: str) -> str:
    """The name key a file (or folder) answers to: its last segment without `.md`."""
    return sys.intern(posixpath.basename(path.rstrip("/")).removesuffix(".md").casefold())


def names_of(path: str, aliases: Iterable[str] = ()) -> set[str]:
    """The name keys a page adds to the wiki: its own, its aliases', and, for a folder
    note (`index.md`, `README.md`), its folder's, which it stands for."""
    keys = {path_key(path)} | {written_key(alias) for alias in aliases}
    if path_key(path) in _NOTE_KEYS and "/" in path:
        keys.add(path_key(path.rpartition("/")[0]))
    return keys
