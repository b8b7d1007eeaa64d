"""An analysis kept in memory and brought up to date after each change (`serve`).

The first analysis is a whole one; each later one starts from it: files whose stamps
moved are read, those whose bytes changed are parsed, and the pages the change reaches
are resolved and linted again, exactly as an incremental check does
(`incremental/update.py`). Every other page keeps its record, its resolved links and its
findings, so the site builder gets a whole `Analysis` at the cost of the change.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TypeVar

from ..analysis import Analysis
from ..config.settings import Config
from ..core.files import ProjectFiles
from ..core.records import PageRecord
from ..lint.selection import RuleSelection
from ..load.state import Stamps
from ..parse.options import ParseOptions
from ..resolve.links import ResolvedLink, ResolvedSource
from ..tiers.model import judging_day
from .changes import read_stamps, step
from .state import AnalysisState, Read
from .update import kept_state, redo

Bounds = dict[str, tuple[int, int]]
"""Where each page's entries are in a list of links or sources: (start, end)."""


@dataclass(frozen=True)
class Kept:
    """The last analysis and its state: where the next one starts from; `bounds`, where
    each page's links, document links and sources are in the analysis's lists (made
    when first needed)."""

    analysis: Analysis
    state: AnalysisState
    bounds: tuple[Bounds, Bounds, Bounds] | None = None


def stamped(files: ProjectFiles) -> dict[str, Read]:
    """The stamps of the files a whole analysis is about to read (taken before it reads
    them: a file changed meanwhile then looks changed to the next step)."""
    return read_stamps(files, Stamps(time.time_ns()))


def keep(analysis: Analysis, read: dict[str, Read]) -> Kept:
    """Start keeping a whole analysis, given its files' stamps (`stamped`)."""
    return Kept(analysis, kept_state("", "", read, analysis))


def advance(
    kept: Kept,
    config: Config,
    selection: RuleSelection,
    files: ProjectFiles,
    options: ParseOptions,
    buffers_only: bool = False,
) -> Kept | None:
    """The analysis of `files` now, from `kept`; None when a whole analysis is needed
    (also when the day the tiers' dated rules judge by has changed since: a server left
    running past midnight). `buffers_only`: only the editor's buffers may have changed
    (`update.step`)."""
    previous = kept.analysis
    if previous.tiers.clients and previous.tiers.as_of != judging_day(config.tiers):
        return None
    stamps = Stamps(time.time_ns())
    done = step(config, kept.state, files, options, stamps, buffers_only)  # stamps every page before reading it
    stats = previous.stats if buffers_only else stamps.sizes(files)
    parsed = {path: done.fresh.get(path) or previous.records[path] for path, _ in done.wanted if path in done.reached}
    records_before, inputs_before = (lambda: previous.records), (lambda: previous.bases.inputs)
    redone = redo(
        config, selection, kept.state, files, done, parsed, records_before, inputs_before, stats, previous.resolver
    )
    if redone is None:
        return None
    records = {path: done.fresh.get(path) or previous.records[path] for path, _ in done.wanted}
    lists = (
        (previous.links, previous.document_links, previous.sources),
        (
            redone.links,
            redone.document_links,
            redone.sources,
        ),
    )
    if list(records) == list(previous.records):  # the same pages: splice the reached ones' entries in
        old = kept.bounds or tuple(_bounds(records, entries) for entries in lists[0])
        spliced = [_spliced(records, parsed, *pair) for pair in zip(*lists, old, strict=True)]
        (links, document_links, sources), bounds = zip(*spliced, strict=True)
    else:
        links, document_links, sources = (_merged(records, parsed, *pair) for pair in zip(*lists, strict=True))
        bounds = None
    analysis = Analysis(
        config,
        files,
        records,
        redone.resolver,
        links,
        document_links,
        sources,
        redone.state.digests,
        redone.tiers if redone.tiers is not None else previous.tiers,
        redone.diagnostics,
        stats,
        stamps.began,
        redone.scoped,
        redone.bases.report,
    )
    return Kept(analysis, redone.state, bounds)  # type: ignore[arg-type]


_Entry = TypeVar("_Entry", ResolvedLink, ResolvedSource)


def _merged(
    records: dict[str, PageRecord], parsed: dict[str, PageRecord], before: list[_Entry], now: list[_Entry]
) -> list[_Entry]:
    """Every page's entries in record order: the reached pages' new ones, the others' kept."""
    by_page: dict[str, list[_Entry]] = {}
    for entry in before:
        if entry.page not in parsed:
            by_page.setdefault(entry.page, []).append(entry)
    for entry in now:
        by_page.setdefault(entry.page, []).append(entry)
    return [entry for path in records for entry in by_page.get(path, ())]


def _bounds(records: dict[str, PageRecord], entries: list[_Entry]) -> Bounds:
    """Where each page's entries are (entries in record order; a page without any has an
    empty range where they would go)."""
    found: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        span = found.get(entry.page)
        if span is None:
            found[entry.page] = [index, index + 1]
        else:
            span[1] = index + 1
    bounds: Bounds = {}
    at = 0
    for path in records:
        span = found.get(path)
        if span is not None:
            at = span[1]
        bounds[path] = (span[0], span[1]) if span is not None else (at, at)
    return bounds


def _spliced(
    records: dict[str, PageRecord],
    parsed: dict[str, PageRecord],
    before: list[_Entry],
    now: list[_Entry],
    bounds: Bounds,
) -> tuple[list[_Entry], Bounds]:
    """`_merged`'s list, made by slicing: the kept entries are copied as runs, not one by
    one (an edit at 10,000 pages merged 200,000 links a keystroke); and its bounds."""
    by_page: dict[str, list[_Entry]] = {}
    for entry in now:
        by_page.setdefault(entry.page, []).append(entry)
    merged: list[_Entry] = []
    new_bounds: Bounds = {}
    at = shift = 0
    for path in records:
        start, end = bounds[path]
        if path not in parsed:
            new_bounds[path] = (start + shift, end + shift)
            continue
        fresh = by_page.get(path, [])
        merged += before[at:start]
        merged += fresh
        at = end
        new_bounds[path] = (start + shift, start + shift + len(fresh))
        shift += len(fresh) - (end - start)
    merged += before[at:]
    return merged, new_bounds
