"""`wikiforge graph --stats`: the shape of the link graph, as text or JSON.

Figures are queries on the exported graph (an edge per link): the most linked pages
(links from other pages), hubs (PageRank), weakly connected components and isolated
pages. Orphans are not worked out here: they are the findings `wikiforge check`
reports for its orphan-page rule, given by the caller, so the two never disagree.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..core.numbers import plural

NODE_KINDS = ("page", "source", "missing", "attachment")
LINK_KINDS = ("wikilink", "embed", "markdown", "source")


@dataclass(frozen=True)
class LinkedPage:
    path: str
    title: str
    links: int
    """Links to the page from other pages (a page's links to itself do not count)."""
    pages: int
    """Other pages those links are on."""


@dataclass(frozen=True)
class Hub:
    path: str
    title: str
    rank: float


@dataclass(frozen=True)
class GraphStats:
    nodes: dict[str, int]
    """Nodes by kind: page, source (and missing, attachment when exported)."""
    links: dict[str, int]
    """Edges (links) by kind: wikilink, embed, markdown, source."""
    most_linked: list[LinkedPage]
    hubs: list[Hub]
    components: list[int]
    """The size of every weakly connected component, largest first."""
    isolated: list[str]
    """Pages with no link to or from another node."""
    orphans: list[str] | None
    """`wikiforge check`'s orphan-page findings, or None when the rule is off."""
    top: int


def graph_stats(graph: nx.MultiDiGraph, orphans: list[str] | None, top: int = 10) -> GraphStats:
    """The figures of `graph`; `orphans` are the orphan-page findings on its nodes."""
    nodes: dict[str, int] = {}
    for _, kind in graph.nodes(data="kind"):
        nodes[kind] = nodes.get(kind, 0) + 1
    links: dict[str, int] = {}
    for _, _, kind in graph.edges(data="kind"):
        links[kind] = links.get(kind, 0) + 1
    pages = [node for node, kind in graph.nodes(data="kind") if kind == "page"]
    components = sorted((len(c) for c in nx.weakly_connected_components(graph)), reverse=True)
    isolated = [page for page in pages if not (set(graph.pred[page]) | set(graph.succ[page])) - {page}]
    return GraphStats(
        {kind: nodes[kind] for kind in NODE_KINDS if kind in nodes},
        {kind: links[kind] for kind in LINK_KINDS if kind in links},
        _most_linked(graph, pages)[:top],
        _hubs(graph, pages)[:top],
        components,
        isolated,
        None if orphans is None else sorted(orphans),
        top,
    )


def _most_linked(graph: nx.MultiDiGraph, pages: list[str]) -> list[LinkedPage]:
    found = []
    for page in pages:
        linking = {source: len(keys) for source, keys in graph.pred[page].items() if source != page}
        if linking:
            title = graph.nodes[page]["title"]
            found.append(LinkedPage(page, title, sum(linking.values()), len(linking)))
    return sorted(found, key=lambda p: (-p.links, -p.pages, p.path))


def _hubs(graph: nx.MultiDiGraph, pages: list[str]) -> list[Hub]:
    """Pages by PageRank over the links between different nodes (a page's links to
    itself make it no more of a hub), each pair weighted by its number of links.
    networkx's `pagerank` iterates over a SciPy sparse matrix: at 10,000 pages (110,000
    links) a fraction of a second."""
    weighted = nx.DiGraph()
    weighted.add_nodes_from(graph)
    weighted.add_weighted_edges_from((u, v, w) for (u, v), w in Counter(graph.edges()).items() if u != v)
    ranks = nx.pagerank(weighted, max_iter=1000) if len(weighted) else {}
    found = [Hub(page, graph.nodes[page]["title"], round(ranks[page], 9)) for page in pages]
    return sorted(found, key=lambda h: (-h.rank, h.path))


def stats_json(stats: GraphStats) -> str:
    """The figures as one JSON object (every orphan and isolated page, the top N of the rest)."""
    data: dict[str, Any] = {
        "nodes": stats.nodes,
        "links": stats.links,
        "most_linked": [vars(p) for p in stats.most_linked],
        "hubs": [vars(h) for h in stats.hubs],
        "components": {"count": len(stats.components), "sizes": stats.components[: stats.top]},
        "isolated": stats.isolated,
        "orphans": stats.orphans,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def stats_text(stats: GraphStats) -> str:
    """The figures for people: counts, then the top N of each list."""
    lines = [_counts(stats), "", "Most linked (links from other pages):"]
    width = max([5, *(len(str(p.links)) for p in stats.most_linked)])
    linked = [f"  {p.links:>{width}}  from {plural(p.pages, 'page')}: {p.path} ({p.title})" for p in stats.most_linked]
    lines += linked or ["  (none)"]
    lines += ["", "Hubs (PageRank, the share of a random reader's time on the page):"]
    lines += [f"  {h.rank:>7.3%}  {h.path} ({h.title})" for h in stats.hubs] or ["  (none)"]
    sizes = ", ".join(str(size) for size in stats.components[: stats.top])
    more = ", …" if len(stats.components) > stats.top else ""
    lines += [
        "",
        f"Components (weakly connected): {len(stats.components)}" + (f"; sizes {sizes}{more}" if sizes else ""),
    ]
    lines.append(f"Isolated pages (no link to or from another page): {len(stats.isolated)}")
    lines += _listed(stats.isolated, stats.top)
    if stats.orphans is None:
        lines.append("Orphans: not checked (the config turns off orphan-page, WF401)")
    else:
        lines.append(f"Orphans (WF401 orphan-page, as `wikiforge check` reports them): {len(stats.orphans)}")
        lines += _listed(stats.orphans, stats.top)
    return "\n".join(lines) + "\n"


def _counts(stats: GraphStats) -> str:
    names = {"page": "page", "source": "source document", "attachment": "attachment", "missing": "missing target"}
    nodes = ", ".join(plural(count, names.get(kind, kind)) for kind, count in stats.nodes.items())
    total = sum(stats.links.values())
    kinds = ", ".join(f"{count} {kind}" for kind, count in stats.links.items())
    return f"{nodes or '0 pages'}; {plural(total, 'link')}" + (f" ({kinds})" if kinds else "")


def _listed(paths: list[str], top: int) -> list[str]:
    shown = [f"  {path}" for path in paths[:top]]
    if len(paths) > top:
        shown.append(f"  … and {len(paths) - top} more")
    return shown
