"""`wikiforge build`: the check pipeline with rendering on, then every site file.

load → parse (and render) → resolve/graph → lint → write. The lint findings feed the
link report page; the rest of the build reads the same records and resolved links, so
what the site marks broken is exactly what `check` reports.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol
from xml.sax.saxutils import escape as xml_escape

from jinja2 import Environment

from ..check import analyse
from ..config import Config
from ..diagnostic import Diagnostic
from ..lint import lint
from ..load import LoadOptions
from ..outputs import site_path
from ..project import discover
from ..selection import RuleSelection
from . import indexes
from .context import SiteIndex, failed_page_context, page_context, source_context
from .layout import Layout, with_parents
from .links import LinkFiller
from .output import check_output, publish, staging
from .theme import TemplateError, environment, render
from .theme import copy_static as copy_theme_static
from .tiers import tier_pages


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
    """What `wikiforge build` was asked: output folder, URL style, whether to force."""

    out: Path | None = None
    urls: str | None = None
    force: bool = False
    load: LoadOptions = field(default_factory=LoadOptions)


@dataclass
class BuildResult:
    """What a build wrote, what it warned about and what `check` found."""

    out: Path
    pages: int = 0
    documents: int = 0
    generated: int = 0
    files: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken: int = 0


def build_site(
    config: Config, selection: RuleSelection, options: BuildOptions, progress: Progress | None = None
) -> BuildResult:
    """Build the site into the output folder, all or nothing.

    Raises `OutputError` for an output folder it must not touch and `TemplateError` for
    a template that cannot render; in both cases the old site is left as it was.
    """
    started = time.perf_counter()
    progress = progress or _Silent()
    if options.urls:
        config = replace(config, site=replace(config.site, urls=options.urls))
    out = options.out if options.out is not None else config.root / config.site.output
    check_output(out, config, options.force)
    files = discover(config)
    progress.start(2 * (len(files.pages) + len(files.sources)) + len(files.attachments))
    analysis = analyse(config, render=True, files=files, on_page=progress.advance, load=options.load)
    result = BuildResult(out)
    result.diagnostics = lint(analysis.lint_context(selection), selection)
    layout = Layout(config, files, with_parents(t for r in analysis.records.values() for t in r.tags))
    tier_labels = {level.number: level.label for level in config.tiers.levels}
    filler = LinkFiller(analysis.records, analysis.links, analysis.resolver, layout, tier_labels)
    index = SiteIndex.build(config, layout, analysis.records, filler, analysis.sources, files.folders)
    index.tiers = analysis.tiers if analysis.tiers.clients else None
    index.finding_count = len(result.diagnostics)
    index.broken_count = result.broken = sum(
        1
        for resolved in analysis.links
        if resolved.link.origin == "body" and (resolved.resolution.target is None or resolved.anchor_found is False)
    )
    env = environment(config.root)
    with staging(out) as temp:
        writer = _Writer(temp, result.warnings)
        for path in sorted(files.pages):
            output = layout.pages[path]
            writer.text(output, _page_html(env, index, path, output, result.warnings), path)
            progress.advance()
        result.pages = writer.take_count()
        for path in sorted(files.sources):
            output = layout.sources[path]
            if path in analysis.records:
                writer.text(output, render(env, "source.html", source_context(index, path, output)), path)
            else:
                writer.copy(output, files.disk_paths[path], path, path in files.outside)
            progress.advance()
        result.documents = writer.take_count()
        for path in sorted(files.attachments):
            writer.copy(layout.attachments[path], files.disk_paths[path], path, path in files.outside)
            progress.advance()
        attachments = writer.take_count()
        for at, template, context in _generated(index, layout, files.folders, result.diagnostics):
            writer.text(at, render(env, template, context), f"generated {template}")
        result.generated = writer.take_count()
        writer.text(layout.static("search-index.js"), indexes.search_data(index), "search index")
        writer.text("sitemap.xml", _sitemap(layout), "sitemap")
        static = copy_theme_static(config.root, temp / layout.static_dir)
        writer.written += [layout.static(name) for name in static]
        result.files = attachments + len(static)
        publish(temp, out, writer.written)
    result.seconds = time.perf_counter() - started
    return result


def _page_html(env: Environment, index: SiteIndex, path: str, output: str, warnings: list[str]) -> str:
    """A page's HTML. A page that trips a bug of ours still gets a page saying so, and
    the others are built: template errors, which are the project's, stop the build."""
    try:
        return render(env, "page.html", page_context(index, path, output))
    except TemplateError:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the others
        message = f"a bug in wikiforge stopped it ({type(exc).__name__}: {exc}); please report this"
        warnings.append(f"{path}: {message}")
        return render(env, "page.html", failed_page_context(index, path, output, message))


def _generated(
    index: SiteIndex, layout: Layout, folders: list[str], diagnostics: list[Diagnostic]
) -> Iterable[indexes.Generated]:
    if layout.home_page is None:
        yield indexes.home(index)
    yield indexes.all_pages(index)
    yield from indexes.tags(index)
    if index.tiers is not None:
        yield from tier_pages(index, index.tiers)
    yield from indexes.folders(index, folders)
    yield indexes.report(index, diagnostics)
    yield indexes.search(index)
    yield indexes.not_found(index)


class _Writer:
    """Writes site files into the staging folder, refusing to write one file twice."""

    def __init__(self, root: Path, warnings: list[str]) -> None:
        self.root = root
        self.warnings = warnings
        self.written: list[str] = []
        self._count = 0
        self._owners: dict[str, str] = {}
        self._folders: set[Path] = set()

    def text(self, output: str, content: str, owner: str) -> None:
        if self._claim(output, owner):
            self._path(output).write_text(content, encoding="utf-8")

    def copy(self, output: str, source: Path, owner: str, outside: bool) -> None:
        if outside:
            self.warnings.append(f"{owner}: not copied, it links to a file outside the project")
            return
        if self._claim(output, owner):
            try:
                shutil.copyfile(source, self._path(output))
            except OSError as exc:
                self.warnings.append(f"{owner}: not copied: {exc.strerror or exc}")

    def _claim(self, output: str, owner: str) -> bool:
        key = output.casefold()
        if key in self._owners:
            self.warnings.append(f"{owner}: not written, {self._owners[key]} already writes {output}")
            return False
        self._owners[key] = owner
        self.written.append(output)
        self._count += 1
        return True

    def take_count(self) -> int:
        """Files written since the last call (each phase of the build counts its own)."""
        count, self._count = self._count, 0
        return count

    def _path(self, output: str) -> Path:
        path = self.root / output
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        return path


def _sitemap(layout: Layout) -> str:
    """sitemap.xml of the wiki's pages; absolute URLs when `site.url` is set (the
    sitemap protocol asks for them), else paths from the site root."""

    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    outputs = sorted({layout.generated("home"), *layout.pages.values()})
    for output in outputs:
        location = layout.absolute(output) or site_path(output, layout.urls)
        lines.append(f"  <url><loc>{xml_escape(location)}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
