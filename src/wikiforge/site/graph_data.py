"""The link graph as the site's graph view draws it: `_static/graph-data.js`.

One script file (`window.WIKIFORGE_GRAPH = {...}`), not JSON to fetch, so the graph
works from the file system, where browsers refuse `fetch`; the global graph page and
every page's local graph load it, and the browser caches it. Nodes are the wiki's pages
and published source documents (title, address, type, tags, tier) and the targets of
the links the check reports broken; a page's edges go to each page or document its
links reach (the links that make backlinks) and each document its `source_docs` cite.
Orphans and broken targets are marked from the check's findings (WF401; WF101, WF105
and WF303 at the link or entry they report), never judged a second time here.

A whole build makes the graph from its site index (`whole`), or, in `serve`, from the
graph of its last rebuild with the edited pages' edges made again (`patched`), and
writes it with `script`. A build of the few files an edit reached cannot: it loads the
records of those files alone. It takes the file the last build wrote and puts in the
re-parsed pages' edges row by row (`patch_script`), which gives the bytes `script` would.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.diagnostic import Diagnostic
from ..core.outputs import site_path
from .layout import Layout
from .site_index import SiteIndex, backlinked

FILE_NAME = "graph-data.js"
"""The data file's name in the site's static folder."""
_PREFIX = "window.WIKIFORGE_GRAPH="
_SUFFIX = ";\n"
_BROKEN_CODES = frozenset({"WF101", "WF105", "WF303"})
_ORPHAN = 1
"""Flag bit of a page no page links to (WF401)."""
_KINDS = {"page": "p", "source": "s"}


@dataclass(frozen=True, slots=True)
class Node:
    """A page or source document as the graph shows it."""

    path: str
    title: str
    url: str
    kind: str
    """`page` or `source`."""
    page_type: str | None
    tags: tuple[str, ...]
    tier: int | None


@dataclass(frozen=True, slots=True)
class Edges:
    """Where a page's links go: pages and documents (by path), and broken targets (as
    written), each sorted."""

    linked: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


NO_EDGES = Edges()
Broken = frozenset[tuple[str, int, int]]


@dataclass(frozen=True)
class Graph:
    """The graph file's content: pages then documents by path, the edges of each page
    that has any, the orphans, and the client tiers' labels (none without clients)."""

    nodes: tuple[Node, ...]
    edges: Mapping[str, Edges]
    orphans: frozenset[str]
    tiers: tuple[tuple[int, str], ...]


def node_paths(layout: Layout) -> list[str]:
    """The graph's pages and published documents, in the order of its nodes."""
    documents = sorted(path for path in layout.sources if path not in layout.unpublished)
    return [*sorted(layout.pages), *documents]


def whole(index: SiteIndex, diagnostics: Sequence[Diagnostic]) -> Graph:
    """The graph of a whole build, from its index and the check's findings."""
    nodes = _nodes(index)
    known = frozenset(node.path for node in nodes)
    broken = broken_at(diagnostics)
    edges = {}
    for path in sorted(index.layout.pages):
        found = page_edges(index, path, known, broken)
        if found != NO_EDGES:
            edges[path] = found
    labels = {level.number: level.label for level in index.config.tiers.levels}
    tiers = tuple(sorted(labels.items())) if index.tiers is not None else ()
    return Graph(nodes, edges, orphans(diagnostics), tiers)


def patched(before: Graph, index: SiteIndex, pages: Iterable[str], diagnostics: Sequence[Diagnostic]) -> Graph:
    """`before` with the edges of `pages` made again and the findings' marks redone: the
    graph after an edit that changed no page's title, type, tags, tier or address, nor
    any other page's links."""
    known = frozenset(node.path for node in before.nodes)
    broken = broken_at(diagnostics)
    edges = dict(before.edges)
    for path in pages:
        if path in index.layout.pages:
            found = page_edges(index, path, known, broken)
            if found == NO_EDGES:
                edges.pop(path, None)
            else:
                edges[path] = found
    return Graph(before.nodes, edges, orphans(diagnostics), before.tiers)


def page_edges(index: SiteIndex, path: str, known: frozenset[str], broken: Broken) -> Edges:
    """A page's edges: the pages and documents its links reach (as their backlinks list
    it), the documents it cites, and the targets of its links the check reports broken
    (a broken link whose finding is suppressed is left out, as the report leaves it)."""
    linked: set[str] = set()
    missing: set[str] = set()
    for resolved in index.filler.links_of(path):
        target = resolved.resolution.target
        if target is None:
            span = resolved.link.span
            if (path, span.line, span.column) in broken and not resolved.is_empty:
                missing.add(resolved.link.target)
        elif target.path in known and backlinked(path, resolved):
            linked.add(target.path)
    for source in index.sources_of.get(path, ()):
        target = source.resolution.target
        if source.found and target is not None:
            if target.path in known:
                linked.add(target.path)
        elif (path, source.ref.span.line, source.ref.span.column) in broken:
            missing.add(source.ref.path)
    if not linked and not missing:
        return NO_EDGES
    return Edges(tuple(sorted(linked)), tuple(sorted(missing)))


def broken_at(diagnostics: Iterable[Diagnostic]) -> Broken:
    """Where the check reports a link or cited document that leads nowhere."""
    return frozenset((d.path, d.span.line, d.span.column) for d in diagnostics if d.code in _BROKEN_CODES)


def orphans(diagnostics: Iterable[Diagnostic]) -> frozenset[str]:
    return frozenset(d.path for d in diagnostics if d.code == "WF401")


def _nodes(index: SiteIndex) -> tuple[Node, ...]:
    layout, cards = index.layout, index.cards
    clients = index.tiers.by_path if index.tiers is not None else {}
    nodes = []
    for path in node_paths(layout):
        card = cards.get(path)
        if path in layout.pages:
            assert card is not None
            client = clients.get(path)
            tier = client.tier if client is not None else None
            url = site_path(layout.pages[path], layout.urls)
            nodes.append(Node(path, card.title, url, "page", card.page_type, tuple(dict.fromkeys(card.tags)), tier))
        else:
            title = card.title if card is not None else posixpath.basename(path)
            nodes.append(Node(path, title, site_path(layout.sources[path], layout.urls), "source", None, (), None))
    return tuple(nodes)


def script(graph: Graph) -> str:
    """The data file: a script setting `window.WIKIFORGE_GRAPH` to

    `{"types": [...], "tags": [...], "tiers": [[number, label]...], "nodes": [row...]}`,
    a row `[title, url, kind, type, [tag...], tier, flags, [target...]]` per page and
    document (kind `p` or `s`) in path order, then one per broken target (kind `m`, its
    title as written, no url); types and tags by their number in the tables, no type
    -1, no tier 0, flag 1 an orphan; targets by row number, ascending. Paths are left
    out (the rows' order gives them back to `patch_script`); `</` is escaped, so no
    title can end the script it sits in."""
    types = sorted({node.page_type for node in graph.nodes if node.page_type})
    tags = sorted({tag for node in graph.nodes for tag in node.tags}, key=lambda t: (t.casefold(), t))
    type_number = {name: number for number, name in enumerate(types)}
    tag_number = {name: number for number, name in enumerate(tags)}
    number = {node.path: place for place, node in enumerate(graph.nodes)}
    missing = sorted({text for edges in graph.edges.values() for text in edges.missing})
    missing_number = {text: len(graph.nodes) + place for place, text in enumerate(missing)}
    rows: list[list[Any]] = []
    for node in graph.nodes:
        edges = graph.edges.get(node.path, NO_EDGES)
        rows.append(
            [
                node.title,
                node.url,
                _KINDS[node.kind],
                type_number[node.page_type] if node.page_type else -1,
                [tag_number[tag] for tag in node.tags],
                node.tier or 0,
                _ORPHAN if node.path in graph.orphans else 0,
                _targets(edges, number, missing_number),
            ]
        )
    rows += [_missing_row(text) for text in missing]
    return _dump({"types": types, "tags": tags, "tiers": [list(t) for t in graph.tiers], "nodes": rows})


def patch_script(
    text: str, paths: Sequence[str], index: SiteIndex, pages: Iterable[str], diagnostics: Sequence[Diagnostic]
) -> str | None:
    """The data file `text`, which `script` wrote for the nodes `paths` (`node_paths`),
    with the edges of `pages` made again and the findings' marks redone: the bytes
    `script(patched(...))` gives, made row by row (a third of the time at 10,000 pages);
    None when `text` is no such file."""
    data = _load(text, len(paths))
    if data is None:
        return None
    rows, count = data["nodes"], len(paths)
    number = {path: place for place, path in enumerate(paths)}
    known, broken = frozenset(paths), broken_at(diagnostics)
    made = {path: page_edges(index, path, known, broken) for path in pages if path in index.layout.pages}
    before = [row[0] for row in rows[count:]]
    kept = {
        before[t - count]
        for path, row in zip(paths, rows, strict=False)
        if path not in made
        for t in row[7]
        if t >= count
    }
    missing = sorted(kept.union(*(edges.missing for edges in made.values())))
    missing_number = {target: count + place for place, target in enumerate(missing)}
    moved = {count + place: missing_number.get(target, -1) for place, target in enumerate(before)}
    lonely = orphans(diagnostics)
    for path, row in zip(paths, rows, strict=False):
        edges = made.get(path)
        if edges is not None:
            row[7] = _targets(edges, number, missing_number)
        elif row[7] and row[7][-1] >= count:
            row[7] = sorted(target if target < count else moved[target] for target in row[7])
        row[6] = _ORPHAN if path in lonely else 0
    rows[count:] = [_missing_row(target) for target in missing]
    return _dump(data)


def _targets(edges: Edges, number: Mapping[str, int], missing_number: Mapping[str, int]) -> list[int]:
    return sorted([number[path] for path in edges.linked] + [missing_number[text] for text in edges.missing])


def _missing_row(text: str) -> list[Any]:
    return [text, "", "m", -1, [], 0, 0, []]


def _dump(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return _PREFIX + text + _SUFFIX


def _load(text: str, count: int) -> dict[str, Any] | None:
    """The data of a file `script` wrote for `count` pages and documents, or None."""
    if not text.startswith(_PREFIX) or not text.endswith(_SUFFIX):
        return None
    try:
        data = json.loads(text[len(_PREFIX) : -len(_SUFFIX)])
        rows = data["nodes"]
        shaped = all(isinstance(row, list) and len(row) == 8 and isinstance(row[7], list) for row in rows)
        kinds = [row[2] == "m" for row in rows] if shaped else []
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    if not shaped or len(rows) < count or any(kinds[:count]) or not all(kinds[count:]):
        return None
    return data if isinstance(data, dict) and list(data) == ["types", "tags", "tiers", "nodes"] else None
