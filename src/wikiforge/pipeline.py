"""`wikiforge check`: load → parse → resolve/graph → lint, as one function."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from .config.settings import Config
from .core.diagnostic import Diagnostic, Severity
from .core.records import PageRecord
from .lint.rules.context import LintContext
from .lint.run import lint
from .lint.selection import RuleSelection, build_selection
from .load.cache import RecordCache
from .load.discover import ProjectFiles, discover
from .load.read import LoadOptions, load_records, parse_options
from .resolve.graph import build_graph
from .resolve.links import ResolvedLink, ResolvedSource, resolve_links, resolve_sources
from .resolve.resolver import Resolver
from .tiers import TierReport, assign_tiers, generated_pages


@dataclass(frozen=True)
class CheckResult:
    """Findings plus what a report needs: the project root (to quote source lines), the
    pages whose findings are reported (`checked`: every page, or those named on the
    command line), counts and timing."""

    diagnostics: list[Diagnostic]
    pages: int
    sources: int
    seconds: float
    graph: nx.DiGraph
    root: Path
    checked: tuple[str, ...]

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def failed(self, strict: bool = False) -> bool:
        """Whether the check fails: any error, or with `strict` any warning too."""
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(d.severity in failing for d in self.diagnostics)


@dataclass(frozen=True)
class Analysis:
    """Everything the stages before lint produce: files, records, resolved links, graph."""

    config: Config
    files: ProjectFiles
    records: dict[str, PageRecord]
    resolver: Resolver
    links: list[ResolvedLink]
    sources: list[ResolvedSource]
    graph: nx.DiGraph
    tiers: TierReport

    def lint_context(self, selection: RuleSelection) -> LintContext:
        return LintContext(
            self.config,
            self.files,
            self.records,
            self.links,
            self.sources,
            self.graph,
            self.resolver,
            selection,
            self.tiers,
        )


def analyse(
    config: Config,
    render: bool = False,
    files: ProjectFiles | None = None,
    on_page: Callable[[], object] | None = None,
    load: LoadOptions | None = None,
) -> Analysis:
    """Load, parse, resolve and graph the project; with `render`, page bodies are
    rendered to HTML in the same pass (for `build`), so no page is parsed twice.
    `files` saves a second walk when the caller has them; `on_page` is called after
    each file is parsed (progress); `load` says how many processes parse and whether
    the record cache is used."""
    files = files if files is not None else discover(config)
    load = load or LoadOptions()
    options = parse_options(config, render)
    cache = RecordCache.open(config.root, options) if load.cache else None
    records = load_records(files, options, on_page, load.jobs, cache, config.max_page_bytes)
    resolver = Resolver(
        config.content_dir,
        records.values(),
        files.sources,
        files.attachments,
        files.folders,
        resolve_aliases=config.resolve_aliases,
        generated=generated_pages(config.tiers, records.values()),
        templates=files.templates,
    )
    links = resolve_links(records, resolver)
    sources = resolve_sources(records, resolver)
    graph = build_graph(records, links, sources)
    tiers = assign_tiers(config.tiers, (record for record in records.values() if record.role == "page"))
    for client in tiers.clients:
        graph.nodes[client.path]["tier"] = client.tier
    return Analysis(config, files, records, resolver, links, sources, graph, tiers)


def run_check(
    config: Config,
    selection: RuleSelection | None = None,
    only: Collection[str] | None = None,
    load: LoadOptions | None = None,
) -> CheckResult:
    """Check the whole project; with `only` (page paths), report findings on those pages
    alone, though their links are still resolved against every page."""
    started = time.perf_counter()
    selection = selection if selection is not None else build_selection(config)
    analysis = analyse(config, load=load)
    diagnostics = lint(analysis.lint_context(selection), selection)
    files = analysis.files
    checked = tuple(sorted(files.pages))
    if only is not None:
        wanted = set(only)
        diagnostics = [d for d in diagnostics if d.path in wanted]
        checked = tuple(p for p in checked if p in wanted)
    seconds = time.perf_counter() - started
    return CheckResult(diagnostics, len(files.pages), len(files.sources), seconds, analysis.graph, config.root, checked)
