"""The live site: rebuilt on every change, with each page's findings at hand.

A rebuild is a `build` of the project into the serve folder: discovery, the analysis and
an incremental site write that rewrites only the files whose inputs changed. The first
analysis is a whole one (through the record cache); each later one starts from the one
before, kept in memory, and redoes only what the changed files reach
(`incremental/live.py`). A config change reads the config again and starts over with a
whole analysis. A
rebuild that fails (a template that does not render, a config that does not load)
keeps the last good site and says why, in the terminal and in every served page.
"""

from __future__ import annotations

import gc
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..analysis import Analysis
from ..config.settings import Config, ConfigError
from ..core.diagnostic import Diagnostic, Severity
from ..core.files import ProjectFiles
from ..core.outputs import WikiOutputs
from ..incremental.live import Kept, advance, keep, stamped
from ..lint.selection import RuleSelection, load_settings
from ..load.cache import RecordCache
from ..load.discover import discover
from ..load.options import LoadOptions
from ..pipeline import analyse, project_parse_options
from ..site.build import BuildOptions, build_site
from ..site.incremental import Dependencies
from ..site.lock import LockTimeout
from ..site.output import OutputError
from ..site.theme import TemplateError


@dataclass(frozen=True)
class Snapshot:
    """What the server answers from until the next rebuild: a version that grows with
    every rebuild that changed the site, the site files that rebuild rewrote or removed,
    each site file's page and findings (in `check --format json`'s shape), the project's
    totals, and the last error if any."""

    version: int = 0
    changed: frozenset[str] = frozenset()
    findings: dict[str, tuple[str, tuple[dict[str, Any], ...]]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True)
class Rebuilt:
    """One rebuild, for the terminal's line."""

    rewritten: int
    removed: int
    findings: int
    seconds: float
    error: str | None = None


class LiveSite:
    """The project's site in `out`, rebuilt on demand; `snapshot` is safe to read from
    the server's threads while a rebuild runs."""

    def __init__(self, root: Path, out: Path, load: LoadOptions) -> None:
        self.root, self.out, self._load = root, out, load
        self._lock = threading.Condition()
        self._snapshot = Snapshot()
        self._settings: tuple[Config, RuleSelection] | None = None
        self._cache: RecordCache | None = None
        self._kept: Kept | None = None
        self._dependencies: Dependencies | None = None
        self._woken = False

    @property
    def snapshot(self) -> Snapshot:
        with self._lock:
            return self._snapshot

    def wait_for_version(self, seen: int, timeout: float) -> Snapshot:
        """The snapshot once its version passes `seen`, or after `timeout` seconds, or
        when `wake` is called (the server is stopping)."""
        with self._lock:
            self._lock.wait_for(lambda: self._snapshot.version > seen or self._woken, timeout)
            return self._snapshot

    def wake(self) -> None:
        with self._lock:
            self._woken = True
            self._lock.notify_all()

    def _publish(self, snapshot: Snapshot) -> None:
        with self._lock:
            self._snapshot = snapshot
            self._lock.notify_all()

    def rebuild(self, config_changed: bool = False) -> Rebuilt:
        """Build the site again; never raises for what a person can fix in the project."""
        started = time.perf_counter()
        try:
            config, selection = self._settings_for(config_changed)
            analysis = self._analysed(config, selection)
            result = build_site(analysis, BuildOptions(out=self.out, wait=30.0, jobs=1), before=self._dependencies)
        except (ConfigError, OutputError, TemplateError, LockTimeout, OSError) as exc:
            return self._failed(_described(exc), started)
        except Exception as exc:  # noqa: BLE001 - a bug met on one file must not stop the server
            return self._failed(f"internal error, please report it: {exc!r}\n{traceback.format_exc()}", started)
        self._dependencies = result.dependencies
        changed = frozenset(result.changed)
        findings = _by_site_file(config, analysis.files, analysis.diagnostics)
        totals = {severity.value: 0 for severity in Severity} | Counter(d.severity.value for d in analysis.diagnostics)
        last = self.snapshot
        self._publish(Snapshot(last.version + (1 if changed or last.error else 0), changed, findings, totals))
        rewritten = len(result.changed) - result.removed
        seconds = time.perf_counter() - started
        _settle()
        return Rebuilt(rewritten, result.removed, len(analysis.diagnostics), seconds)

    def _failed(self, error: str, started: float) -> Rebuilt:
        """Keep serving the last good site, and tell every open page why it is not new."""
        self._dependencies = None
        last = self.snapshot
        self._publish(Snapshot(last.version + 1, frozenset(), last.findings, last.totals, error))
        return Rebuilt(0, 0, 0, time.perf_counter() - started, error)

    def _analysed(self, config: Config, selection: RuleSelection) -> Analysis:
        """The project's analysis now: from the last one when there is one, else whole."""
        files = discover(config)
        options = project_parse_options(config, render=True)
        kept = advance(self._kept, config, selection, files, options) if self._kept is not None else None
        if kept is None:
            read = stamped(files)
            cache = self._cache_for(config)
            whole = analyse(config, render=True, files=files, load=self._load, selection=selection, cache=cache)
            kept = keep(whole, read)
        self._kept = kept
        return kept.analysis

    def _settings_for(self, config_changed: bool) -> tuple[Config, RuleSelection]:
        """The config, read again after it changed (and after it failed to load, until
        it loads: a broken config is never replaced by the one before it)."""
        if self._settings is None or config_changed:
            self._settings, self._cache, self._kept = None, None, None
            self._settings = load_settings(self.root)
        return self._settings

    def _cache_for(self, config: Config) -> RecordCache | None:
        if self._cache is None and self._load.cache:
            self._cache = RecordCache.open(config.root, project_parse_options(config, render=True))
        return self._cache


def _by_site_file(
    config: Config, files: ProjectFiles, diagnostics: list[Diagnostic]
) -> dict[str, tuple[str, tuple[dict[str, Any], ...]]]:
    """Each page's and source document's site file, with its path and findings."""
    outputs = WikiOutputs.of(files, config.content_dir, config.site.urls)
    by_path: dict[str, list[dict[str, Any]]] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, []).append(d.to_dict())
    site_files = {**outputs.sources, **outputs.pages}
    return {output: (path, tuple(by_path.get(path, ()))) for path, output in site_files.items()}


def _settle() -> None:
    """Collect this rebuild's garbage, then set what is left aside from the cycle
    collector: the kept analysis of a large wiki is millions of objects, and every
    collection walked them all again (a third of a rebuild at 10,000 pages). Objects set
    aside are still freed when nothing refers to them; a later edit's objects are new."""
    gc.collect()
    gc.freeze()


def _described(exc: Exception) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, OutputError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
    return str(exc)
