"""Going places: a link's target, what links here, a page's headings, the wiki's pages.

Everything is read from the analysis the check made: a link is where the parser found
it, it leads where the resolver sent it, and a heading link finds the heading the
anchor check found, so the editor jumps exactly where the site's link goes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lsprotocol import types

from ..analysis import Analysis
from ..core.diagnostic import Span
from ..core.records import Heading, PageRecord
from ..resolve.links import ResolvedLink, ResolvedSource
from .positions import Lines, contains

MAX_SYMBOLS = 200
"""Workspace symbols sent for one query: a person picks among the first few."""


@dataclass(frozen=True)
class Place:
    """A file and a span in it (None: the top of the file)."""

    path: str
    span: Span | None = None


def link_at(links: Iterable[ResolvedLink], line: int, column: int) -> ResolvedLink | None:
    """The link written at the 1-based `line` and `column`, if any."""
    return next((resolved for resolved in links if contains(resolved.link.span, line, column)), None)


def source_at(analysis: Analysis, path: str, line: int, column: int) -> ResolvedSource | None:
    """The `source_docs` entry written at that place, if any."""
    return next((s for s in analysis.sources if s.page == path and contains(s.ref.span, line, column)), None)


def heading_at(record: PageRecord, line: int) -> tuple[int, Heading] | None:
    """The heading written on `line` (1-based) and its index, if any."""
    return next(((i, h) for i, h in enumerate(record.headings) if h.span.line <= line <= h.span.end_line), None)


def target_place(analysis: Analysis, resolved: ResolvedLink) -> Place | None:
    """Where a link leads: the file, at the heading or block its anchor found."""
    target = resolved.resolution.target
    if target is None or target.kind in ("generated", "folder"):
        return None
    record = analysis.records.get(target.path)
    fragment = resolved.fragment
    if record is not None and isinstance(fragment, int) and fragment < len(record.headings):
        return Place(target.path, record.headings[fragment].span)
    if record is not None and isinstance(fragment, str) and fragment:
        block = next((b for b in record.block_ids if b.id == fragment), None)
        return Place(target.path, block.span if block is not None else None)
    return Place(target.path)


def source_place(source: ResolvedSource) -> Place | None:
    target = source.resolution.target
    return Place(target.path) if target is not None else None


def links_to(analysis: Analysis, path: str, heading: int | None = None) -> list[ResolvedLink]:
    """Every link that leads to `path` (to its heading of that index, when given), in
    the pages' order: its backlinks, the page's own links to itself left out unless
    they name a heading."""
    found = []
    for resolved in analysis.links:
        target = resolved.resolution.target
        if target is None or target.path != path or resolved.anchor_found is False:
            continue
        if heading is None and resolved.page != path or heading is not None and resolved.fragment == heading:
            found.append(resolved)
    return found


def location(place: Place, uri: Callable[[str], str], lines: Callable[[str], Lines]) -> types.Location:
    """A place as the editor's location (the top of the file when it has no span)."""
    if place.span is None:
        start = types.Position(0, 0)
        return types.Location(uri(place.path), types.Range(start, start))
    return types.Location(uri(place.path), lines(place.path).range(place.span))


def document_symbols(record: PageRecord, lines: Lines) -> list[types.DocumentSymbol]:
    """The page's headings as an outline: each holds the headings below it."""
    roots: list[types.DocumentSymbol] = []
    stack: list[tuple[int, types.DocumentSymbol]] = []
    for heading in record.headings:
        span = lines.range(heading.span)
        symbol = types.DocumentSymbol(
            name=heading.text or heading.source or "(empty heading)",
            kind=types.SymbolKind.String,
            range=span,
            selection_range=span,
            detail="#" * heading.level,
            children=[],
        )
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        siblings = stack[-1][1].children if stack else roots
        if siblings is not None:
            siblings.append(symbol)
        stack.append((heading.level, symbol))
    return roots


def workspace_symbols(analysis: Analysis, query: str, uri: Callable[[str], str]) -> list[types.WorkspaceSymbol]:
    """Pages whose title, path or alias holds the query's characters in order (case
    ignored), best first: a title that starts with it, then one that holds it whole."""
    wanted = query.casefold().strip()
    scored = []
    for path, record in analysis.records.items():
        if record.role != "page":
            continue
        names = [record.title, path, *record.aliases]
        ranks = [r for r in (_rank(name.casefold(), wanted) for name in names) if r is not None]
        if ranks:
            rank = min(ranks)
            scored.append((rank, record.title.casefold(), path, record))
    scored.sort(key=lambda item: item[:3])
    start = types.Position(0, 0)
    return [
        types.WorkspaceSymbol(
            name=record.title,
            kind=types.SymbolKind.File,
            location=types.Location(uri(path), types.Range(start, start)),
            container_name=path.rpartition("/")[0] or None,
        )
        for _, _, path, record in scored[:MAX_SYMBOLS]
    ]


def _rank(name: str, wanted: str) -> int | None:
    if not wanted or name.startswith(wanted):
        return 0
    if wanted in name:
        return 1
    at = 0
    for char in wanted:
        at = name.find(char, at) + 1
        if not at:
            return None
    return 2
