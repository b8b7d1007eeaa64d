"""What every lint rule may read: the project's records, resolved links and graph."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from ...config.settings import Config
from ...core.files import ProjectFiles
from ...core.records import PageRecord
from ...resolve.links import ResolvedLink, ResolvedSource
from ...resolve.resolver import Resolver
from ...tiers import TierReport


@dataclass(frozen=True)
class LintContext:
    """Read-only inputs of the lint stage; rules never parse or resolve again.

    `tiers` places every client (DESIGN §6), for the tier rules. `applies(code, path)`
    says whether rule `code` runs on `path` in this run (the selection's answer), and
    `suppressions_used` holds (page, suppression index, rule code) for every suppression
    that hid a finding; both are for the rules that review suppressions.
    """

    config: Config
    files: ProjectFiles
    records: dict[str, PageRecord]
    links: list[ResolvedLink]
    sources: list[ResolvedSource]
    graph: nx.DiGraph
    resolver: Resolver
    applies: Callable[[str, str], bool]
    tiers: TierReport
    suppressions_used: frozenset[tuple[str, int, str]] = frozenset()

    @cached_property
    def pages(self) -> list[PageRecord]:
        """The wiki's pages (records of source documents left out)."""
        return [r for r in self.records.values() if r.role == "page"]

    def links_of_kind(self, *kinds: str) -> list[ResolvedLink]:
        return [r for r in self.links if r.link.kind in kinds]
