"""A build after an edit: the files the edit reached, from the state the last build kept.

A whole build fingerprints every file from every record and link (`incremental`), which
takes seconds at 10,000 pages even when one page changed. After an incremental analysis
(`incremental/update.py`) this build starts instead from the state the last build kept
(`kept_site`) and the pages changed since that build: those the analysis parsed again,
and those whose record hash is not the one the site was built from (a `check` run since
has already taken them in, so the analysis found them unchanged). It goes on only when
the edit left what every page shows as it was: each page's card and listing entry, the
names the wiki answers to, the tiers, the finding and broken-link counts, the site's
addresses. Then a file can change only if it is

- a page or document parsed again whose bytes changed, or whose links now show
  something else (`view`);
- a page whose backlinks gained, lost or changed a sentence, or a document whose
  citing pages changed;
- a page embedding one of those (however deeply).

Those are rendered, with the records and links of what they show loaded on demand; every
other file is kept as the last build left it (if it still is, byte for byte by its stat).
Like a whole build, it refuses an output folder holding files it did not write,
listing only the folders that changed since the last build (`folder_stamps`).
Anything else, or a state that cannot be read, gives None: the caller builds the whole
site. Files rendered here are fingerprinted apart (`PARTIAL`), so a later whole build
renders them again rather than trust a fingerprint made another way.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..config.settings import Config
from ..core.diagnostic import Diagnostic
from ..core.files import ProjectFiles, Stat
from ..core.lazy import Lazy
from ..core.records import PageRecord, content_hash
from ..incremental.state import LostDigests
from ..incremental.update import Checked
from ..load.cache import RecordCache
from ..load.parallel import parse_all
from ..load.read import read_file
from ..parse.options import ParseOptions
from ..resolve.digest import Head, PageDigest
from ..resolve.links import ResolvedLink, ResolvedSource, resolve_links, resolve_sources
from ..resolve.resolver import Resolver
from ..tiers import TierReport
from ..tiers.client import is_client
from ..tiers.owners import page_resolver
from . import around
from .build import BuildOptions, BuildResult, broken_links, cleaned_warning, finish, output_folder
from .build_state import BuildState, digest, findings_digest, record_hashes, stamp
from .cards import Card, card_of
from .folder_stamps import foreign_since, written_in
from .graph_kept import KeptGraph
from .incremental import Dependencies, listed_view
from .kept_site import (
    Around,
    KeptSite,
    LostState,
    folder_stamps,
    load_kept,
    new_token,
    save_changes,
    save_folder_stamps,
)
from .layout import Layout, with_parents
from .links import LinkFiller, links_by_page
from .lock import build_lock
from .output import Manifest, clean_leftovers, manifest_time, owned_names, read_manifest, refuse_foreign
from .owner_index import Owners
from .site_files import Plan, Silent, write_site
from .site_index import SiteIndex

PARTIAL = "~"
"""How the fingerprint of a file this build rendered begins: no whole build makes one so."""


@dataclass(frozen=True)
class Edit:
    """What the incremental analysis gives this build: its result, and the stats of the
    files taken before they were read, from `read_from` on (ns)."""

    config: Config
    files: ProjectFiles
    checked: Checked
    stats: dict[str, Stat]
    read_from: int
    options: ParseOptions
    """How the pages are parsed for the site (rendering on)."""


def update_site(
    edit: Edit, options: BuildOptions, on_wait: Callable[[str], object] | None = None
) -> BuildResult | None:
    """Build the files `edit` reached into the output folder (holding its lock), or
    None when the whole site must be built (module docstring). Raises what `build_site`
    raises, leaving the old site as it was."""
    config = edit.config
    out = output_folder(config, options)
    if options.force or not options.incremental:
        return None
    with build_lock(out, options.wait, on_wait or (lambda message: None)):
        manifest = read_manifest(out)
        build_stamp = stamp(config)
        previous = BuildState.from_json(manifest.state, build_stamp, manifest_time(out)) if manifest else None
        if manifest is None or manifest.rejected or previous is None or not previous.kept:
            return None
        kept = load_kept(config.root, out, previous.kept)
        cache = RecordCache.open(config.root, edit.options, lazy=True)
        if kept is None or kept.overview.stamp != build_stamp or cache is None:
            return None
        try:
            return _update(edit, kept, cache, manifest, previous, out)
        except (LostState, LostDigests):
            return None


def _update(
    edit: Edit, kept: KeptSite, cache: RecordCache, manifest: Manifest, previous: BuildState, out: Path
) -> BuildResult | None:
    redone = edit.checked.redone
    reached = _Reached(edit, kept, cache, previous, out)
    if not reached.ready:
        return None
    foreign, stamps = foreign_since(str(out.resolve()), owned_names(manifest), folder_stamps(kept), time.time_ns())
    refuse_foreign(out, foreign)
    cleaned = clean_leftovers(out)
    result = BuildResult(out, updated=True, diagnostics=redone.diagnostics, broken=reached.index.broken_count)
    if cleaned:
        result.warnings.append(cleaned_warning(cleaned))
    same = not kept.changed and reached.broken == kept.current.broken  # the kept state is still this site's
    token = kept.current.token if same else new_token()
    plan = Plan(
        reached.index,
        reached,
        edit.files,
        redone.diagnostics,
        manifest,
        previous,
        kept.overview.stamp,
        reached.hashes,
        edit.read_from,
        token,
    )
    written = write_site(plan, out, result.warnings, Silent())
    if not same:
        save_changes(kept, token, reached.broken)
    save_folder_stamps(kept, written_in(stamps, [*written.writer.changed, *written.removed]))
    for path, record in redone.parsed.items():
        if record.made_from:
            cache.put(path, record.role, record.made_from, record)
    cache.save()
    finish(result, written)
    return result


class _Reached:
    """The index of this build, and which of its files the edit reached (`touched`);
    not `ready` when the edit reached further than this build goes."""

    def __init__(self, edit: Edit, kept: KeptSite, cache: RecordCache, previous: BuildState, out: Path) -> None:
        redone = edit.checked.redone
        self._previous = previous
        heads = redone.state.heads
        overview = kept.overview
        self.ready = False
        """Whether the edit reached no further than this build goes."""
        self.touched: set[str] = set()
        records = Lazy(heads, _loader(edit, heads, cache), redone.parsed)
        self.hashes = record_hashes(records, edit.stats, previous)
        delta = _delta(edit, records, self.hashes, previous, overview.report)
        cards = _cards(overview.cards, delta.parsed) if delta is not None else None
        if delta is None or cards is None:
            return  # a page shows others something new: the whole site is built
        broken = self.broken = _broken(kept.current.broken, delta.parsed, delta.links)
        self.index = _index(edit, records, cards, broken, kept, delta)
        aliases = {path: found.aliases for path, found in heads.items()}
        deps = Dependencies(self.index, self.hashes, edit.files, overview.stamp, aliases)
        layout = self.index.layout
        outputs = [*layout.pages.values(), *(at for path, at in layout.sources.items() if path in records)]
        if any(at not in previous.outputs for at in outputs):
            return  # a file the last build did not write: the whole build checks the folder may take it
        if (deps.site, deps.names) != (overview.site, overview.names):
            return
        if redone.tiers is not None and deps.tiers != overview.tiers:  # else they are the overview's own
            return
        if any(digest(listed_view(record)) != overview.shown.get(path) for path, record in delta.fresh.items()):
            return
        befores = {path: kept.around(path) for path in delta.parsed}
        self.graph = KeptGraph(self.index, out, previous, list(delta.parsed), befores)
        self.touched = _reach(self.index, deps, kept, delta.parsed, set(delta.fresh))
        self.ready = True

    def page(self, path: str, at: str) -> str:
        if path in self.touched:
            return PARTIAL + self.hashes[path][2]
        found = self._previous.outputs.get(at)
        return found[2] if found is not None else ""

    def document(self, path: str, at: str) -> str:
        return self.page(path, at)

    def groups(self, diagnostics: list[Diagnostic]) -> dict[str, str]:
        """The last build's group fingerprints: what every listing shows, and the
        pages the sitemap lists, are as they were (the overview's checks); the link
        report's also depends on the findings, the graph data's on them and on the
        edges of the pages parsed again (`graph_kept`)."""
        kept = {group: fingerprint for group, (fingerprint, _) in self._previous.groups.items()}
        listing = kept.get("index", "")
        names = ("index", "tiers", "folders", "frame", "search", "sitemap", "graph", "bases")
        groups = {group: kept.get(group, "") for group in names}
        report = findings_digest(listing, diagnostics) if listing else ""
        graph = self.graph.fingerprint(diagnostics, same_findings=bool(report) and report == kept.get("report"))
        return groups | {"report": report, "graph-data": graph}

    def graph_data(self, diagnostics: list[Diagnostic]) -> str:
        return self.graph.data(diagnostics)


@dataclass(frozen=True)
class _Delta:
    """What changed since the site in the folder was built: the files read again, their
    links and `source_docs` resolved, and those of them with new bytes (`fresh`)."""

    parsed: dict[str, PageRecord]
    links: list[ResolvedLink]
    document_links: list[ResolvedLink]
    sources: list[ResolvedSource]
    fresh: dict[str, PageRecord]


_UNSEEN = (0, 0, "")


def _delta(
    edit: Edit,
    records: Lazy[PageRecord],
    hashes: dict[str, tuple[int, int, str]],
    previous: BuildState,
    report: TierReport | None,
) -> _Delta | None:
    """What the analysis redid, and the files it had already taken in: a `check` run
    between two builds has seen the edits before this build (which are then taken from
    the record cache and resolved here). None when one of those is, or was, a client:
    the tiers that check placed are not kept for the site, so the whole site is built."""
    redone, fresh = edit.checked.redone, edit.checked.step.fresh
    extra = {
        path: records[path]
        for path, entry in hashes.items()
        if path not in redone.parsed and previous.contents.get(path, _UNSEEN)[2] != entry[2]
    }
    if not extra:
        return _Delta(redone.parsed, redone.links, redone.document_links, redone.sources, fresh)
    clients = report.by_path if report is not None else {}
    if any(path in clients or is_client(record, edit.config.tiers) for path, record in extra.items()):
        return None
    pages, documents = resolve_links(extra, redone.resolver, redone.state.digests)
    sources = resolve_sources(extra, redone.resolver)
    return _Delta(
        redone.parsed | extra,
        [*redone.links, *pages],
        [*redone.document_links, *documents],
        [*redone.sources, *sources],
        fresh | extra,
    )


def _cards(kept: dict[str, Card], parsed: dict[str, PageRecord]) -> dict[str, Card] | None:
    """Every page's card, or None when a page parsed again shows others something new."""
    for path, record in parsed.items():
        if kept.get(path) != card_of(record):
            return None
    return kept


def _broken(kept: dict[str, int], parsed: dict[str, PageRecord], links: list[ResolvedLink]) -> dict[str, int]:
    """Per page, its broken links: the parsed pages' counted again."""
    broken = {path: count for path, count in kept.items() if path not in parsed}
    return broken | broken_links(links)


def _index(
    edit: Edit,
    records: Lazy[PageRecord],
    cards: dict[str, Card],
    broken: dict[str, int],
    kept: KeptSite,
    delta: _Delta,
) -> SiteIndex:
    config, redone = edit.config, edit.checked.redone
    layout = Layout(config, edit.files, with_parents(tag for card in cards.values() for tag in card.tags))
    digests = redone.state.digests
    made: dict[str, list[ResolvedLink]] = {path: [] for path in delta.parsed}
    made |= links_by_page([*delta.links, *delta.document_links])
    by_page = Lazy(digests, lambda path: _links_of(records[path], redone.resolver, digests), made)
    tier_labels = {level.number: level.label for level in config.tiers.levels}
    filler = LinkFiller(records, by_page, layout, cards, tier_labels)
    report = redone.tiers if redone.tiers is not None else kept.overview.report
    counts = len(redone.diagnostics), sum(broken.values())
    tiers = report if report is not None and report.clients else None
    owners = Owners.of(tiers, page_resolver(redone.resolver), cards) if tiers is not None else None
    around = _Around(edit, records, kept, delta)
    return SiteIndex.from_kept(config, layout, filler, around, edit.files.folders, counts, tiers, owners)


class _Around:
    """What a partly built site reads of every page, from the kept state."""

    def __init__(self, edit: Edit, records: Lazy[PageRecord], kept: KeptSite, delta: _Delta) -> None:
        redone = edit.checked.redone
        made: dict[str, list[ResolvedSource]] = {path: [] for path in delta.parsed}
        for source in delta.sources:
            made[source.page].append(source)
        self.sources_of = Lazy(records, lambda path: resolve_sources({path: records[path]}, redone.resolver), made)
        self.cited_by = Lazy(records, lambda path: list(kept.around(path).cited_by), {})
        self.backlinks = Lazy(records, lambda path: {s: list(t) for s, t, _ in kept.around(path).backlinks}, {})


def _links_of(record: PageRecord, resolver: Resolver, digests: Mapping[str, PageDigest]) -> list[ResolvedLink]:
    pages, documents = resolve_links({record.path: record}, resolver, digests)
    return [*pages, *documents]


def _loader(edit: Edit, heads: Mapping[str, Head], cache: RecordCache) -> Callable[[str], PageRecord]:
    """Load the record of a file not parsed this run: from the record cache, else parsed
    from its bytes, which must be the ones the analysis saw (else `LostState`)."""
    read = edit.checked.step.read

    def load(path: str) -> PageRecord:
        role, made = heads[path].role, read[path].made_from
        record = cache.get(path, role, made) if made else None
        if record is not None:
            return record
        data = read_file(edit.files, path, role, edit.config.max_page_bytes)
        if isinstance(data, PageRecord):
            return data
        if content_hash(data) != made:
            raise LostState(path)
        record = parse_all([(path, role, data)], edit.options, 1, lambda: None)[0]
        cache.put(path, role, made, record)
        return record

    return load


def _reach(
    index: SiteIndex, deps: Dependencies, kept: KeptSite, parsed: dict[str, PageRecord], fresh: set[str]
) -> set[str]:
    """The pages and documents whose files the edit reached (module docstring), with the
    kept entries of the parsed pages and their neighbours brought up to date."""
    touched: set[str] = set()
    moved: set[str] = set()
    for path, record in parsed.items():
        before = kept.around(path)
        view = deps.link_view(path)
        if path in fresh or view != before.view:
            moved.add(path)
        shown = index.shown_on(path) if record.role == "page" else {}
        for target in set(before.gives) | set(shown):
            now = around.with_backlink(kept.around(target), path, shown.get(target))
            if now != kept.around(target):
                kept.put(target, now)
                touched.add(target)
        cites = around.cites(index, path)
        for document in set(before.cites) ^ set(cites):
            kept.put(document, around.with_citer(kept.around(document), path, document in cites))
            touched.add(document)
        mine = kept.around(path)
        kept.put(path, Around(mine.backlinks, tuple(sorted(shown)), cites, mine.cited_by, view))
    touched |= moved
    shown_in = set(moved)  # pages whose embedders show something new
    stack = list(moved)
    while stack:
        for page in around.embedding([kept.around(stack.pop())]):
            if page not in shown_in:
                shown_in.add(page)
                touched.add(page)
                stack.append(page)
    return {path for path in touched if path in index.layout.pages or path in index.layout.sources}
