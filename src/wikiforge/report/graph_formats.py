"""`wikiforge graph`'s export formats: JSON, GraphML and GEXF by networkx's own writers,
Graphviz DOT and Mermaid written here.

JSON is networkx's node-link data (`nx.node_link_graph(data, edges="edges")` reads it
back), with every attribute, tags as a list and null where unknown. GraphML and GEXF
hold only scalar values: tags are one comma-separated string (`okr,strategy`) and an
unknown value is left out, never written as "None". GEXF's `lastmodifieddate`, the day
the file was written, is left out too, so an export is the same bytes every day.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import networkx as nx

GRAPH_FORMATS = ("json", "graphml", "gexf", "dot", "mermaid")

MERMAID_EDGE_LIMIT = 500
"""Mermaid's default `maxEdges`: a renderer refuses a flowchart with more edges."""

_DOT_SHAPES = {"page": "box", "source": "note", "attachment": "component", "missing": "box"}
_MERMAID_ARROWS = {"wikilink": "-->", "markdown": "-->", "embed": "==>", "source": "-.->"}
_MERMAID_ESCAPED = frozenset('"#&<>`[]{}()|;\\')
"""Characters a Mermaid label writes as entity codes (`#35;` for `#`): quotes end it,
`#…;` is an entity itself, `<`, `>` and `&` are HTML, a backtick starts Markdown, and
brackets, bars, semicolons and backslashes are the flowchart's own syntax or escapes
(safe inside quotes, but not in every renderer's parser)."""


def format_graph(graph: nx.MultiDiGraph, fmt: str) -> str:
    """The graph in format `fmt` (one of GRAPH_FORMATS), ending with a newline."""
    writers: dict[str, Callable[[nx.MultiDiGraph], str]] = {
        "json": _json,
        "graphml": _graphml,
        "gexf": _gexf,
        "dot": _dot,
        "mermaid": _mermaid,
    }
    return writers[fmt](graph)


def _json(graph: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(graph, edges="edges")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def scalar_graph(graph: nx.MultiDiGraph, label: bool = False) -> nx.MultiDiGraph:
    """A copy holding only scalar attributes: tags joined by commas, None left out;
    with `label`, each node's title also as its `label` (what GEXF viewers show)."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        values = _scalars(data)
        if label:
            values["label"] = data["title"]
        flat.add_node(node, **values)
    flat.add_edges_from((u, v, key, _scalars(data)) for u, v, key, data in graph.edges(keys=True, data=True))
    return flat


def _scalars(data: dict[str, Any]) -> dict[str, Any]:
    values = {}
    for name, value in data.items():
        if isinstance(value, list):
            values[name] = ",".join(value)
        elif value is not None:
            values[name] = value
    return values


def _graphml(graph: nx.MultiDiGraph) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(scalar_graph(graph), buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8") + "\n"


def _gexf(graph: nx.MultiDiGraph) -> str:
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8")
    flat = scalar_graph(graph, label=True)
    for _, _, key, data in flat.edges(keys=True, data=True):
        data["id"] = key  # the edge ids GraphML and JSON give, not a second numbering
    writer.add_graph(flat)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue().decode("utf-8") + "\n"


def dot_string(text: str) -> str:
    """`text` as a DOT quoted string: backslashes doubled (so no `\\l` or a trailing
    backslash changes it) and quotes escaped; a line break as `\\n`."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n")
    return f'"{escaped}"'


def _dot_attributes(values: dict[str, Any]) -> str:
    return ", ".join(f"{name}={dot_string(str(value))}" for name, value in _scalars(values).items())


def _dot(graph: nx.MultiDiGraph) -> str:
    """A Graphviz digraph: a node per page (a box), source document (a note),
    attachment or missing target (dashed), labelled by title; an edge per link, source
    citations dashed, with every attribute of the JSON export as Graphviz attributes."""
    lines = ["digraph wiki {", "  node [shape=box];"]
    for node, data in graph.nodes(data=True):
        look: dict[str, Any] = {"label": data["title"], "shape": _DOT_SHAPES.get(data["kind"], "box")}
        if data["kind"] == "missing":
            look["style"] = "dashed"
        lines.append(f"  {dot_string(node)} [{_dot_attributes({**look, **data})}];")
    for u, v, key, data in graph.edges(keys=True, data=True):
        look = {"id": key, "style": "dashed"} if data["kind"] == "source" else {"id": key}
        lines.append(f"  {dot_string(u)} -> {dot_string(v)} [{_dot_attributes({**look, **data})}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def mermaid_label(text: str) -> str:
    """`text` as a quoted Mermaid label, its syntax characters as `#NNN;` entity codes."""
    escaped = "".join(f"#{ord(ch)};" if ch in _MERMAID_ESCAPED else ch for ch in text)
    return f'"{escaped.replace(chr(10), " ").replace(chr(13), " ")}"'


def _mermaid(graph: nx.MultiDiGraph) -> str:
    """A Mermaid flowchart: nodes `n0`, `n1`, … (in the graph's order) labelled by title,
    source documents as cylinders; an edge per link labelled by its kind (embeds thick,
    source citations dotted); a class per node kind for styling."""
    ids = {node: f"n{number}" for number, node in enumerate(graph)}
    lines = ["flowchart LR"]
    by_kind: dict[str, list[str]] = {}
    for node, data in graph.nodes(data=True):
        label = mermaid_label(data["title"])
        shape = f"[({label})]" if data["kind"] == "source" else f"[{label}]"
        lines.append(f"  {ids[node]}{shape}")
        by_kind.setdefault(data["kind"], []).append(ids[node])
    for u, v, data in graph.edges(data=True):
        lines.append(f"  {ids[u]} {_MERMAID_ARROWS.get(data['kind'], '-->')}|{data['kind']}| {ids[v]}")
    lines.append("  classDef missing stroke-dasharray: 5 5")
    lines += [f"  class {','.join(members)} {kind}" for kind, members in sorted(by_kind.items())]
    return "\n".join(lines) + "\n"
