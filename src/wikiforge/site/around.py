"""Each page's `Around` entry (`kept_site`): made for every page by a whole build, and
made again for the pages an edit reached by a build that writes only those."""

from __future__ import annotations

from collections.abc import Iterable

from .incremental import Dependencies
from .kept_site import Around, Backlinks
from .site_index import SiteIndex


def whole(index: SiteIndex, deps: Dependencies) -> dict[str, Around]:
    """Every page's and document's entry, from a whole build's index."""
    backlinks: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {}
    gives: dict[str, tuple[str, ...]] = {}
    for source, record in index.records.items():
        shown = index.shown_on(source) if record.role == "page" else {}  # a document's links are no backlinks
        gives[source] = tuple(sorted(shown))
        for target, (sentences, embeds) in shown.items():
            backlinks.setdefault(target, []).append((source, tuple(sentences), embeds))
    return {
        path: Around(
            tuple(sorted(backlinks.get(path, ()))),
            gives[path],
            cites(index, path),
            tuple(sorted(set(index.cited_by.get(path, ())))),
            deps.link_view(path),
        )
        for path in index.records
    }


def cites(index: SiteIndex, path: str) -> tuple[str, ...]:
    """The source documents a page's `source_docs` find, once each, by path."""
    found = (source.resolution.target for source in index.sources_of.get(path, ()) if source.found)
    return tuple(sorted({target.path for target in found if target is not None}))


def with_backlink(around: Around, source: str, shown: tuple[list[str], bool] | None) -> Around:
    """`around` with `source`'s backlink replaced by `shown` (its sentences and whether it
    embeds), or removed when `shown` is None."""
    items: Backlinks = tuple(item for item in around.backlinks if item[0] != source)
    if shown is not None:
        items = tuple(sorted((*items, (source, tuple(shown[0]), shown[1]))))
    return Around(items, around.gives, around.cites, around.cited_by, around.view)


def with_citer(around: Around, page: str, cites: bool) -> Around:
    """A document's `around` with `page` among the pages citing it, or not."""
    citers = set(around.cited_by) - {page}
    if cites:
        citers.add(page)
    return Around(around.backlinks, around.gives, around.cites, tuple(sorted(citers)), around.view)


def embedding(arounds: Iterable[Around]) -> list[str]:
    """The pages that embed the pages whose entries are `arounds`."""
    return [source for around in arounds for source, _, embeds in around.backlinks if embeds]
