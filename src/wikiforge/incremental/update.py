"""An incremental check: the last check's state brought up to date with what changed.

The files that changed, and the pages that reaches, are found first
(`incremental/changes.py`). Those pages, and the changed ones, are parsed again and their links resolved against
every page's digest; the "page" rules run on them alone, and every other page keeps its
findings. The "tiers" rules run when a client page changed as the tiers read it, from the
kept client records; the "wiki" rules (titles, orphans, site files) run on the digests
when what they read of a digest (`digest.wiki_view`: its title, the files its links
reach, its suppressions…) or the file listing changed (a body edit, or a link to
nothing, changes neither). When the project holds a base, the bases are evaluated
again from what each page gave them, the reached pages' made anew and the others' as
kept (`incremental/bases.py`), and the "bases" rules run on the result. The result is
the whole check's, finding for finding, in the same order.
`serve` takes the same steps on the analysis it keeps in memory (`incremental/live.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from ..analysis import Analysis
from ..bases.rows import RowInput
from ..config.settings import Config
from ..core.diagnostic import Diagnostic
from ..core.files import ProjectFiles, Stat
from ..core.lazy import Lazy
from ..core.records import PageRecord
from ..lint.rules.context import LintContext
from ..lint.run import Findings, finish, run_scope
from ..lint.selection import RuleSelection
from ..load.state import Stamps
from ..parse.options import ParseOptions
from ..resolve.digest import Head, PageDigest, digest_pages, head_of, wiki_view
from ..resolve.links import ResolvedLink, ResolvedSource, resolve_links, resolve_sources
from ..resolve.resolver import Resolver, project_resolver
from ..tiers import TierReport, generated_pages
from .bases import Evaluated, evaluate_again
from .changes import Step, parse_again, step
from .clients import client_records, place_again, placed_hashes
from .state import AnalysisState, BaseInputs, Clients, Listing, Read, listed_files


@dataclass(frozen=True)
class Checked:
    """An incremental check's findings, and the state (and clients) to keep after it."""

    diagnostics: list[Diagnostic]
    state: AnalysisState
    clients: Clients | None
    bases: BaseInputs | None
    """The bases' inputs, when this run made them anew (to keep beside `state`)."""
    reached: int
    """How many pages the "page" rules ran on again."""
    changed: set[str]
    """The paths whose kept entries (how read, digest, findings) are new."""
    step: Step
    redone: Redone


def kept_state(
    key: str, generation: str, read: dict[str, Read], analysis: Analysis, bases_generation: str = ""
) -> AnalysisState:
    """The state of a whole analysis, for the next run to start from (`read`: the stamps
    taken before it read the files; `generation` and `bases_generation`: those of the
    client records and the bases' inputs kept beside it)."""
    made = {path: Read(read[path].stamp, record.made_from) for path, record in analysis.records.items()}
    config = analysis.config
    listing = Listing.of(analysis.files, generated_pages(config.tiers, analysis.records.values()))
    pages = analysis.scoped["page"].by_page()
    scoped = analysis.scoped
    listed = listed_files(analysis.files)
    placed = placed_hashes(client_records(config, analysis.records))
    heads = {path: head_of(digest) for path, digest in analysis.digests.items()}
    tiers, wiki = scoped["tiers"], scoped["wiki"]
    return AnalysisState(
        key,
        generation,
        made,
        listing,
        analysis.digests,
        heads,
        pages,
        tiers,
        wiki,
        listed,
        placed,
        (),
        (),
        bases_generation,
    )


@dataclass(frozen=True)
class Redone:
    """The cross-page results of an incremental step: the reached pages' records and
    links resolved again, every page's digest and findings, and the state to keep."""

    parsed: dict[str, PageRecord]
    resolver: Resolver
    links: list[ResolvedLink]
    document_links: list[ResolvedLink]
    sources: list[ResolvedSource]
    tiers: TierReport | None
    clients: Clients | None
    bases: Evaluated
    scoped: dict[str, Findings]
    diagnostics: list[Diagnostic]
    state: AnalysisState


_NONE = Findings((), frozenset())
"""The "bases" rules' findings in a project with no base, without running them."""


def redo(
    config: Config,
    selection: RuleSelection,
    state: AnalysisState,
    files: ProjectFiles,
    done: Step,
    parsed: dict[str, PageRecord],
    clients_before: Callable[[], Mapping[str, PageRecord] | None],
    bases_before: Callable[[], Mapping[str, RowInput] | None],
    stats: Mapping[str, Stat],
    resolver: Resolver | None = None,
) -> Redone | None:
    """Resolve the links of the reached pages (`parsed`: their records, in order) against
    every page's digest, run the "page" rules on them, the "tiers" rules when a client
    changed (`clients_before`: the client records, None if lost), the bases again when
    the project has one (`bases_before`: what every page gave them last, None if lost;
    `stats`: every page's size and time now) and the "wiki" rules. `resolver`, the last
    analysis's, is used again when no name came or went. None: the whole project must be
    analysed (kept records lost)."""
    before = state.digests
    anchored: Mapping[str, PageDigest | PageRecord] = _over(parsed, before, done.wanted)
    if resolver is None or done.renamed:
        named = [parsed.get(path) or state.heads[path] for path, _ in done.wanted]
        resolver = project_resolver(config, files, named, done.generated)
    links, document_links = resolve_links(parsed, resolver, anchored)
    sources = resolve_sources(parsed, resolver)
    redone = digest_pages(parsed, [*links, *document_links], sources)
    digests = _over(redone, before, done.wanted)
    heads = _over({path: head_of(digest) for path, digest in redone.items()}, state.heads, done.wanted)

    changed = [*done.fresh, *done.gone]
    placed = place_again(
        config, selection, files, state, changed, parsed, digests, resolver, clients_before, done.renamed
    )
    if placed is None:
        return None
    clients, tiers_found = placed.clients, placed.found
    every_link = [*links, *document_links]
    bases = evaluate_again(
        config, files, done.wanted, parsed, every_link, heads, stats, resolver, bases_before, state.bases_generation
    )
    if bases is None:
        return None

    applies, report = selection.applies, bases.report
    context = LintContext(
        config, files, parsed, links, sources, digests, resolver, applies, None, heads=heads, bases=report
    )
    pages = _pages_found(done, parsed, run_scope(context, selection, "page").by_page(), state)
    listed = listed_files(files)
    wiki_kept = not done.gone and all(_same_view(before.get(path), digest) for path, digest in redone.items())
    wiki_found = state.wiki if wiki_kept and listed == state.listed else run_scope(context, selection, "wiki")
    bases_found = run_scope(context, selection, "bases") if report.results else _NONE
    diagnostics = finish(context, selection, [*pages.values(), tiers_found, wiki_found, bases_found])
    found = {"page": pages, "tiers": tiers_found, "wiki": wiki_found}
    kept = _next_state(state, done, digests, heads, found, listed, clients, bases.generation)
    scoped = {"page": _joined(pages.values()), "tiers": tiers_found, "wiki": wiki_found, "bases": bases_found}
    tiers = placed.report
    return Redone(parsed, resolver, links, document_links, sources, tiers, clients, bases, scoped, diagnostics, kept)


def _next_state(
    state: AnalysisState,
    done: Step,
    digests: Mapping[str, PageDigest],
    heads: Mapping[str, Head],
    found: dict[str, Any],
    listed: str,
    clients: Clients | None,
    bases_generation: str,
) -> AnalysisState:
    """The state after a step: `found` holds the "page" findings by page, and the
    "tiers" and "wiki" findings."""
    generation = clients.generation if clients is not None else state.generation
    hashes = placed_hashes(clients.records) if clients is not None else state.placed
    return AnalysisState(
        state.key,
        generation,
        done.read,
        done.listing,
        digests,
        heads,
        found["page"],
        found["tiers"],
        found["wiki"],
        listed,
        hashes,
        state.shards,
        state.digest_shards,
        bases_generation,
    )


def _same_view(before: PageDigest | None, now: PageDigest) -> bool:
    """Whether the wiki-wide rules see a page as they saw it (`digest.wiki_view`)."""
    return before is not None and (before == now or wiki_view(before) == wiki_view(now))


def _joined(found: Iterable[Findings]) -> Findings:
    """Every page's "page" findings as one."""
    parts = list(found)
    return Findings(tuple(d for part in parts for d in part.diagnostics), frozenset().union(*(p.used for p in parts)))


_Kept = TypeVar("_Kept")


def _over(made: Mapping[str, _Kept], before: Mapping[str, _Kept], wanted: list[tuple[str, str]]) -> Mapping[str, _Kept]:
    """Every wanted page's entry: `made` this run, else `before`'s. A kept state's
    digests are read on demand (`state.stored_digests`), so this one reads them on demand too;
    the plain dicts `serve` keeps in memory stay plain dicts."""
    if isinstance(before, dict):
        return {path: made.get(path) or before[path] for path, _ in wanted}
    return Lazy(dict.fromkeys(path for path, _ in wanted), before.__getitem__, made)


def _pages_found(
    done: Step, parsed: dict[str, PageRecord], found_now: dict[str, Findings], state: AnalysisState
) -> dict[str, Findings]:
    """Every page's "page" findings, in order: the reached pages' new ones, the others' kept."""
    pages = {}
    for path, _ in done.wanted:
        found = found_now.get(path) if path in parsed else state.pages.get(path)
        if found is not None:
            pages[path] = found
    return pages


def update(
    config: Config,
    selection: RuleSelection,
    state: AnalysisState,
    files: ProjectFiles,
    options: ParseOptions,
    stamps: Stamps,
    kept_clients: Callable[[], Clients | None],
    kept_bases: Callable[[], BaseInputs | None],
) -> Checked | None:
    """The check of `files` from `state`; None when it cannot be had that way (the
    client records were lost, or a file changed while it was read), and the caller
    runs a whole check. Reached pages that did not change are parsed again from disk."""
    done = step(config, state, files, options, stamps)
    unchanged = [(path, role) for path, role in done.wanted if path in done.reached and path not in done.fresh]
    again = parse_again(files, unchanged, done.read, options, config)
    if again is None:
        return None
    parsed = {path: done.fresh.get(path) or again[path] for path, _ in done.wanted if path in done.reached}

    def clients_before() -> Mapping[str, PageRecord] | None:
        kept = kept_clients()
        return kept.records if kept is not None else None

    def bases_before() -> Mapping[str, RowInput] | None:
        kept = kept_bases()
        return kept.inputs if kept is not None else None

    stats = stamps.sizes(files)
    result = redo(config, selection, state, files, done, parsed, clients_before, bases_before, stats)
    if result is None:
        return None
    changed = {*parsed, *done.gone, *(path for path, how in done.read.items() if state.read.get(path) is not how)}
    kept_inputs = result.bases.kept
    return Checked(result.diagnostics, result.state, result.clients, kept_inputs, len(parsed), changed, done, result)
