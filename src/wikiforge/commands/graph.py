"""`wikiforge graph`: the link graph exported (JSON, GraphML, GEXF, DOT, Mermaid) or its
statistics, for the whole wiki or one page's neighbourhood.

The graph is the analysis' (`pipeline.analyse`, the same run as `check`), read, never
made again: orphans are the check's orphan-page findings. Exit codes: 0 printed; 2 no
project, a bad config, an unknown `--from` page or an output file that cannot be written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.printable import printable
from ..lint.rules import find_rule
from ..lint.selection import load_settings
from ..load.options import LoadOptions
from ..load.scope import NO_PROJECT, find_root, project_for
from .check import Echo, UsageError

if TYPE_CHECKING:
    import networkx as nx

    from ..analysis import Analysis
    from ..lint.selection import RuleSelection

ORPHAN_RULE = "orphan-page"


@dataclass(frozen=True)
class GraphRequest:
    """Everything `wikiforge graph` was asked to do."""

    path: Path | None = None
    output_format: str | None = None
    """json, graphml, gexf, dot or mermaid; None: json, or text with `stats`."""
    output: Path | None = None
    stats: bool = False
    top: int = 10
    start: str | None = None
    """`--from`: the page whose neighbourhood is exported."""
    depth: int = 1
    broken: bool = False
    attachments: bool = False
    load: LoadOptions = field(default_factory=LoadOptions)


def execute(request: GraphRequest, out: Echo, err: Echo) -> int:
    """Print (or write to `request.output`) the graph or its statistics; returns 0, or
    raises ConfigError / UsageError (exit 2)."""
    root = project_for(request.path) if request.path is not None else find_root(Path.cwd())
    if root is None:
        raise UsageError(NO_PROJECT)
    from ..pipeline import analyse  # on demand: `wikiforge --help` need not load the stages
    from ..report.link_graph import GraphOptions, export_graph

    config, selection = load_settings(root)
    analysis = analyse(config, load=request.load, selection=selection)
    graph = export_graph(analysis, GraphOptions(broken=request.broken, attachments=request.attachments))
    if request.start is not None:
        graph = _around(analysis, graph, root, request)
    if request.stats:
        text = _stats(analysis, selection, graph, request)
    else:
        from ..report.graph_formats import MERMAID_EDGE_LIMIT, format_graph

        fmt = request.output_format or "json"
        if fmt == "mermaid" and graph.number_of_edges() > MERMAID_EDGE_LIMIT:
            err(
                f"wikiforge: {graph.number_of_edges()} links: Mermaid renderers draw at most {MERMAID_EDGE_LIMIT} "
                "edges by default; --from PAGE --depth N exports a part"
            )
        text = format_graph(graph, fmt)
    _emit(request.output, text, out)
    return 0


def _around(analysis: Analysis, graph: nx.MultiDiGraph, root: Path, request: GraphRequest) -> nx.MultiDiGraph:
    """The neighbourhood of `--from`: a node's path from the project root, a file path
    from the current folder, or a name as a link writes it."""
    from ..report.link_graph import UnknownNode, find_node, neighbourhood

    written = request.start or ""
    on_disk = _project_path(root, written)
    try:
        node = find_node(analysis, graph, on_disk if on_disk is not None else written)
    except UnknownNode as exc:
        raise UsageError(f"--from: {exc}") from exc
    return neighbourhood(graph, node, request.depth)


def _project_path(root: Path, written: str) -> str | None:
    """`written` as a path from the project root, when it names a file inside it from
    the current folder (`knowledge/okr.md` typed in wiki/)."""
    given = Path(written)
    if not written or not given.is_file():
        return None
    try:
        return Path(os.path.abspath(given)).relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return None


def _stats(analysis: Analysis, selection: RuleSelection, graph: nx.MultiDiGraph, request: GraphRequest) -> str:
    from ..report.graph_stats import graph_stats, stats_json, stats_text

    rule = find_rule(ORPHAN_RULE)
    orphans = None
    if rule is not None and selection.rule_on(rule.code):
        found = {printable(d.path) for d in analysis.diagnostics if d.code == rule.code}
        orphans = [node for node in graph if node in found]
    stats = graph_stats(graph, orphans, request.top)
    return stats_json(stats) if request.output_format == "json" else stats_text(stats)


def _emit(output: Path | None, text: str, out: Echo) -> None:
    if output is None:
        out(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc
