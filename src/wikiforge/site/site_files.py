"""Writing every file of a site from its index: pages, source documents, attachments,
generated pages, the search index, the sitemap and the theme's static files.

A whole build and a build of the few files an edit reached write alike; they differ in
their `Fingerprints` (what says a file is still as its inputs would make it) and in the
index they read (`site_index`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Protocol

from jinja2 import Environment

from ..bases.sources import is_base_file
from ..config.settings import Config
from ..core.diagnostic import Diagnostic
from ..core.files import ProjectFiles
from ..core.outputs import safe_relative, site_path
from . import graph_data, indexes
from .base_pages import base_outputs, base_pages
from .build_state import BuildState
from .context import failed_page_context, page_context, source_context
from .graph_view import graph_page
from .layout import Layout
from .output import Manifest, patch, publish, staging
from .render_pool import PageHtml, render_pages
from .search_files import write_search
from .site_index import SiteIndex
from .svg import sanitise_svg
from .theme import TemplateError, environment, render
from .theme import copy_static as copy_theme_static
from .tiers import tier_pages
from .writer import SiteWriter


class Progress(Protocol):
    """Something that shows how far the build is (a terminal progress bar, or nothing)."""

    def start(self, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...


class Silent:
    """No progress shown."""

    def start(self, total: int) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass


class Fingerprints(Protocol):
    """What each site file is made from, as a hash: a file whose hash is the last
    build's, and still as that build left it, is kept without being rendered."""

    def page(self, path: str, at: str) -> str: ...

    def document(self, path: str, at: str) -> str: ...

    def groups(self, diagnostics: list[Diagnostic]) -> dict[str, str]: ...

    def graph_data(self, diagnostics: list[Diagnostic]) -> str: ...


@dataclass(frozen=True)
class Plan:
    """What one build writes from, and over which site."""

    index: SiteIndex
    fingerprints: Fingerprints
    files: ProjectFiles
    diagnostics: list[Diagnostic]
    manifest: Manifest | None
    previous: BuildState | None
    stamp: str
    hashes: dict[str, tuple[int, int, str]]
    read_from: int
    kept: str
    jobs: int = 1
    """Processes to render pages on (`render_pool`)."""


@dataclass
class Written:
    """Counts of what a build wrote, and which files it changed or removed."""

    writer: SiteWriter
    pages: int
    documents: int
    generated: int
    files: int
    removed: list[str]


def write_site(plan: Plan, out: Path, warnings: list[str], progress: Progress) -> Written:
    """Write the site of `plan` into `out`: a new site into a staging folder swapped in
    whole, over an old one only the files that changed (`output.patch`)."""
    index, files, config = plan.index, plan.files, plan.index.config
    layout = index.layout
    env = environment(config.root)
    manifest = plan.manifest
    with staging(out) as temp:
        writer = SiteWriter(temp, warnings, out if manifest is not None else None, plan.previous)
        _write_pages(writer, env, index, plan.fingerprints, files, progress, plan.jobs)
        pages = writer.take_count()
        _write_documents(writer, env, index, plan.fingerprints, files, progress)
        documents = writer.take_count()
        for path in sorted(files.attachments):
            if path not in layout.unpublished and not is_base_file(path):  # a base is a page (`_generated`)
                _copy(writer, layout.attachments[path], files.disk_paths[path], path, path in files.outside, config)
            progress.advance()
        attachments = writer.take_count()
        generated = _write_generated(writer, env, plan)
        static = copy_theme_static(config.root, temp / layout.static_dir, warnings)
        writer.adopt(layout.static(name) for name in static)
        state = BuildState(plan.stamp, plan.read_from, plan.hashes, writer.outputs, writer.groups, plan.kept).to_json()
        removed: list[str] = []
        if manifest is not None:
            removed = patch(temp, out, writer.changed, writer.written, state, plan.read_from)
        else:
            publish(temp, out, writer.written, state, plan.read_from)
    return Written(writer, pages, documents, generated, attachments + len(static), removed)


def _write_generated(writer: SiteWriter, env: Environment, plan: Plan) -> int:
    """The generated pages, group by group, the search index, the graph data and the
    sitemap; how many pages."""
    index, layout, diagnostics = plan.index, plan.index.layout, plan.diagnostics
    fingerprints = plan.fingerprints.groups(diagnostics)
    for group, pages in _generated(index, layout, plan.files.folders, diagnostics):
        if not writer.keep_group(group, fingerprints[group]):
            for at, template, context in pages():
                content = render(env, template, context)
                writer.generated(group, fingerprints[group], at, f"generated {template}", content)
    count = writer.take_count()
    search = layout.static("search-index.js")
    if not writer.keep_group("search", fingerprints["search"]):
        writer.generated("search", fingerprints["search"], search, "search index", indexes.search_data(index))
    write_search(writer, index, plan.hashes)
    graph = layout.static(graph_data.FILE_NAME)
    if not writer.keep_group("graph-data", fingerprints["graph-data"]):
        content = plan.fingerprints.graph_data(diagnostics)
        writer.generated("graph-data", fingerprints["graph-data"], graph, "graph data", content)
    if not writer.keep_group("sitemap", fingerprints["sitemap"]):
        writer.generated("sitemap", fingerprints["sitemap"], "sitemap.xml", "sitemap", _sitemap(layout))
    return count


def _write_pages(
    writer: SiteWriter,
    env: Environment,
    index: SiteIndex,
    fingerprints: Fingerprints,
    files: ProjectFiles,
    progress: Progress,
    jobs: int,
) -> None:
    """Every wiki page: kept when its fingerprint says nothing it shows changed, else
    rendered (on `jobs` processes) and written in order. A page that could not be
    rendered gets no fingerprint, so the next build tries it again."""
    wanted: list[tuple[str, str, str]] = []
    for path in sorted(files.pages):
        output = index.layout.pages[path]
        fingerprint = fingerprints.page(path, output) if writer.claim(output, path) else None
        if fingerprint is None or writer.keep(output, fingerprint):
            progress.advance()
            continue
        wanted.append((path, output, fingerprint))
    pages = [(path, output) for path, output, _ in wanted]
    for (_, output, fingerprint), (html, rendered, warnings) in zip(
        wanted, render_pages(env, index, pages, _page_html, jobs), strict=True
    ):
        progress.advance()
        writer.warnings.extend(warnings)
        writer.text(output, html, fingerprint if rendered else "")


def _write_documents(
    writer: SiteWriter,
    env: Environment,
    index: SiteIndex,
    fingerprints: Fingerprints,
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
        fingerprint = fingerprints.document(path, output)
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


def _page_html(env: Environment, index: SiteIndex, path: str, output: str) -> PageHtml:
    """A page's HTML, whether it rendered, and its warning if not. A page that trips a
    bug of ours still gets a page saying so, and the others are built: template errors,
    which are the project's, stop the build."""
    try:
        return render(env, "page.html", page_context(index, path, output)), True, []
    except TemplateError:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the others
        message = f"a bug in wikiforge stopped it ({type(exc).__name__}: {exc}); please report this"
        html = render(env, "page.html", failed_page_context(index, path, output, message))
        return html, False, [f"{path}: {message}"]


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
    yield "graph", lambda: [graph_page(index)]
    yield "bases", lambda: base_pages(index)


def _sitemap(layout: Layout) -> str:
    """sitemap.xml of the wiki's pages; absolute URLs when `site.url` is set (the
    sitemap protocol asks for them), else paths from the site root."""

    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    outputs = sorted({layout.generated("home"), *layout.pages.values(), *base_outputs(layout)})
    for output in outputs:
        location = layout.absolute(output) or safe_relative(site_path(output, layout.urls))
        lines.append(f"  <url><loc>{escape(location, quote=False)}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
