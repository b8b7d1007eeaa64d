"""Every site file, from a finished analysis (made with rendering on).

The findings feed the link report page; the rest of the build reads the same records
and resolved links, so what the site marks broken is exactly what `check` reports. The
site never discovers, parses, resolves or lints itself. Over a site it built before,
the build renders only the files whose fingerprints changed (`incremental`) and writes
only the files whose bytes changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis import Analysis
from ..config.settings import Config
from ..core.diagnostic import Diagnostic
from ..core.files import ProjectFiles
from ..core.numbers import plural
from ..load.parallel import default_jobs
from ..resolve.links import ResolvedLink
from ..tiers.owners import page_resolver
from . import around
from .base_views import BaseDrawer
from .build_state import BuildState, digest, record_hashes, stamp
from .cards import card_of
from .incremental import Dependencies, listed_view
from .kept_site import Overview, new_token, save_whole
from .layout import Layout, with_parents
from .links import LinkFiller, links_by_page
from .lock import build_lock
from .output import check_output, check_owned, clean_leftovers, manifest_time, read_manifest
from .owner_index import Owners
from .site_files import Plan, Progress, Silent, Written, write_site
from .site_index import SiteIndex


@dataclass(frozen=True)
class BuildOptions:
    """Where and how to write the site: output folder, whether to force, whether an
    existing site may be updated from its build state (`incremental`: off renders every
    file, though still writes only those whose bytes change), and how many seconds to
    `wait` for another build of the same output folder."""

    out: Path | None = None
    force: bool = False
    incremental: bool = True
    wait: float = 600.0
    keep: bool = False
    """Keep what the next build needs to write only the files an edit reached
    (`kept_site`): for `build` with the record cache on, not for `serve`, which keeps
    its analysis in memory."""
    jobs: int | None = None
    """Processes to render pages on (None: one per core; `serve`, which runs threads,
    asks for one)."""


@dataclass
class BuildResult:
    """What a build wrote, what it warned about and what `check` found. `updated` says
    an existing site was updated in place: then `rewritten` files changed, `unchanged`
    were kept as they were and `removed` were deleted."""

    out: Path
    pages: int = 0
    documents: int = 0
    generated: int = 0
    files: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken: int = 0
    updated: bool = False
    rewritten: int = 0
    unchanged: int = 0
    removed: int = 0
    changed: list[str] = field(default_factory=list)
    """The site files this build wrote anew or removed (all of them for a new site)."""
    dependencies: Dependencies | None = None
    """What its fingerprints were made from, for the next build of the same process to
    carry those of unchanged pages (`Dependencies.carry`)."""


def site_files(files: ProjectFiles) -> int:
    """How many files a build reads and then writes: the progress bar's length (each page
    and source document counts twice, once parsed and once written)."""
    return 2 * (len(files.pages) + len(files.sources)) + len(files.attachments)


def output_folder(config: Config, options: BuildOptions) -> Path:
    """The folder the site goes to; raises `OutputError` for one a build must never
    write (the project, its content or sources, a file). A command asks this before it
    reads a page, so a refused build writes nothing, not even the record cache."""
    out = options.out if options.out is not None else config.root / config.site.output
    check_output(out, config)
    return out


def build_site(
    analysis: Analysis,
    options: BuildOptions,
    progress: Progress | None = None,
    on_wait: Callable[[str], object] | None = None,
    before: Dependencies | None = None,
) -> BuildResult:
    """Build the site of `analysis` (made with rendering on) into the output folder,
    all or nothing, holding its lock (another build of it is waited for, up to
    `options.wait` seconds; `on_wait` hears of it). Staging folders killed builds left
    beside the output are deleted first.

    Raises `OutputError` for an output folder it must not touch, `TemplateError` for
    a template that cannot render and `LockTimeout` when another build kept the folder
    too long; in every case the old site is left as it was. `before`: the dependencies
    of the last build of this output in this process, when its site is what it left.
    """
    out = output_folder(analysis.config, options)
    with build_lock(out, options.wait, on_wait or (lambda message: None)):
        cleaned = clean_leftovers(out)
        if before is None:  # else the folder is as this process's last build left it
            check_owned(out, options.force)
        result = _build(analysis, options, out, progress or Silent(), before)
    if cleaned:
        result.warnings.insert(0, cleaned_warning(cleaned))
    return result


def cleaned_warning(cleaned: int) -> str:
    return f"deleted {plural(cleaned, 'staging folder')} that interrupted builds left"


def _build(
    analysis: Analysis, options: BuildOptions, out: Path, progress: Progress, before: Dependencies | None
) -> BuildResult:
    config, files = analysis.config, analysis.files
    manifest = None if options.force else read_manifest(out)
    result = BuildResult(out, updated=manifest is not None)
    rejected = manifest.warning() if manifest is not None else None
    if rejected:
        result.warnings.append(rejected)
    result.diagnostics = analysis.diagnostics
    broken = broken_links(analysis.links)
    result.broken = sum(broken.values())
    index = _site_index(analysis, result)
    build_stamp = stamp(config)
    previous = None
    if manifest is not None and options.incremental:
        previous = BuildState.from_json(manifest.state, build_stamp, manifest_time(out))
    hashes = record_hashes(analysis.records, analysis.stats, previous)
    aliases = {path: record.aliases for path, record in analysis.records.items()}
    dependencies = Dependencies(index, hashes, files, build_stamp, aliases)
    if before is not None and previous is not None:
        dependencies.carry(before)
    token = new_token() if options.keep else ""
    plan = Plan(
        index,
        dependencies,
        files,
        result.diagnostics,
        manifest,
        previous,
        build_stamp,
        hashes,
        analysis.read_from,
        token,
        options.jobs or default_jobs(),
    )
    written = write_site(plan, out, result.warnings, progress)
    if token:
        overview = Overview(
            token,
            build_stamp,
            dependencies.site,
            dependencies.names,
            dependencies.tiers,
            dict(index.cards),
            {path: digest(listed_view(record)) for path, record in analysis.records.items()},
            analysis.tiers,
        )
        save_whole(config.root, out, overview, broken, around.whole(index, dependencies))
    finish(result, written)
    result.dependencies = dependencies
    return result


def finish(result: BuildResult, written: Written) -> None:
    """Fill in what a build wrote."""
    writer = written.writer
    result.pages, result.documents, result.generated, result.files = (
        written.pages,
        written.documents,
        written.generated,
        written.files,
    )
    if result.updated:
        result.removed, result.changed = len(written.removed), [*writer.changed, *written.removed]
    else:
        result.changed = list(writer.written)
    result.rewritten, result.unchanged = len(writer.changed), writer.unchanged


def broken_links(links: Iterable[ResolvedLink]) -> dict[str, int]:
    """Per page with any, how many of its body's links are broken (the header's count)."""
    broken: dict[str, int] = {}
    for resolved in links:
        if resolved.link.origin == "body" and resolved.broken:
            broken[resolved.page] = broken.get(resolved.page, 0) + 1
    return broken


def _site_index(analysis: Analysis, result: BuildResult) -> SiteIndex:
    """Where every file goes and what every page's context draws on, for this analysis."""
    config = analysis.config
    layout = Layout(config, analysis.files, with_parents(t for r in analysis.records.values() for t in r.tags))
    tier_labels = {level.number: level.label for level in config.tiers.levels}
    cards = {path: card_of(record) for path, record in analysis.records.items()}
    by_page = links_by_page([*analysis.links, *analysis.document_links])
    drawer = BaseDrawer(layout, cards, analysis.bases) if analysis.bases.results else None
    filler = LinkFiller(analysis.records, by_page, layout, cards, tier_labels, drawer)
    tiers = analysis.tiers if analysis.tiers.clients else None
    owners = Owners.of(tiers, page_resolver(analysis.resolver), cards) if tiers is not None else None
    return SiteIndex.build(
        config,
        layout,
        analysis.records,
        cards,
        filler,
        analysis.sources,
        analysis.files.folders,
        analysis.links,
        tiers,
        owners,
        len(result.diagnostics),
        result.broken,
    )
