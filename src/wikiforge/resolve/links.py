"""Resolve every link and `source_docs` entry of every page, once.

Rules, the graph and the site read these results; none of them resolves a link again.
Anchors are checked here too, against the target's headings and block ids, after every
page is known (an anchor can only be judged once its target is parsed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..core.records import Link, PageRecord, SourceRef
from .anchors import Anchored, AnchorTable
from .resolver import Resolution, Resolver


@dataclass(frozen=True, slots=True)
class ResolvedLink:
    """A link, the page it is on, where it points, and whether its anchor exists.

    `anchor_found` is None when there is nothing to check: no anchor, an empty one, or
    a target without headings (an attachment or a folder). `fragment` says where on
    the target a found anchor points: a heading's index in the target's record, or a
    block id as the target declares it, or "" for the top of the page.
    """

    page: str
    link: Link
    resolution: Resolution
    anchor_found: bool | None = None
    anchor_suggestion: str | None = None
    fragment: int | str | None = None
    suggestions: tuple[str, ...] = ()
    """For a link to nothing inside the project: up to two close names, best first."""

    @property
    def is_empty(self) -> bool:
        return self.link.is_empty

    @property
    def broken(self) -> bool:
        """Whether the link leads nowhere: no target, or a target without its anchor.
        The one definition the rules, the site's markers and its broken-link count share."""
        return self.resolution.target is None or self.anchor_found is False


@dataclass(frozen=True, slots=True)
class ResolvedSource:
    """A `source_docs` entry and the source document it names, if any."""

    page: str
    ref: SourceRef
    resolution: Resolution

    @property
    def found(self) -> bool:
        target = self.resolution.target
        return target is not None and target.kind == "source"


def resolve_links(
    records: Mapping[str, PageRecord], resolver: Resolver, anchored: Mapping[str, Anchored] | None = None
) -> tuple[list[ResolvedLink], list[ResolvedLink]]:
    """The links of every page, and apart those of every Markdown source document (which
    the site shows, but no rule checks: they are raw material), each in record order.
    One pass, so each target's anchor table is built once for both. Anchors are looked
    up in `anchored` (every page's headings and block ids), by default `records`: an
    incremental run resolves the links of a few records against every page's digest."""
    tables: dict[str, AnchorTable] = {}
    pages: list[ResolvedLink] = []
    documents: list[ResolvedLink] = []
    targets = records if anchored is None else anchored
    for record in records.values():
        found = _record_links(record, targets, resolver, tables)
        (pages if record.role == "page" else documents).extend(found)
    return _suggested(pages, resolver), _suggested(documents, resolver)


def _suggested(links: list[ResolvedLink], resolver: Resolver) -> list[ResolvedLink]:
    """The links, those that lead nowhere inside the project with their closest names:
    every broken target is searched at once, which at 100,000 pages is a twelfth of the
    time of searching each as it is met."""
    broken = {link.link.target for link in links if _unfound(link)}
    if not broken:
        return links
    close = resolver.close_matches_each(sorted(broken))
    return [replace(link, suggestions=close[link.link.target]) if _unfound(link) else link for link in links]


def _unfound(link: ResolvedLink) -> bool:
    return link.resolution.target is None and not link.resolution.outside and not link.is_empty


def _record_links(
    record: PageRecord, anchored: Mapping[str, Anchored], resolver: Resolver, tables: dict[str, AnchorTable]
) -> list[ResolvedLink]:
    """The links of one record, in its order; `tables` caches targets' anchor tables.

    On one page a target resolves the same way each time it is written (resolution
    depends on the text, the kind of link and the page), so each is resolved once: a
    page linking a thousand pages a hundred times each costs a thousand lookups."""
    resolved = []
    seen: dict[tuple[str, bool], Resolution] = {}
    for link in record.links:
        if link.is_empty:
            resolved.append(ResolvedLink(record.path, link, Resolution(None)))
            continue
        key = (link.target, link.kind == "markdown")
        resolution = seen.get(key)
        if resolution is None:
            resolution = seen[key] = resolver.resolve(link, record.path)
        resolved.append(_located(record.path, link, resolution, anchored, tables))
    return resolved


def resolve_sources(records: Mapping[str, PageRecord], resolver: Resolver) -> list[ResolvedSource]:
    return [
        ResolvedSource(record.path, ref, resolver.resolve_path(ref.path, record.path))
        for record in records.values()
        if record.role == "page"
        for ref in record.source_docs
    ]


def _located(
    page: str,
    link: Link,
    resolution: Resolution,
    anchored: Mapping[str, Anchored],
    tables: dict[str, AnchorTable],
) -> ResolvedLink:
    """The link with where it leads on its target: its anchor's heading or block, or the
    closest one, so the rules and the site read one answer and never search again."""
    target = resolution.target
    anchor = (link.anchor or "").strip()
    if target is None or not anchor or target.path not in anchored:
        return ResolvedLink(page, link, resolution)
    table = tables.get(target.path)
    if table is None:
        table = tables[target.path] = AnchorTable(anchored[target.path].anchors)
    found = table.find(anchor)
    if found is not None:
        return ResolvedLink(page, link, resolution, anchor_found=True, fragment=found)
    return ResolvedLink(page, link, resolution, anchor_found=False, anchor_suggestion=table.suggest(anchor))
