"""The one place the stages run: discover → load (parse) → resolve/graph → tiers → lint.

`analyse` gives the frozen `Analysis` that `check`'s reports and `build`'s site read;
`run_check` is `check` as one function; `tier_report` is the part `wikiforge tiers` needs.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace

from .analysis import Analysis, CheckResult
from .bases.rows import RowInput
from .bases.run import evaluate_bases, page_inputs
from .bases.sources import has_bases
from .config.settings import Config
from .core.dates import run_moment
from .core.diagnostic import Diagnostic
from .core.files import ProjectFiles, Stat
from .core.records import PageRecord
from .incremental.changes import read_stamps
from .incremental.clients import client_records
from .incremental.state import (
    BaseInputs,
    Clients,
    LostDigests,
    Read,
    load_bases,
    load_clients,
    load_state,
    new_generation,
    save_state,
    state_key_of,
)
from .incremental.update import Checked, kept_state, update
from .lint.rules.context import LintContext
from .lint.rules.placeholder import placeholder_patterns
from .lint.rules.registry import SCOPES
from .lint.run import finish, run_scope
from .lint.selection import RuleSelection, build_selection
from .load.cache import RecordCache
from .load.discover import discover
from .load.options import LoadOptions
from .load.read import load_records, parse_options, records_of
from .load.revision import find_revision, pages_at
from .load.state import Stamps, prepare, remember
from .parse.options import ParseOptions
from .resolve.digest import Head, PageDigest, digest_pages, head_of
from .resolve.links import ResolvedLink, resolve_links, resolve_sources
from .resolve.resolver import Resolver, project_resolver
from .tiers import TierReport, assign_tiers, generated_pages
from .tiers.owners import coverage, page_resolver
from .tiers.review import ReviewPack, review_pack


def analyse(
    config: Config,
    render: bool = False,
    files: ProjectFiles | None = None,
    on_page: Callable[[], object] | None = None,
    load: LoadOptions | None = None,
    selection: RuleSelection | None = None,
    cache: RecordCache | None = None,
) -> Analysis:
    """Discover, load, parse, resolve, graph, place the clients in tiers and lint the
    project. With `render`, page bodies are rendered to HTML in the same pass (for
    `build`), so no page is parsed twice. `files` saves a second walk when the caller
    has them; `on_page` is called after each file is parsed (progress); `load` says how
    many processes parse and whether the record cache is used; `selection` which rules
    run (default: the config's); `cache`, a record cache a long-running command keeps
    open (for these parse options), instead of reading it from disk again."""
    files = files if files is not None else discover(config)
    load = load or LoadOptions()
    selection = selection if selection is not None else build_selection(config)
    stamps = Stamps(time.time_ns())
    stats = stamps.sizes(files)  # before reading: a file changed meanwhile looks changed to the next build
    options = project_parse_options(config, render)
    if cache is None and load.cache:
        cache = RecordCache.open(config.root, options)
    records = load_records(files, options, on_page, load.jobs, cache, config.max_page_bytes)
    gc.freeze()  # the records live as long as the run: the collector need not walk them again
    return cross_page(config, files, records, selection, stats, stamps.began)


def cross_page(
    config: Config,
    files: ProjectFiles,
    records: dict[str, PageRecord],
    selection: RuleSelection,
    stats: Mapping[str, Stat],
    read_from: int,
) -> Analysis:
    """Everything after parsing, for the whole project: resolve every link, digest
    every page, place the clients in tiers and run every selected rule."""
    resolver = project_resolver(config, files, records.values(), generated_pages(config.tiers, records.values()))
    links, document_links = resolve_links(records, resolver)
    sources = resolve_sources(records, resolver)
    digests = digest_pages(records, [*links, *document_links], sources)
    tiers = assign_tiers(config.tiers, (record for record in records.values() if record.role == "page"))
    moment = run_moment(config.today)
    inputs = _base_inputs(config, files, records, [*links, *document_links])
    bases = evaluate_bases(files, inputs, stats, resolver, moment, config.max_page_bytes, config.vault_prefix)
    context = LintContext(
        config, files, records, links, sources, digests, resolver, selection.applies, tiers, bases=bases
    )
    scoped = {scope: run_scope(context, selection, scope) for scope in SCOPES}
    diagnostics = finish(context, selection, scoped.values())
    return Analysis(
        config,
        files,
        records,
        resolver,
        links,
        document_links,
        sources,
        digests,
        tiers,
        diagnostics,
        stats,
        read_from,
        scoped,
        bases,
    )


def _base_inputs(
    config: Config, files: ProjectFiles, records: dict[str, PageRecord], links: list[ResolvedLink]
) -> dict[str, RowInput]:
    """What every page gives the bases (`bases.rows.RowInput`): nothing without a base;
    their links only when a base reads links."""
    return page_inputs(files, records, links, config.max_page_bytes)[0] if has_bases(files, records.values()) else {}


def project_parse_options(config: Config, render: bool = False) -> ParseOptions:
    """How this project's pages are parsed: its config, and the placeholder rule's
    patterns, which the parser scans for (the rule owns them; parsing comes first)."""
    return parse_options(config, placeholder_patterns(config), render)


def tier_report(config: Config) -> TierReport:
    """The client tiers alone (`wikiforge tiers`): pages are read for their frontmatter,
    and only client pages parsed through; nothing is resolved or linted."""
    options = _tier_options(config)
    cache = RecordCache.open(config.root, options)
    records = load_records(discover(config), options, cache=cache, max_bytes=config.max_page_bytes)
    return assign_tiers(config.tiers, records.values())


def tier_review(config: Config, since: str | None = None) -> ReviewPack:
    """The tier review's pack (`wikiforge tiers review`): the tiers as `tier_report`
    reads them, owners' `[[links]]` resolved against the pages' names, and the tier
    changes against each client's recorded review, or against the tiers the pages gave
    at git revision or day `since` (read from git's objects; known pages from the cache)."""
    revision = find_revision(config.root, since) if since is not None else None
    options = _tier_options(config)
    cache = RecordCache.open(config.root, options)
    files = discover(config)
    records = load_records(files, options, cache=cache, max_bytes=config.max_page_bytes)
    report = assign_tiers(config.tiers, records.values())
    resolver = project_resolver(config, files, records.values(), generated_pages(config.tiers, records.values()))
    owners = coverage(report, page_resolver(resolver))
    titles = {owner.page: records[owner.page].title for owner in owners if owner.page in records}
    if revision is None:
        return review_pack(report, owners, titles)
    then = records_of(pages_at(config, revision), options, cache)
    return review_pack(report, owners, titles, assign_tiers(config.tiers, then.values()), revision.named)


def _tier_options(config: Config) -> ParseOptions:
    """Frontmatter for every page; bodies for client pages only (a title may be a heading)."""
    return replace(project_parse_options(config), body_types=(config.tiers.client_type,))


def run_check(
    config: Config,
    selection: RuleSelection | None = None,
    only: Collection[str] | None = None,
    load: LoadOptions | None = None,
    state_key: str | None = None,
) -> CheckResult:
    """Check the whole project; with `only` (page paths), report findings on those pages
    alone, though their links are still resolved against every page. A whole-project
    check given a `state_key` (with the cache on) starts from the state the last one
    kept, if any, redoing only what changed files can reach (`incremental/update.py`),
    and keeps its own; it also leaves its result for `load/state.replay`."""
    kept = state_key if only is None and (load is None or load.cache) else None
    view = prepare(config.root, config) if kept is not None else None
    started, stamps = time.perf_counter(), Stamps(time.time_ns())
    selection = selection if selection is not None else build_selection(config)
    files = discover(config)
    if kept is not None:
        diagnostics = _kept_check(config, selection, files, load, state_key_of(kept, config), stamps)
    else:
        diagnostics = analyse(config, files=files, load=load, selection=selection).diagnostics
    checked = tuple(sorted(files.pages))
    if only is not None:
        wanted = set(only)
        diagnostics = [d for d in diagnostics if d.path in wanted]
        checked = tuple(p for p in checked if p in wanted)
    seconds = time.perf_counter() - started
    result = CheckResult(diagnostics, len(files.pages), len(files.sources), seconds, config.root, checked)
    if view is not None and kept is not None:
        remember(config.root, kept, view, config, files, stamps, result)
    return result


def _kept_check(
    config: Config, selection: RuleSelection, files: ProjectFiles, load: LoadOptions | None, key: str, stamps: Stamps
) -> list[Diagnostic]:
    """The findings of a whole check, from the kept state when there is one, which is
    then replaced by this run's."""
    checked = kept_update(config, selection, files, key, project_parse_options(config), stamps)
    if checked is not None:
        save_state(config.root, checked.state, checked.clients, checked.changed, checked.bases)
        return checked.diagnostics
    read = read_stamps(files, stamps)
    analysis = analyse(config, files=files, load=load, selection=selection)
    keep_whole(analysis, key, read)
    return analysis.diagnostics


def kept_update(
    config: Config, selection: RuleSelection, files: ProjectFiles, key: str, options: ParseOptions, stamps: Stamps
) -> Checked | None:
    """The analysis of `files` from the state the last whole run under `key` kept
    (`incremental/update.py`), or None when there is none or it cannot be had that way.
    The caller saves the state it gives once it has used it."""
    state = load_state(config.root, key)
    if state is None:
        return None
    try:
        clients, bases = (lambda: load_clients(config.root, state)), (lambda: load_bases(config.root, state))
        return update(config, selection, state, files, options, stamps, clients, bases)
    except LostDigests:
        return None


def keep_whole(analysis: Analysis, key: str, read: dict[str, Read]) -> None:
    """Keep the state of a whole analysis under `key`, for the next run to start from
    (`read`: the stamps taken before it read the files)."""
    clients = Clients(new_generation(), client_records(analysis.config, analysis.records))
    inputs = analysis.bases.inputs
    bases = BaseInputs(new_generation(), inputs) if inputs else None
    state = kept_state(key, clients.generation, read, analysis, bases.generation if bases is not None else "")
    save_state(analysis.config.root, state, clients, None, bases)


def current_digests(
    config: Config, selection: RuleSelection, files: ProjectFiles, key: str
) -> tuple[Mapping[str, PageDigest], list[Head], Resolver]:
    """Every page's digest as `files` are now, the heads of all in file order (what the
    resolver is built from) and the resolver, from the state kept under `key` brought up
    to date, or from a whole analysis; either is kept for the next run (`wikiforge mv`
    plans on them)."""
    stamps = Stamps(time.time_ns())
    checked = kept_update(config, selection, files, key, project_parse_options(config), stamps)
    if checked is not None:
        save_state(config.root, checked.state, checked.clients, checked.changed, checked.bases)
        digests, heads, resolver = checked.state.digests, checked.state.heads, checked.redone.resolver
    else:
        read = read_stamps(files, stamps)
        analysis = analyse(config, files=files, selection=selection)
        keep_whole(analysis, key, read)
        digests, resolver = analysis.digests, analysis.resolver
        heads = {path: head_of(digest) for path, digest in analysis.digests.items()}
    return digests, [heads[path] for path in digests], resolver
