"""The link graph (DESIGN §4): a `networkx.DiGraph` built from resolved links.

Nodes are pages, source documents, attachments, folders and missing targets (keyed
`missing:<target>`); an edge per linked pair carries the first link's kind, anchor and
line, `links`, every (kind, anchor, line) between the two, and `numbers`, which of the
page's links (by their place in its record) they are. Backlinks, orphans and
rankings are queries on this graph, never a second parse.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from ..core.records import PageRecord
from .links import ResolvedLink, ResolvedSource
from .resolver import Target


def build_graph(
    records: dict[str, PageRecord],
    links: Iterable[ResolvedLink],
    sources: Iterable[ResolvedSource],
    tiers: Mapping[str, int | None] | None = None,
) -> nx.DiGraph:
    """The graph of `records` and their links; `tiers` gives client pages their tier."""
    tier_of = tiers or {}
    graph = nx.DiGraph()
    for record in records.values():
        graph.add_node(
            record.path,
            kind="page" if record.role == "page" else "source",
            path=record.path,
            title=record.title,
            type=record.page_type,
            tags=list(record.tags),
            tier=tier_of.get(record.path),
        )
    edges: dict[tuple[str, str], list[tuple[str, str | None, int]]] = {}
    numbers: dict[tuple[str, str], list[int]] = {}
    counted: dict[str, int] = {}
    for resolved in links:
        number = counted[resolved.page] = counted.get(resolved.page, -1) + 1
        if resolved.is_empty:
            continue
        link = resolved.link
        target = _node_for(graph, resolved.resolution.target, link.target)
        edges.setdefault((resolved.page, target), []).append((link.kind, link.anchor, link.span.line))
        numbers.setdefault((resolved.page, target), []).append(number)
    for source in sources:
        target = _node_for(graph, source.resolution.target, source.ref.path)
        edges.setdefault((source.page, target), []).append(("source", None, source.ref.span.line))
    graph.add_edges_from(
        (
            page,
            target,
            {
                "kind": found[0][0],
                "anchor": found[0][1],
                "line": found[0][2],
                "links": found,
                "numbers": numbers.get((page, target), []),
            },
        )
        for (page, target), found in edges.items()
    )
    return graph


def _node_for(graph: nx.DiGraph, target: Target | None, written: str) -> str:
    if target is not None:
        if target.path not in graph:
            graph.add_node(target.path, kind=target.kind, path=target.path)
        return target.path
    node = f"missing:{written}"
    if node not in graph:
        graph.add_node(node, kind="missing", path=written)
    return node
