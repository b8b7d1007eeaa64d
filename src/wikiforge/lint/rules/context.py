"""What every lint rule may read: the project's records, resolved links and digests."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from ...bases.run import BasesReport
from ...config.settings import Config
from ...core.files import ProjectFiles
from ...core.records import PageRecord, Suppression
from ...resolve.digest import Head, PageDigest
from ...resolve.links import ResolvedLink, ResolvedSource
from ...resolve.resolver import Resolver
from ...tiers import TierReport


@dataclass(frozen=True)
class LintContext:
    """Read-only inputs of the lint stage; rules never parse or resolve again.

    `records`, `links` and `sources` are those of the pages the "page" rules judge: every
    page in a whole run, the pages an edit reaches in an incremental one (with the client
    pages, for the "tiers" rules). `digests` has every page and source document, in
    the order a whole run lists them: what "wiki" rules and anchors read of other pages.
    `tiers` places every client (DESIGN §6), for the "tiers" rules (`placed`); it is None
    in an incremental run that had no client to place again, when those rules do not run. `applies(code, path)`
    says whether rule `code` runs on `path` in this run (the selection's answer), and
    `suppressions_used` holds (page, suppression index, rule code) for every suppression
    that hid a finding; both are for the rules that review suppressions.
    """

    config: Config
    files: ProjectFiles
    records: dict[str, PageRecord]
    links: list[ResolvedLink]
    sources: list[ResolvedSource]
    digests: Mapping[str, PageDigest]
    resolver: Resolver
    applies: Callable[[str, str], bool]
    tiers: TierReport | None
    suppressions_used: frozenset[tuple[str, int, str]] = frozenset()
    heads: Mapping[str, Head] | None = None
    """Every digest's head, when the digests are read on demand (a run after an edit):
    what the rules reviewing suppressions read of every page, without every digest."""
    bases: BasesReport | None = None
    """Every base evaluated, for the "bases" rules (None in a run after an edit of a
    project with no base, when they have nothing to say)."""

    def suppressions_of(self, path: str) -> tuple[Suppression, ...]:
        """The suppressions written on the page or document at `path`."""
        found = (self.heads if self.heads is not None else self.digests).get(path)
        return found.suppressions if found is not None else ()

    def suppressions(self) -> Iterator[tuple[str, tuple[Suppression, ...]]]:
        """Every page's and document's suppressions (those that have any), in order."""
        pages = self.heads.values() if self.heads is not None else self.digests.values()
        return ((page.path, page.suppressions) for page in pages if page.suppressions)

    @cached_property
    def pages(self) -> list[PageRecord]:
        """The wiki's pages (records of source documents left out)."""
        return [r for r in self.records.values() if r.role == "page"]

    @property
    def placed(self) -> TierReport:
        """The tier report, for the "tiers" rules, which only run when there is one."""
        if self.tiers is None:
            raise ValueError("the clients were not placed in this run")
        return self.tiers

    def links_of_kind(self, *kinds: str) -> list[ResolvedLink]:
        return [r for r in self.links if r.link.kind in kinds]
