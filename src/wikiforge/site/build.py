"""Every site file, from a finished analysis (made with rendering on).

The findings feed the link report page; the rest of the build reads the same records
and resolved links, so what the site marks broken is exactly what `check` reports. The
site never discovers, parses, resolves or lints itself. Over a site it built before,
the build renders only the files whose fingerprints changed (`incremental`) and writes
only the files whose bytes changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from xml.sax.saxutils import escape as xml_escape

from jinja2 import Environment

from ..analysis import Analysis
from ..config.settings import Config
from ..core.diagnostic import Diagnostic
from ..core.files import ProjectFiles
from ..core.outputs import safe_relative, site_path
from ..report.summary import plural
from . import indexes
from .build_state import BuildState, record_hashes, stamp
from .context import SiteIndex, failed_page_context, page_context, source_context
from .incremental import Dependencies
from .layout import Layout, with_parents
from .cards import card_of
from .links import LinkFiller, links_by_page
from .lock import build_lock
from .output import (
    check_output,
    check_owned,
    clean_leftovers,
    manifest_time,
    patch,
    publish,
    read_manifest,
    staging,
)
from .svg import sanitise_svg
from .theme import TemplateError, environment, render
from .theme import copy_static as copy_theme_static
from .tiers import tier_pages
from .writer import SiteWriter


class Progress(Protocol):
    """Something that shows how far the build is (a terminal progress bar, or nothing)."""

    def start(self, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...


class _Silent:
    def start(self, total: int) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass


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
        result = _build(analysis, options, out, progress or _Silent(), before)
    if cleaned:
        result.warnings.insert(0, f"deleted {plural(cleaned, 'staging folder')} that interrupted builds left")
    return result


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
    result.broken = sum(1 for resolved in analysis.links if resolved.link.origin == "body" and resolved.broken)
    index = _site_index(analysis, result)
    layout = index.layout
    build_stamp = stamp(config)
    previous = None
    if manifest is not None and options.incremental:
        previous = BuildState.from_json(manifest.state, build_stamp, manifest_time(out))
    hashes = record_hashes(analysis.records, analysis.stats, previous)
    dependencies = Dependencies(index, hashes, files, build_stamp)
    if before is not None and previous is not None:
        dependencies.carry(before)
    env = environment(config.root)
    with staging(out) as temp:
        writer = SiteWriter(temp, result.warnings, out if manifest is not None else None, previous)
        _write_pages(writer, env, index, dependencies, files, progress)
        result.pages = writer.take_count()
        _write_documents(writer, env, index, dependencies, files, progress)
        result.documents = writer.take_count()
        for path in sorted(files.attachments):
            if path not in layout.unpublished:
                _copy(writer, layout.attachments[path], files.disk_paths[path], path, path in files.outside, config)
            progress.advance()
        attachments = writer.take_count()
        fingerprints = dependencies.groups(result.diagnostics)
        for group, pages in _generated(index, layout, files.folders, result.diagnostics):
            if not writer.keep_group(group, fingerprints[group]):
                for at, template, context in pages():
                    content = render(env, template, context)
                    writer.generated(group, fingerprints[group], at, f"generated {template}", content)
        result.generated = writer.take_count()
        search = layout.static("search-index.js")
        if not writer.keep_group("search", fingerprints["search"]):
            writer.generated("search", fingerprints["search"], search, "search index", indexes.search_data(index))
        if writer.claim("sitemap.xml", "sitemap"):
            writer.text("sitemap.xml", _sitemap(layout))
        static = copy_theme_static(config.root, temp / layout.static_dir, result.warnings)
        writer.adopt(layout.static(name) for name in static)
        result.files = attachments + len(static)
        state = BuildState(build_stamp, analysis.read_from, hashes, writer.outputs, writer.groups).to_json()
        if manifest is not None:
            removed = patch(temp, out, writer.changed, writer.written, state, analysis.read_from)
            result.removed, result.changed = len(removed), [*writer.changed, *removed]
        else:
            publish(temp, out, writer.written, state, analysis.read_from)
            result.changed = list(writer.written)
    result.rewritten, result.unchanged = len(writer.changed), writer.unchanged
    result.dependencies = dependencies
    return result


def _site_index(analysis: Analysis, result: BuildResult) -> SiteIndex:
    """Where every file goes and what every page's context draws on, for this analysis."""
    config = analysis.config
    layout = Layout(config, analysis.files, with_parents(t for r in analysis.records.values() for t in r.tags))
    tier_labels = {level.number: level.label for level in config.tiers.levels}
    cards = {path: card_of(record) for path, record in analysis.records.items()}
    by_page = links_by_page([*analysis.links, *analysis.document_links])
    filler = LinkFiller(analysis.records, by_page, layout, cards, tier_labels)
    return SiteIndex.build(
        config,
        layout,
        analysis.records,
        cards,
        filler,
        analysis.sources,
        analysis.files.folders,
        analysis.links,
        analysis.tiers if analysis.tiers.clients else None,
        len(result.diagnostics),
        result.broken,
    )


def _write_pages(
    writer: SiteWriter,
    env: Environment,
    index: SiteIndex,
    dependencies: Dependencies,
    files: ProjectFiles,
    progress: Progress,
) -> None:
    """Every wiki page: kept when its fingerprint says nothing it shows changed. A page
    that could not be rendered gets no fingerprint, so the next build tries it again."""
    for path in sorted(files.pages):
        output = index.layout.pages[path]
        progress.advance()
        if not writer.claim(output, path):
            continue
        fingerprint = dependencies.page(path, output)
        if writer.keep(output, fingerprint):
            continue
        html, rendered = _page_html(env, index, path, output, writer.warnings)
        writer.text(output, html, fingerprint if rendered else "")


def _write_documents(
    writer: SiteWriter,
    env: Environment,
    index: SiteIndex,
    dependencies: Dependencies,
    files: ProjectFiles,
    progress: Progress,
) -> None:
    """Every source document: Markdown rendered as a page of its own, others copied."""
    for path in sorted(files.sources):
        output = index.layout.sources[path]
        progress.advance()
        if path in index.layout.unpublished:
            continue  # WF306
        if path not in index.records:
            _copy(writer, output, files.disk_paths[path], path, path in files.outside, index.config)
            continue
        if not writer.claim(output, path):
            continue
        fingerprint = dependencies.document(path, output)
        if not writer.keep(output, fingerprint):
            writer.text(output, render(env, "source.html", source_context(index, path, output)), fingerprint)


def _copy(writer: SiteWriter, output: str, source: str, path: str, outside: bool, config: Config) -> None:
    """Copy a file into the site; an SVG image is sanitised first unless HTML is trusted."""
    if config.site.trust_html or outside or not path.lower().endswith(".svg"):
        writer.copy(output, source, path, outside)
        return
    if writer.claim(output, path):
        try:
            writer.text(output, sanitise_svg(Path(source).read_bytes()))
        except OSError as exc:
            writer.warnings.append(f"{path}: not copied: {exc.strerror or exc}")


def _page_html(env: Environment, index: SiteIndex, path: str, output: str, warnings: list[str]) -> tuple[str, bool]:
    """A page's HTML, and whether it rendered. A page that trips a bug of ours still
    gets a page saying so, and the others are built: template errors, which are the
    project's, stop the build."""
    try:
        return render(env, "page.html", page_context(index, path, output)), True
    except TemplateError:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the others
        message = f"a bug in wikiforge stopped it ({type(exc).__name__}: {exc}); please report this"
        warnings.append(f"{path}: {message}")
        return render(env, "page.html", failed_page_context(index, path, output, message)), False


Pages = Callable[[], Iterable[indexes.Generated]]


def _generated(
    index: SiteIndex, layout: Layout, folders: list[str], diagnostics: list[Diagnostic]
) -> Iterator[tuple[str, Pages]]:
    """The generated pages in groups that share a fingerprint (see `Dependencies.groups`),
    each made only when its group must be rendered."""

    def listings() -> Iterator[indexes.Generated]:
        if layout.home_page is None:
            yield indexes.home(index)
        yield indexes.all_pages(index)
        yield from indexes.tags(index)

    yield "index", listings
    tiers = index.tiers
    if tiers is not None:
        yield "tiers", lambda: tier_pages(index, tiers)
    yield "folders", lambda: indexes.folders(index, folders)
    yield "report", lambda: [indexes.report(index, diagnostics)]
    yield "frame", lambda: [indexes.search(index), indexes.not_found(index)]


def _sitemap(layout: Layout) -> str:
    """sitemap.xml of the wiki's pages; absolute URLs when `site.url` is set (the
    sitemap protocol asks for them), else paths from the site root."""

    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    outputs = sorted({layout.generated("home"), *layout.pages.values()})
    for output in outputs:
        location = layout.absolute(output) or safe_relative(site_path(output, layout.urls))
        lines.append(f"  <url><loc>{xml_escape(location)}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
