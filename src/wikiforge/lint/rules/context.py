"""What every lint rule may read: the project's records, resolved links and graph."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import networkx as nx

from ...config.settings import Config
from ...core.records import PageRecord
from ...load.discover import ProjectFiles
from ...resolve.links import ResolvedLink, ResolvedSource
from ...resolve.resolver import Resolver
from ...tiers import TierReport

if TYPE_CHECKING:
    from ..selection import RuleSelection


@dataclass(frozen=True)
class LintContext:
    """Read-only inputs of the lint stage; rules never parse or resolve again.

    `tiers` places every client (DESIGN §6), for the tier rules. `suppressions_used`
    holds (page, suppression index, rule code) for every suppression that hid a
    finding; it is filled in for the rules that review suppressions.
    """

    config: Config
    files: ProjectFiles
    records: dict[str, PageRecord]
    links: list[ResolvedLink]
    sources: list[ResolvedSource]
    graph: nx.DiGraph
    resolver: Resolver
    selection: RuleSelection
    tiers: TierReport
    suppressions_used: frozenset[tuple[str, int, str]] = frozenset()

    @cached_property
    def pages(self) -> list[PageRecord]:
        """The wiki's pages (records of source documents left out)."""
        return [r for r in self.records.values() if r.role == "page"]

    def links_of_kind(self, *kinds: str) -> list[ResolvedLink]:
        return [r for r in self.links if r.link.kind in kinds]
