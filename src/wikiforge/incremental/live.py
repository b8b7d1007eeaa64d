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
from .state import AnalysisState, Read
from .update import kept_state, read_stamps, redo, step


@dataclass(frozen=True)
class Kept:
    """The last analysis and its state: where the next one starts from."""

    analysis: Analysis
    state: AnalysisState


def stamped(files: ProjectFiles) -> dict[str, Read]:
    """The stamps of the files a whole analysis is about to read (taken before it reads
    them: a file changed meanwhile then looks changed to the next step)."""
    return read_stamps(files, Stamps(time.time_ns()))


def keep(analysis: Analysis, read: dict[str, Read]) -> Kept:
    """Start keeping a whole analysis, given its files' stamps (`stamped`)."""
    return Kept(analysis, kept_state("", "", read, analysis))


def advance(
    kept: Kept, config: Config, selection: RuleSelection, files: ProjectFiles, options: ParseOptions
) -> Kept | None:
    """The analysis of `files` now, from `kept`; None when a whole analysis is needed."""
    stamps = Stamps(time.time_ns())
    previous = kept.analysis
    done = step(config, kept.state, files, options, stamps)  # stamps every page before reading it
    stats = stamps.sizes(files)
    parsed = {path: done.fresh.get(path) or previous.records[path] for path, _ in done.wanted if path in done.reached}
    redone = redo(config, selection, kept.state, files, done, parsed, lambda: previous.records, previous.resolver)
    if redone is None:
        return None
    records = {path: done.fresh.get(path) or previous.records[path] for path, _ in done.wanted}
    links = _merged(records, parsed, previous.links, redone.links)
    document_links = _merged(records, parsed, previous.document_links, redone.document_links)
    sources = _merged(records, parsed, previous.sources, redone.sources)
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
    )
    return Kept(analysis, redone.state)


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
