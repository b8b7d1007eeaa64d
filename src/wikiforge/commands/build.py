"""`wikiforge build` as a whole run: find the project, build, report, exit code.

`cli.py` turns options into a `BuildRequest`; this module does the rest, so it can be
tested without a terminal. Exit codes: 0 built; 1 built, but `--strict` and `check`
found errors; 2 nothing was built (bad config, output folder refused, template error,
another build of the folder kept it longer than `--wait`).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Never, TextIO

from ..config.settings import Config
from ..core.diagnostic import Severity
from ..core.files import ProjectFiles
from ..core.numbers import plural
from ..incremental.changes import read_stamps
from ..incremental.state import save_state, state_key_of
from ..lint.selection import RuleSelection, load_settings
from ..load.discover import discover
from ..load.options import LoadOptions
from ..load.scope import NO_PROJECT, find_root, project_for
from ..load.state import Stamps
from ..pipeline import analyse, keep_whole, kept_update, project_parse_options
from ..site.build import BuildOptions, BuildResult, build_site, output_folder, site_files
from ..site.lock import LockTimeout
from ..site.output import OutputError
from ..site.theme import TemplateError
from ..site.update import Edit, update_site
from .check import Echo, UsageError, whole_check_key
from .shown import from_here

if TYPE_CHECKING:
    from tqdm import tqdm


@dataclass(frozen=True)
class BuildRequest:
    """Everything `wikiforge build` was asked to do."""

    path: Path | None = None
    out: Path | None = None
    urls: str | None = None
    force: bool = False
    strict: bool = False
    incremental: bool = True
    progress: bool = True
    load: LoadOptions = field(default_factory=LoadOptions)
    wait: float = 600.0
    today: dt.date | None = None
    """`--today`: the day the build takes as today (bases' `today()` and `now()`, and
    the day the tiers' dated rules judge by)."""


class _Bar:
    """A progress bar on a terminal, shown only once a build has taken a second."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._bar: tqdm[Never] | None = None

    def start(self, total: int) -> None:
        from tqdm import tqdm  # here, not at the top: a build after an edit shows no bar and skips its import

        self._bar = tqdm(
            total=total, delay=1.0, file=self._stream, unit="file", leave=False, disable=not self._stream.isatty()
        )

    def advance(self, count: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def execute(request: BuildRequest, out: Echo, err: Echo) -> int:
    """Build; `out` gets the final line, `err` warnings. Returns the exit code.

    Raises `ConfigError` for a bad config and `UsageError` for anything else that
    stops the build before a site is written (exit 2 both).
    """
    root = project_for(request.path) if request.path is not None else find_root(Path.cwd())
    if root is None:
        raise UsageError(NO_PROJECT)
    config, selection = load_settings(root)
    if request.today is not None:
        config = config.dated(request.today)
    if request.urls:
        config = replace(config, site=replace(config.site, urls=request.urls))
    started = time.perf_counter()
    on_wait = lambda message: err(f"wikiforge: {message}")  # noqa: E731
    keep = request.load.cache and request.incremental
    options = BuildOptions(
        out=request.out,
        force=request.force,
        incremental=request.incremental,
        wait=request.wait,
        keep=keep,
        jobs=request.load.jobs,
    )
    try:
        output_folder(config, options)
        files = discover(config)
        key = state_key_of(whole_check_key(root, config.today), config) if keep else None
        result = _edited(config, selection, files, key, options, on_wait) if key is not None else None
        if result is None:
            result = _whole(config, selection, files, key, request, options, on_wait)
    except (OutputError, TemplateError, LockTimeout) as exc:
        raise UsageError(f"nothing built: {exc}") from exc
    except OSError as exc:
        raise UsageError(f"nothing built: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from exc
    result.seconds = time.perf_counter() - started
    for warning in result.warnings:
        err(f"wikiforge: warning: {warning}")
    out(final_line(result) + "\n")
    errors = sum(1 for d in result.diagnostics if d.severity is Severity.ERROR)
    return 1 if request.strict and errors else 0


def _edited(
    config: Config,
    selection: RuleSelection,
    files: ProjectFiles,
    key: str,
    options: BuildOptions,
    on_wait: Callable[[str], object],
) -> BuildResult | None:
    """The build of the files an edit reached, from the analysis and site the last
    build (or check) kept; None when there are none or it reached too far."""
    stamps = Stamps(time.time_ns())
    parse = project_parse_options(config, render=True)
    checked = kept_update(config, selection, files, key, parse, stamps)
    if checked is None or checked.redone.bases.report.results:
        return None  # pages showing bases are drawn by a whole build (its writer redraws those whose bases changed)
    edit = Edit(config, files, checked, stamps.sizes(files), stamps.began, parse)
    result = update_site(edit, options, on_wait)
    if result is not None:
        save_state(config.root, checked.state, checked.clients, checked.changed, checked.bases)
    return result


def _whole(
    config: Config,
    selection: RuleSelection,
    files: ProjectFiles,
    key: str | None,
    request: BuildRequest,
    options: BuildOptions,
    on_wait: Callable[[str], object],
) -> BuildResult:
    """Analyse and build the whole project (keeping the analysis under `key`)."""
    read = read_stamps(files, Stamps(time.time_ns())) if key is not None else None
    bar = _Bar(sys.stderr)
    progress = bar if request.progress else None
    try:
        if progress is not None:
            progress.start(site_files(files))
        on_page = progress.advance if progress is not None else None
        analysis = analyse(config, render=True, files=files, on_page=on_page, load=request.load, selection=selection)
        result = build_site(analysis, options, progress, on_wait=on_wait)
    finally:
        bar.close()
    if key is not None and read is not None:
        keep_whole(analysis, key, read)
    return result


def final_line(result: BuildResult) -> str:
    """`Built 33 pages, 3 documents and 12 index pages into site/ in 0.4 s; …`; over an
    existing site, also how many files were rewritten and how many kept unchanged."""
    where = from_here(result.out).rstrip("/") + "/"
    parts = [
        f"Built {plural(result.pages, 'page')}, {plural(result.documents, 'source document')} and "
        f"{plural(result.generated, 'index page')} into {where} in {result.seconds:.2f} s",
        plural(len(result.warnings), "warning"),
    ]
    if result.updated:
        removed = f", {result.removed} removed" if result.removed else ""
        parts.append(f"{plural(result.rewritten, 'file')} rewritten, {result.unchanged} unchanged{removed}")
    if result.diagnostics:
        found = plural(len(result.diagnostics), "problem")
        parts.append(f"check found {found} ({plural(result.broken, 'broken link')}; see the link report page)")
    else:
        parts.append("check found no problems")
    return "; ".join(parts)
