"""The link graph as `wikiforge graph` exports it (DESIGN §4): an edge per link.

`Analysis.graph` merges the links between two nodes into one edge (the rules and the
site ask whether two pages are linked) and keeps each link in its `links` list; the
export spreads those lists out into a multigraph, one edge per link, so counting the
edges counts the links. Nodes are the pages and source documents; links to missing
targets and to attachments, with their nodes, only when asked for. Links to folders
without a folder note, to the tier pages a build generates and to templates are never
edges. Every string is made `printable` (a file name that is not UTF-8 cannot go into
XML or JSON), and nodes and edges are sorted, so two runs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import networkx as nx

from ..analysis import Analysis
from ..core.printable import printable


@dataclass(frozen=True)
class GraphOptions:
    """Which nodes besides pages and source documents the export holds."""

    broken: bool = False
    """Missing targets (kind "missing", id `missing:TARGET`) and the broken links to them."""
    attachments: bool = False
    """Attachments (kind "attachment") and the links to them."""

    @property
    def kinds(self) -> frozenset[str]:
        kinds = {"page", "source"}
        if self.broken:
            kinds.add("missing")
        if self.attachments:
            kinds.add("attachment")
        return frozenset(kinds)


class UnknownNode(Exception):
    """A page asked for by name that the project does not have; `suggestion` is the
    closest name, if any."""

    def __init__(self, written: str, suggestion: str | None) -> None:
        hint = f" (did you mean {suggestion!r}?)" if suggestion else ""
        super().__init__(f"no page or source document {written!r} in the project{hint}")
        self.suggestion = suggestion


def export_graph(analysis: Analysis, options: GraphOptions = GraphOptions()) -> nx.MultiDiGraph:
    """The analysis' link graph with an edge per link, nodes and edges sorted.

    Node attributes: kind, path, title, type, tags (a list), tier; edge attributes:
    kind (wikilink, embed, markdown or source), anchor, line; None where unknown. Edge
    keys are `e0`, `e1`, … in order, unique in the whole graph."""
    kinds = options.kinds
    merged = analysis.graph
    nodes: dict[str, dict[str, Any]] = {}
    shown: dict[str, str] = {}
    for node, data in merged.nodes(data=True):
        if data["kind"] in kinds:
            shown[node] = printable(node)
            nodes[shown[node]] = _attributes(node, data)
    for path in analysis.files.sources:  # a source document that is not Markdown, and that nothing cites
        if path not in shown:
            shown[path] = printable(path)
            nodes[shown[path]] = _attributes(path, {"kind": "source", "path": path})
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(sorted(nodes.items()))
    edges = sorted(_edges(merged.edges(data=True), shown))
    graph.add_edges_from(
        (page, target, f"e{number}", {"kind": kind, "anchor": anchor or None, "line": line})
        for number, (page, target, line, kind, anchor) in enumerate(edges)
    )
    return graph


def _attributes(node: str, data: dict[str, Any]) -> dict[str, Any]:
    """A node's attributes as exported: a page or source record's, else (an attachment,
    a source document that is not Markdown, a missing target) its path and name."""
    path = printable(data.get("path", node))
    if "title" not in data:
        title = path if data["kind"] == "missing" else PurePosixPath(path).name
        return {"kind": data["kind"], "path": path, "title": title, "type": None, "tags": None, "tier": None}
    page_type = data.get("type")
    return {
        "kind": data["kind"],
        "path": path,
        "title": printable(data["title"]),
        "type": printable(page_type) if page_type is not None else None,
        "tags": [printable(tag) for tag in data.get("tags", ())],
        "tier": data.get("tier"),
    }


def _edges(
    merged: Iterable[tuple[str, str, dict[str, Any]]], shown: dict[str, str]
) -> Iterable[tuple[str, str, int, str, str]]:
    """(page, target, line, kind, anchor) of every link between two exported nodes."""
    for page, target, data in merged:
        if page in shown and target in shown:
            for kind, anchor, line in data["links"]:
                yield shown[page], shown[target], line, kind, printable(anchor.strip()) if anchor else ""


def neighbourhood(graph: nx.MultiDiGraph, node: str, depth: int) -> nx.MultiDiGraph:
    """The nodes within `depth` links of `node`, following links either way, and every
    link among them (in the graph's order)."""
    near = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), node, cutoff=depth)
    part = nx.MultiDiGraph()  # not `graph.subgraph`: a small one lists its nodes in set order
    part.add_nodes_from((n, data) for n, data in graph.nodes(data=True) if n in near)
    part.add_edges_from(edge for edge in graph.edges(keys=True, data=True) if edge[0] in near and edge[1] in near)
    return part


def find_node(analysis: Analysis, graph: nx.MultiDiGraph, written: str) -> str:
    """The node of the page or source document `written` names: a path from the project
    root (`wiki/okr.md`), or a name as a link would write it (`okr`, `[[OKR]]`,
    `knowledge/okr`), found by the analysis' resolver as a link from the top of the
    project finds it. Raises `UnknownNode` with the closest name."""
    name = written.strip()
    if name.startswith("[[") and name.endswith("]]"):
        name = name[2:-2]
    name = name.partition("|")[0].partition("#")[0].strip()
    for candidate in (written, written.removeprefix("./"), name):
        if graph.has_node(candidate) and graph.nodes[candidate]["kind"] in ("page", "source"):
            return candidate
    target = analysis.resolver.resolve_path(name, "").target if name else None
    if target is not None and target.kind in ("page", "source") and graph.has_node(printable(target.path)):
        return printable(target.path)
    raise UnknownNode(written, analysis.resolver.suggest(name, ("page", "source")) if name else None)
