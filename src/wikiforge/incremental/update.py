"""An incremental check: the last check's state brought up to date with what changed.

A run stats every page and Markdown source document; a file whose stamp moved is read and
hashed, and parsed again only if its bytes changed. From the changed pages' old and new
digests it works out what the change can reach (module `resolve/digest.py`):

- pages whose links looked up a name a change added or removed (a page or file added,
  removed or renamed, an alias changed, a folder note or a tier page appearing);
- pages with a link to nothing, when a name that comes or goes is close enough to it to
  be its "did you mean";
- pages linking to a page whose headings or block ids changed.

Those pages, and the changed ones, are parsed again and their links resolved against
every page's digest; the "page" rules run on them alone, and every other page keeps its
findings. The "tiers" rules run when a client page changed as the tiers read it, from the
kept client records; the "wiki" rules (titles, orphans, site files) run on the digests
when what they read of a digest (`digest.wiki_view`: its title, the files its links
reach, its suppressions…) or the file listing changed (a body edit, or a link to
nothing, changes neither). The result is the whole check's, finding for finding, in the same order.
`serve` takes the same steps on the analysis it keeps in memory (`incremental/live.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from ..analysis import Analysis
from ..bases.sources import has_bases
from ..config.settings import Config
from ..core.diagnostic import Diagnostic
from ..core.files import ProjectFiles
from ..core.lazy import Lazy
from ..core.records import PageRecord, content_hash
from ..lint.rules.context import LintContext
from ..lint.run import Findings, finish, run_scope
from ..lint.selection import RuleSelection
from ..load.parallel import parse_all
from ..load.read import parsed_files, read_file
from ..load.state import Stamps
from ..parse.options import ParseOptions
from ..resolve.digest import WILDCARD, PageDigest, digest_pages, head_of, names_of, path_key, wiki_view
from ..resolve.links import ResolvedLink, ResolvedSource, resolve_links, resolve_sources
from ..resolve.resolver import Resolver, could_suggest, project_resolver
from ..tiers import TierReport, generated_pages
from .clients import client_records, place_again, placed_hashes
from .state import AnalysisState, Clients, Listing, Read, listed_files


@dataclass(frozen=True)
class Checked:
    """An incremental check's findings, and the state (and clients) to keep after it."""

    diagnostics: list[Diagnostic]
    state: AnalysisState
    clients: Clients | None
    reached: int
    """How many pages the "page" rules ran on again."""
    changed: set[str]
    """The paths whose kept entries (how read, digest, findings) are new."""
    step: Step
    redone: Redone


def read_stamps(files: ProjectFiles, stamps: Stamps) -> dict[str, Read]:
    """The stamp of every file a run parses, taken before it is read (made_from is
    filled in from the records); a stamp too recent to trust is None, as is that of a
    file an editor has open (its buffer is read every time)."""
    wanted = parsed_files(files)
    unstamped = files.buffers.keys() | files.outside
    disks = [None if path in unstamped else files.disk_paths.get(path) for path, _ in wanted]
    return {path: Read(made, "") for (path, _), made in zip(wanted, stamps.trusted(disks), strict=True)}


def kept_state(key: str, generation: str, read: dict[str, Read], analysis: Analysis) -> AnalysisState:
    """The state of a whole analysis, for the next run to start from (`read`: the stamps
    taken before it read the files; `generation`: that of the client records kept beside it)."""
    made = {path: Read(read[path].stamp, record.made_from) for path, record in analysis.records.items()}
    config = analysis.config
    listing = Listing.of(analysis.files, generated_pages(config.tiers, analysis.records.values()))
    pages = analysis.scoped["page"].by_page()
    scoped = analysis.scoped
    listed = listed_files(analysis.files)
    placed = placed_hashes(client_records(config, analysis.records))
    heads = {path: head_of(digest) for path, digest in analysis.digests.items()}
    return AnalysisState(
        key, generation, made, listing, analysis.digests, heads, pages, scoped["tiers"], scoped["wiki"], listed, placed
    )


@dataclass(frozen=True)
class Step:
    """What changed since a state, and which pages that reaches (module docstring)."""

    wanted: list[tuple[str, str]]
    read: dict[str, Read]
    fresh: dict[str, PageRecord]
    gone: list[str]
    generated: list[str]
    listing: Listing
    reached: set[str]
    renamed: bool
    """Whether a name the resolver knows came, went or changed (a file, an alias)."""


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
    scoped: dict[str, Findings]
    diagnostics: list[Diagnostic]
    state: AnalysisState


def step(
    config: Config,
    state: AnalysisState,
    files: ProjectFiles,
    options: ParseOptions,
    stamps: Stamps,
    buffers_only: bool = False,
) -> Step:
    """Find the changed files (parsing those whose bytes changed) and the pages they
    reach. With `buffers_only`, only the editor's buffers may have changed (a keystroke
    in `wikiforge lsp`): the files on disk keep their stamps, and are not statted."""
    wanted = parsed_files(files)
    read, fresh = _changed(files, wanted, state, options, config, stamps, buffers_only)
    before = state.digests
    gone = [path for path in state.read if path not in read]
    generated = generated_pages(config.tiers, [fresh.get(path) or state.heads[path] for path, _ in wanted])
    listing = Listing.of(files, generated)
    touched = _names_touched(before, fresh, gone) | {path_key(path) for path in listing.changed(state.listing)}
    named = _names_changed(before, fresh, gone, state.listing, listing)
    reached = _reached(wanted, before, fresh, touched, named)
    return Step(wanted, read, fresh, gone, generated, listing, reached, bool(touched))


_NO_BASES = Findings((), frozenset())
"""The "bases" rules' findings in a run after an edit: only a project with no base has one."""


def redo(
    config: Config,
    selection: RuleSelection,
    state: AnalysisState,
    files: ProjectFiles,
    done: Step,
    parsed: dict[str, PageRecord],
    clients_before: Callable[[], Mapping[str, PageRecord] | None],
    resolver: Resolver | None = None,
) -> Redone | None:
    """Resolve the links of the reached pages (`parsed`: their records, in order) against
    every page's digest, run the "page" rules on them, the "tiers" rules when a client
    changed (`clients_before`: the client records, None if lost) and the "wiki" rules.
    `resolver`, the last analysis's, is used again when no name came or went."""
    if has_bases(files, [*state.heads.values(), *parsed.values()]):
        return None  # a base reads every page: the whole project is analysed again
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
    placed = place_again(config, selection, files, state, changed, parsed, digests, resolver, clients_before)
    if placed is None:
        return None
    clients, tiers_found = placed.clients, placed.found

    context = LintContext(
        config, files, parsed, links, sources, digests, resolver, selection.applies, None, heads=heads
    )
    pages = _pages_found(done, parsed, run_scope(context, selection, "page").by_page(), state)
    listed = listed_files(files)
    wiki_kept = not done.gone and all(_same_view(before.get(path), digest) for path, digest in redone.items())
    wiki_found = state.wiki if wiki_kept and listed == state.listed else run_scope(context, selection, "wiki")
    diagnostics = finish(context, selection, [*pages.values(), tiers_found, wiki_found])
    generation = clients.generation if clients is not None else state.generation
    hashes = placed_hashes(clients.records) if clients is not None else state.placed
    kept = AnalysisState(
        state.key,
        generation,
        done.read,
        done.listing,
        digests,
        heads,
        pages,
        tiers_found,
        wiki_found,
        listed,
        hashes,
        state.shards,
        state.digest_shards,
    )
    scoped = {"page": _joined(pages.values()), "tiers": tiers_found, "wiki": wiki_found, "bases": _NO_BASES}
    return Redone(parsed, resolver, links, document_links, sources, placed.report, clients, scoped, diagnostics, kept)


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
) -> Checked | None:
    """The check of `files` from `state`; None when it cannot be had that way (the
    client records were lost, or a file changed while it was read), and the caller
    runs a whole check. Reached pages that did not change are parsed again from disk."""
    done = step(config, state, files, options, stamps)
    unchanged = [(path, role) for path, role in done.wanted if path in done.reached and path not in done.fresh]
    again = _parse_again(files, unchanged, done.read, options, config)
    if again is None:
        return None
    parsed = {path: done.fresh.get(path) or again[path] for path, _ in done.wanted if path in done.reached}

    def clients_before() -> Mapping[str, PageRecord] | None:
        kept = kept_clients()
        return kept.records if kept is not None else None

    result = redo(config, selection, state, files, done, parsed, clients_before)
    if result is None:
        return None
    changed = {*parsed, *done.gone, *(path for path, how in done.read.items() if state.read.get(path) is not how)}
    return Checked(result.diagnostics, result.state, result.clients, len(parsed), changed, done, result)


def _changed(
    files: ProjectFiles,
    wanted: list[tuple[str, str]],
    state: AnalysisState,
    options: ParseOptions,
    config: Config,
    stamps: Stamps,
    buffers_only: bool = False,
) -> tuple[dict[str, Read], dict[str, PageRecord]]:
    """How each file was read this run, and the records of those whose bytes changed
    (or that are new): a file whose stamp is the one kept is not read at all (nor
    statted, with `buffers_only`, unless it is a buffer)."""
    if buffers_only:
        kept = state.read
        read = {path: kept.get(path) or Read(None, "") for path, _ in wanted}
        read.update((path, Read(None, "")) for path in files.buffers)
    else:
        read = read_stamps(files, stamps)
    unread: dict[str, PageRecord] = {}
    tasks = []
    for path, role in wanted:
        old = state.read.get(path)
        if old is not None and old.stamp is not None and read[path].stamp == old.stamp:
            read[path] = old
            continue
        data = read_file(files, path, role, config.max_page_bytes)
        made_from = content_hash(data) if isinstance(data, bytes) else ""
        read[path] = Read(read[path].stamp, made_from)
        if isinstance(data, PageRecord):
            unread[path] = data
        elif old is None or old.made_from != made_from:
            tasks.append((path, role, data))
    parsed = {**unread, **_parsed(tasks, options)}
    return read, {path: parsed[path] for path, _ in wanted if path in parsed}


def _names_touched(before: Mapping[str, PageDigest], fresh: dict[str, PageRecord], gone: list[str]) -> set[str]:
    """The name keys that pages added, removed, or given other aliases, add or remove."""
    touched: set[str] = set()
    for path in gone:
        touched |= names_of(path, before[path].aliases)
    for path, record in fresh.items():
        old = before.get(path)
        if old is None:
            touched |= names_of(path, record.aliases)
        elif old.aliases != record.aliases:
            touched |= names_of(path, old.aliases) | names_of(path, record.aliases)
    return touched


def _names_changed(
    before: Mapping[str, PageDigest], fresh: dict[str, PageRecord], gone: list[str], was: Listing, now: Listing
) -> set[str] | None:
    """The names (as the resolver suggests them) of the files that came or went, or None
    when a tier page did, which is named otherwise: any suggestion may change then."""
    if was.generated != now.generated:
        return None
    pages = [*gone, *(path for path in fresh if path not in before)]
    names = {path.removesuffix(".md") for path in pages}
    names |= {path.removesuffix(".md") for path in (was.sources ^ now.sources) | (was.templates ^ now.templates)}
    names |= was.attachments ^ now.attachments
    return names | {folder + "/" for folder in was.folders ^ now.folders}


def _reached(
    wanted: list[tuple[str, str]],
    before: Mapping[str, PageDigest],
    fresh: dict[str, PageRecord],
    touched: set[str],
    named: set[str] | None,
) -> set[str]:
    """The pages whose links, findings or digest a change can alter: the changed ones,
    those that looked up a touched name, those with a link to nothing that a new or lost
    name may be suggested for (`named`; None: any), and those linking to a page whose
    headings or block ids changed."""
    anchors_moved = {path for path, page in fresh.items() if path in before and before[path].anchors != page.anchors}
    names = touched | {WILDCARD} if touched else set()
    near: set[str] = set()
    if named is None or named:  # else no name came or went: no suggestion can change
        unfound = {key for path, _ in wanted if path in before for key in before[path].unfound}
        near = unfound if named is None else {key for key in unfound if could_suggest(key, named)}
    if not (names or anchors_moved or near):  # only the changed pages: no other digest is read
        return {path for path, _ in wanted if path in fresh}
    return {
        path
        for path, _ in wanted
        if path in fresh
        or not before[path].names_looked_up.isdisjoint(names)
        or not before[path].reaches.isdisjoint(anchors_moved)
        or not before[path].unfound.isdisjoint(near)
    }


def _parsed(tasks: list[tuple[str, str, bytes]], options: ParseOptions) -> dict[str, PageRecord]:
    """Records of (path, role, bytes), on every core when there are many (a branch
    switch can change thousands of files at once)."""
    return dict(zip((path for path, _, _ in tasks), parse_all(tasks, options, None, lambda: None), strict=True))


def _parse_again(
    files: ProjectFiles, wanted: list[tuple[str, str]], read: dict[str, Read], options: ParseOptions, config: Config
) -> dict[str, PageRecord] | None:
    """Records of unchanged files an edit reached, parsed again from their bytes (on
    every core when there are many); None if one changed since its stamp was taken."""
    tasks = []
    records: dict[str, PageRecord] = {}
    for path, role in wanted:
        data = read_file(files, path, role, config.max_page_bytes)
        if isinstance(data, PageRecord):
            records[path] = data
        elif content_hash(data) != read[path].made_from:
            return None
        else:
            tasks.append((path, role, data))
    return records | _parsed(tasks, options)
