"""What can be wrong with a base before any row is read: a function or method no type
has, a property no page has, a formula that does not exist or reaches itself, a summary
nobody defined.

These are the silent failures of Bases: Obsidian shows an empty column or an empty
table and says nothing, so a misspelt `stauts` looks like a base with no matches.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from ..core.suggest import closest
from .compiled import Compiled, Issue
from .located import Source
from .references import references, unknown_functions
from .summaries import SUMMARY_NAMES
from .syntax import Expr, Member, Name, Node, children

SUMMARY_LOCALS = ("values",)


def static_issues(compiled: Compiled, note_properties: frozenset[str]) -> list[Issue]:
    """Every issue of `compiled` that needs no row: unknown names, undefined formulas,
    formula cycles and unknown summaries (`note_properties`: every key some page has)."""
    issues: list[Issue] = []
    path = compiled.source.path
    for source, expr, bound in _expressions(compiled):
        issues.extend(_unknown_calls(path, source, expr))
        issues.extend(_unknown_names(compiled, path, source, expr, bound, note_properties))
    issues.extend(_view_names(compiled, note_properties))
    issues.extend(_cycles(compiled))
    return issues


def _expressions(compiled: Compiled) -> Iterator[tuple[Source, Expr, tuple[str, ...]]]:
    """Each parsed expression with its source and the locals its context binds."""
    summaries = {id(source) for source in compiled.spec.summaries.values()}
    for key, statement in compiled.statements.items():
        if statement.expr is not None:
            yield statement.source, statement.expr, SUMMARY_LOCALS if key in summaries else ()


def _unknown_calls(path: str, source: Source, expr: Expr) -> Iterator[Issue]:
    for unknown in unknown_functions(expr):
        what = "function" if unknown.kind == "function" else "method"
        message = f"there is no {what} `{unknown.name}`"
        yield Issue("unknown-function", path, source.span_of(unknown.start, unknown.end), message, unknown.suggestion)


def _unknown_names(
    compiled: Compiled, path: str, source: Source, expr: Expr, bound: tuple[str, ...], known: frozenset[str]
) -> Iterator[Issue]:
    found = references(expr, bound)
    for reference in found.properties:
        if reference.name not in known:
            span = source.span_of(reference.start, reference.end)
            message = f"no page has the property `{reference.name}`"
            yield Issue("unknown-property", path, span, message, closest(reference.name, sorted(known)))
    for reference in found.formulas:
        if reference.name not in compiled.spec.formulas:
            span = source.span_of(reference.start, reference.end)
            message = f"the base defines no formula `{reference.name}`"
            yield Issue(
                "undefined-reference", path, span, message, closest(reference.name, list(compiled.spec.formulas))
            )


def _view_names(compiled: Compiled, known: frozenset[str]) -> Iterator[Issue]:
    """Properties, formulas and summaries the views name that do not exist."""
    path, formulas = compiled.source.path, compiled.spec.formulas
    for view in compiled.spec.views:
        for name, span in view.names:
            root, _, rest = name.partition(".")
            if root == "note" and rest not in known:
                yield Issue(
                    "unknown-property", path, span, f"no page has the property `{rest}`", closest(rest, sorted(known))
                )
            elif root == "formula" and rest not in formulas:
                message = f"the base defines no formula `{rest}`"
                yield Issue("undefined-reference", path, span, message, closest(rest, list(formulas)))
        for summary in view.summaries:
            if summary.name not in SUMMARY_NAMES and summary.name not in compiled.spec.summaries:
                choices = [*SUMMARY_NAMES, *compiled.spec.summaries]
                message = f"there is no summary `{summary.name}`"
                yield Issue("unknown-function", path, summary.span, message, closest(summary.name, choices))


def _cycles(compiled: Compiled) -> Iterator[Issue]:
    """One issue per formula cycle, at the first formula of the cycle in file order."""
    graph = nx.DiGraph()
    for name, expr in compiled.formulas.items():
        graph.add_node(name)
        for reference in references(expr).formulas:
            if reference.name in compiled.formulas:
                graph.add_edge(name, reference.name)
    order = list(compiled.spec.formulas)
    for component in nx.strongly_connected_components(graph):
        first = min(component, key=order.index)
        if len(component) == 1 and not graph.has_edge(first, first):
            continue
        cycle = _cycle_from(graph, first)
        message = "formula cycle: " + " → ".join(f"formula.{name}" for name in [*cycle, first])
        yield Issue("formula-cycle", compiled.source.path, compiled.spec.formulas[first].span, message)


def _cycle_from(graph: nx.DiGraph, first: str) -> list[str]:
    """A shortest cycle through `first`, as the formulas it visits."""
    paths = [nx.shortest_path(graph, first, source) for source in graph.predecessors(first)]
    return min(paths, key=len)


def this_properties(expr: Expr) -> list[tuple[str, int, int]]:
    """The note properties read of `this` (`this.x`, `this.note.x`), with offsets."""
    found: list[tuple[str, int, int]] = []
    _walk_this(expr.root, found)
    return found


def _is_this(node: Node) -> bool:
    return isinstance(node, Name) and node.name == "this"


def _walk_this(node: Node, found: list[tuple[str, int, int]]) -> None:
    if isinstance(node, Member) and _is_this(node.target) and node.name not in ("file", "note"):
        found.append((node.name, node.name_start, node.end))
    inner = node.target if isinstance(node, Member) else None
    if isinstance(node, Member) and isinstance(inner, Member) and inner.name == "note" and _is_this(inner.target):
        found.append((node.name, node.name_start, node.end))
    for child in children(node):
        _walk_this(child, found)
