"""The frozen result of a run's analysis, which every later stage only reads.

`pipeline.analyse` makes one `Analysis`: the project's files, every record, each link
resolved once, every page's digest, the client tiers and every finding; the link graph
is made from them when first asked for (checks and builds read the links directly). `build` renders it,
reports format a `CheckResult` made from it; neither discovers, parses, resolves or
lints again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .core.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:  # what the stages made: a report or a replayed check need not load them
    import networkx as nx

    from .bases.run import BasesReport
    from .config.settings import Config
    from .core.files import ProjectFiles, Stat
    from .core.records import PageRecord
    from .lint.run import Findings
    from .resolve.digest import PageDigest
    from .resolve.links import ResolvedLink, ResolvedSource
    from .resolve.resolver import Resolver
    from .tiers import TierReport


@dataclass(frozen=True)
class Analysis:
    """Everything a run knows about the project once its rules have run.

    `stats` are the pages' and source documents' sizes and times, taken before they
    were read, and `read_from` (nanoseconds since the epoch) when reading began: an
    incremental build trusts a file's stat only if it is older than that."""

    config: Config
    files: ProjectFiles
    records: dict[str, PageRecord]
    resolver: Resolver
    links: list[ResolvedLink]
    document_links: list[ResolvedLink]
    """The links of Markdown source documents, which the site shows but no rule checks."""
    sources: list[ResolvedSource]
    digests: Mapping[str, PageDigest]
    tiers: TierReport
    diagnostics: list[Diagnostic]
    stats: Mapping[str, Stat]
    read_from: int
    scoped: Mapping[str, Findings]
    """Each rule scope's findings before the review of suppressions: what an
    incremental check keeps of this run."""
    bases: BasesReport
    """Every base of the project, evaluated (`bases/run.py`)."""

    @cached_property
    def graph(self) -> nx.DiGraph:
        from .resolve.graph import build_graph  # on demand: no command needs the whole graph yet

        return build_graph(
            self.records, self.links, self.sources, {client.path: client.tier for client in self.tiers.clients}
        )


@dataclass(frozen=True)
class CheckResult:
    """Findings plus what a report needs: the project root (to quote source lines), the
    pages whose findings are reported (`checked`: every page, or those named on the
    command line), counts and timing."""

    diagnostics: list[Diagnostic]
    pages: int
    sources: int
    seconds: float
    root: Path
    checked: tuple[str, ...]

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def failed(self, strict: bool = False) -> bool:
        """Whether the check fails: any error, or with `strict` any warning too."""
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(d.severity in failing for d in self.diagnostics)
