"""`wikiforge check` as a whole run: scope, fixes, baseline, report and exit code.

`cli.py` turns options into a `CheckRequest`; everything the command does between
reading the options and exiting happens here, so it can be tested without a terminal.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis import CheckResult
from ..config.settings import Config
from ..core.dates import run_moment
from ..core.numbers import plural
from ..core.printable import printable
from ..lint.baseline import BaselineError, load_baseline, write_baseline
from ..lint.overrides import NO_OVERRIDES, SelectionOverrides
from ..load.options import LoadOptions
from ..load.scope import NO_PROJECT, ScopeError, changed_files, find_root, pages_from_arguments
from ..load.state import replay, run_key
from ..report.options import ReportOptions

if TYPE_CHECKING:
    from ..lint.fixes import FileFix
    from ..lint.selection import RuleSelection

Echo = Callable[[str], None]


class UsageError(Exception):
    """A request that cannot run (exit 2): bad paths, config, baseline or revision."""


@dataclass(frozen=True)
class CheckRequest:
    """Everything `wikiforge check` was asked to do."""

    paths: tuple[Path, ...] = ()
    output_format: str = "text"
    output_file: Path | None = None
    statistics: bool = False
    color: bool = True
    strict: bool = False
    exit_zero: bool = False
    obsidian_strict: bool = False
    selection: SelectionOverrides = field(default_factory=SelectionOverrides)
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    baseline: Path | None = None
    write_baseline: Path | None = None
    changed_since: str | None = None
    load: LoadOptions = field(default_factory=LoadOptions)
    today: dt.date | None = None
    """`--today`: the day the run takes as today (bases' `today()` and `now()`, and the
    day the tiers' dated rules judge by)."""


def execute(request: CheckRequest, out: Echo, err: Echo) -> int:
    """Run the request; `out` gets the report, `err` notes for people. Returns the exit code.

    Raises `ConfigError` for a bad config and `UsageError` for anything else that stops
    the run before a report (exit 2 both).
    """
    try:
        return _execute(request, out, err)
    except (BaselineError, ScopeError) as exc:
        raise UsageError(str(exc)) from exc


def _execute(request: CheckRequest, out: Echo, err: Echo) -> int:
    if request.write_baseline is not None and (request.changed_since is not None or _has_files(request.paths)):
        raise UsageError("--write-baseline records the whole wiki: give no page files or --changed-since")
    root, files = _root_and_files(request.paths)
    if root is None:
        err("wikiforge: none of the files is in a wikiforge project; nothing to check")
        return 0
    started = time.perf_counter()
    settings = _Settings(root, request)
    key = (
        whole_check_key(root, request.today, request.selection, request.obsidian_strict)
        if _whole(request, files)
        else None
    )
    replayed = replay(root, key) if key is not None else None
    if isinstance(replayed, CheckResult):
        only: list[str] | None = None
        result = replace(replayed, root=root, seconds=time.perf_counter() - started)
    else:
        only = _only(request, root, files, settings.config, err)
        result = _analyse(settings, only, request.load, key)
    unchecked = sorted(set(only or ()) - set(result.checked) - {d.path for d in result.diagnostics})
    if unchecked and request.changed_since is None:
        err(f"wikiforge: excluded by the config, not checked: {', '.join(unchecked)}")
    base = display_base(root)
    if request.diff or request.fix:
        from ..lint.fixes import apply_fixes, unified_diff  # on demand: fixes parse wikilinks

        fixed = apply_fixes(root, result.diagnostics, unsafe=request.unsafe_fixes, write=not request.diff)
        _fix_errors(fixed, err)
        if request.diff:
            diff = "".join(
                unified_diff(f, printable(_show(base, f.path.relative_to(root).as_posix()))) for f in fixed if f.changed
            )
            _emit(request, diff, out)
            return 1 if diff and not request.exit_zero else 0
        applied = sum(len(f.applied) for f in fixed if f.error is None and f.changed)
        if applied:
            result = _analyse(settings, only, request.load, key)
    else:
        applied = 0
    if request.write_baseline is not None:
        count = write_baseline(request.write_baseline, result.diagnostics)
        err(f"wikiforge: wrote {plural(count, 'finding')} to the baseline {request.write_baseline}")
        return 0
    if request.baseline is not None:
        checked = set(result.checked)
        whole = only is None
        result = _apply_baseline(
            result, request.baseline, lambda p, c: (whole or p in checked) and settings.selection.applies(c, p), err
        )
    _write_report(request, result, ReportOptions(_use_color(request), request.strict, base, applied), out)
    return 0 if request.exit_zero or not result.failed(request.strict) else 1


class _Settings:
    """The project's config and rule selection, read when first needed: a replayed
    check (`load/state.py`) needs neither, nor the analysis stages they bring in."""

    def __init__(self, root: Path, request: CheckRequest) -> None:
        self._root, self._request = root, request

    @cached_property
    def _both(self) -> tuple[Config, RuleSelection]:
        from ..lint.selection import load_settings

        config, selection = load_settings(self._root, self._request.selection)
        if self._request.obsidian_strict:
            config = replace(config, resolve_aliases=False)
        if self._request.today is not None:
            config = config.dated(self._request.today)
        return config, selection

    @property
    def config(self) -> Config:
        return self._both[0]

    @property
    def selection(self) -> RuleSelection:
        return self._both[1]


def whole_check_key(
    root: Path, today: dt.date | None, selection: SelectionOverrides = NO_OVERRIDES, strict: bool = False
) -> str:
    """The run key of a whole check with these options: `build`, whose analysis is a
    plain check's, shares its kept state (`pipeline.kept_update`). It holds the day the
    run takes as today (`--today`, else the clock's): what a base's `today()` shows and
    what the tiers' dated rules find change with it, so a check on another day is never
    a replay of this one."""
    return run_key(root, repr((selection, strict, run_moment(today).date())))


def _whole(request: CheckRequest, files: Sequence[Path]) -> bool:
    """Whether the request checks the whole project with the cache on: only such a
    check is replayed, or leaves a state to replay."""
    return request.load.cache and not files and request.changed_since is None


def _analyse(settings: _Settings, only: list[str] | None, load: LoadOptions, key: str | None) -> CheckResult:
    from ..pipeline import run_check  # on demand: a replayed check never loads the stages

    return run_check(settings.config, settings.selection, only, load, key)


def _has_files(paths: Sequence[Path]) -> bool:
    return any(not p.is_dir() for p in paths)


def _root_and_files(paths: Sequence[Path]) -> tuple[Path | None, list[Path]]:
    """A folder argument is the project root; file arguments are pages to check, in the
    first project found above one of them (None if there is none: pre-commit may pass
    only files outside the wiki); no argument: the project at or above the current
    folder, and none there is a usage error, as for `build`."""
    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if not p.is_dir()]
    if folders and (files or len(folders) > 1):
        raise UsageError("give one project folder, or page files, not both")
    if folders:
        return folders[0], []
    if not files:
        found = find_root(Path.cwd())
        if found is None:
            raise UsageError(NO_PROJECT)
        return _as_given(found), []
    found = next((root for f in files if (root := find_root(f.resolve().parent)) is not None), None)
    return (_as_given(found) if found else None), files


def _as_given(root: Path) -> Path:
    """The root relative to the current folder when it contains it, for shorter paths."""
    try:
        return Path(os.path.relpath(root))
    except ValueError:  # another drive on Windows
        return root


def _only(request: CheckRequest, root: Path, files: list[Path], config: Config, err: Echo) -> list[str] | None:
    if request.changed_since is not None:
        if files:
            raise UsageError("give page files or --changed-since, not both")
        files = changed_files(root, request.changed_since)
    elif not files:
        return None
    pages, ignored = pages_from_arguments(root, files, config.content_dir)
    if ignored and request.changed_since is None:
        err(f"wikiforge: not wiki pages, skipped: {', '.join(ignored)}")
    return pages


def display_base(root: Path) -> str:
    """What to put before root-relative paths so they read from the current folder:
    the root's relative path when the root is at or below it, or `../..` when the
    current folder is inside the project; otherwise nothing."""
    here, absolute = Path.cwd().resolve(), root.resolve()
    if absolute == here:
        return ""
    if absolute.is_relative_to(here) or here.is_relative_to(absolute):
        return Path(os.path.relpath(absolute, here)).as_posix()
    return ""


def _show(base: str, path: str) -> str:
    return f"{base}/{path}" if base else path


def _fix_errors(fixed: list[FileFix], err: Echo) -> None:
    for f in fixed:
        if f.error is not None:
            err(f"wikiforge: could not fix {f.path}: {f.error}")


def _apply_baseline(result: CheckResult, path: Path, checked: Callable[[str, str], bool], err: Echo) -> CheckResult:
    baseline = load_baseline(path)
    fresh, matched = baseline.filter(result.diagnostics)
    stale = baseline.stale(result.diagnostics, checked)
    if matched:
        err(f"wikiforge: {plural(matched, 'finding')} in the baseline {path} not reported")
    if stale:
        verb = "is" if stale == 1 else "are"
        err(f"wikiforge: {plural(stale, 'baselined finding')} {verb} gone; refresh the baseline with --write-baseline")
    return replace(result, diagnostics=fresh)


def _use_color(request: CheckRequest) -> bool:
    """Colour only for a person at a terminal: not into files, not with NO_COLOR set."""
    if not request.color or request.output_file is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _write_report(request: CheckRequest, result: CheckResult, options: ReportOptions, out: Echo) -> None:
    from ..report import format_report, format_statistics  # on demand: only the chosen format

    if request.statistics:
        text = format_statistics(result, as_json=request.output_format == "json")
    else:
        text = format_report(result, request.output_format, options)
    _emit(request, text, out)


def _emit(request: CheckRequest, text: str, out: Echo) -> None:
    """To --output-file if given (file names that are not UTF-8 kept as their bytes), else out."""
    if request.output_file is None:
        out(text)
        return
    try:
        request.output_file.parent.mkdir(parents=True, exist_ok=True)
        request.output_file.write_bytes(text.encode("utf-8", "surrogateescape"))
    except OSError as exc:
        raise UsageError(f"cannot write {request.output_file}: {exc.strerror or exc}") from exc
