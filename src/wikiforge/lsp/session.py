"""The project as an editor sees it: the files on disk, with its open buffers over them.

The first analysis is a whole one (through the record cache, on every core); each later
one starts from the one before, kept in memory, and redoes only what the change reaches,
as `serve` does (`incremental/live.py`): a buffer is read instead of its file, and is
never trusted by a stamp, so an edit that is not saved is checked like one that is.
The file listing is taken again (and every file statted) only when files may have come
or gone (a save, a file opened or closed, the editor's file events) or ten seconds after
the last time, not on every keystroke. A bad config keeps
the last good analysis and says why; nothing a page holds stops the server.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from pygls.uris import to_fs_path

from ..analysis import Analysis
from ..config.settings import Config
from ..core.files import ProjectFiles
from ..incremental.live import Kept, advance, keep, stamped
from ..lint.selection import RuleSelection, load_settings
from ..load.cache import RecordCache
from ..load.discover import discover, listing_order
from ..load.options import LoadOptions
from ..pipeline import analyse, project_parse_options
from ..resolve.links import ResolvedLink

LIST_AGAIN_SECONDS = 10.0
"""While only buffers change, the files are listed and statted again this often anyway:
a branch switch or a sync tool changes files the editor may not report."""


class Session:
    """One project's analysis, kept up to date with the editor's buffers."""

    def __init__(self, root: Path, load: LoadOptions | None = None) -> None:
        self.root = root.resolve()
        self._load = load or LoadOptions()
        self._settings: tuple[Config, RuleSelection] | None = None
        self._cache: RecordCache | None = None
        self._listing: ProjectFiles | None = None
        self._listed_at = 0.0
        self._kept: Kept | None = None
        self._by_page: tuple[Analysis | None, dict[str, list[ResolvedLink]]] = (None, {})

    @property
    def analysis(self) -> Analysis | None:
        """The last analysis made (None before the first)."""
        kept = self._kept
        return kept.analysis if kept is not None else None

    @property
    def config(self) -> Config | None:
        return self._settings[0] if self._settings is not None else None

    def refresh(self, buffers: Mapping[str, bytes], listing: bool = False, config: bool = False) -> Analysis:
        """The analysis with `buffers` (path → text) over the disk; `listing` lists the
        files again, `config` reads the config again (and starts from a whole analysis).
        Without either, only the buffers are taken to have changed: the files on disk
        are not statted (a keystroke at 10,000 pages cost a tenth of a second of stats).
        Raises `ConfigError` for a config that does not load."""
        if self._settings is None or config:
            self._settings, self._cache, self._kept, self._listing = None, None, None, None
            self._settings = load_settings(self.root)
        config_now, selection = self._settings
        if self._listing is None or listing or time.monotonic() - self._listed_at > LIST_AGAIN_SECONDS:
            self._listing, self._listed_at = discover(config_now), time.monotonic()
            listing = True
        files = _with_buffers(self._listing, buffers, config_now)
        options = project_parse_options(config_now)
        quiet = not listing and self._kept is not None and files.pages is self._kept.analysis.files.pages
        kept = advance(self._kept, config_now, selection, files, options, quiet) if self._kept is not None else None
        if kept is None:
            read = stamped(files)
            if self._cache is None and self._load.cache:
                self._cache = RecordCache.open(config_now.root, options)
            whole = analyse(config_now, files=files, load=self._load, selection=selection, cache=self._cache)
            kept = keep(whole, read)
        self._kept = kept
        return kept.analysis

    def links_on(self, path: str) -> list[ResolvedLink]:
        """The resolved links written on one page (an index made once per analysis)."""
        analysis = self.analysis
        if analysis is None:
            return []
        made_for, by_page = self._by_page
        if made_for is not analysis:
            by_page = {}
            for resolved in [*analysis.links, *analysis.document_links]:
                by_page.setdefault(resolved.page, []).append(resolved)
            self._by_page = (analysis, by_page)
        return by_page.get(path, [])

    def path_of(self, uri: str) -> str | None:
        """The project path of a `file:` URI inside the project, else None."""
        local = to_fs_path(uri) if uri.startswith("file:") else None
        if local is None:
            return None
        for found in (Path(os.path.abspath(local)), Path(local).resolve()):  # as written, then through links
            try:
                return found.relative_to(self.root).as_posix()
            except ValueError:
                continue
        return None

    def uri_of(self, path: str) -> str:
        """The `file:` URI of a project path."""
        return (self.root / path).as_uri()

    def disk_text(self, path: str) -> str:
        """A file's text as it is on disk ("" if unreadable), for a file no editor has open."""
        try:
            return (self.root / path).read_bytes().decode("utf-8-sig", errors="replace")
        except OSError:
            return ""


def _with_buffers(listing: ProjectFiles, buffers: Mapping[str, bytes], config: Config) -> ProjectFiles:
    """The files with the buffers of those open in the editor; a new page open in one
    and not saved yet (a Markdown file in the content folder, in no hidden folder) is a
    page too, so it is checked from its first keystroke."""
    known = {*listing.pages, *listing.sources}
    content = "" if config.content_dir == "." else config.content_dir + "/"
    new = [
        path
        for path in buffers
        if path not in known
        and path.endswith(".md")
        and path.startswith(content)
        and not any(part.startswith(".") for part in path.split("/"))
        and not (config.root / path).exists()
    ]
    pages = sorted([*listing.pages, *new], key=listing_order) if new else listing.pages
    wanted = {path: data for path, data in buffers.items() if path in known or path in new}
    return replace(listing, pages=pages, buffers=wanted)
