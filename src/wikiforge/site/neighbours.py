"""What a page's local graph draws over: the pages it links to, as a list of links.

A page's neighbours are the pages and documents it links to or cites and the pages
linking to it, one link away: all of which its fingerprint already covers (its links'
targets, its source documents, its backlinks), so a page is never rewritten for a change
two links away. The pages linking to it are listed already, with their sentences, under
"Linked from"; the local graph's own list holds the others. The theme's script
(`graph.js`) draws both, and the pages further out, from the graph data file
(`graph_data`); without the script, the two lists are what the reader gets.
"""

from __future__ import annotations

import posixpath
from typing import Any

from ..core.outputs import site_path
from .site_index import SiteIndex, backlinked, by_title


def neighbours(index: SiteIndex, path: str, at: str) -> dict[str, Any]:
    """`{key, pages}` for `page.html`: the page's address from the site root, by which
    the script finds it in the data file, and the pages and published documents it links
    to or cites, by title, each `{title, url, path}` (a lean page link: at 10,000 pages
    the full one took a third more)."""
    found: dict[str, None] = {}
    for resolved in index.filler.links_of(path):
        target = resolved.resolution.target
        if target is not None and backlinked(path, resolved):
            found[target.path] = None
    for source in index.sources_of.get(path, ()):
        if source.found and source.resolution.target is not None:
            found[source.resolution.target.path] = None
    links = [link for link in (_link(index, target, at) for target in found) if link is not None]
    return {"key": site_path(at, index.layout.urls), "pages": sorted(links, key=by_title)}


def _link(index: SiteIndex, path: str, at: str) -> dict[str, Any] | None:
    """`{title, url, path}` of a neighbour; a document not published has none."""
    layout = index.layout
    output = layout.pages.get(path)
    if output is None:
        if path not in layout.sources or path in layout.unpublished:
            return None
        output = layout.sources[path]
    card = index.cards.get(path)
    return {
        "title": card.title if card is not None else posixpath.basename(path),
        "url": layout.href(at, output),
        "path": path,
    }
