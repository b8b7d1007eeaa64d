"""`wikiforge mv OLD NEW`: move a page, attachment or folder and rewrite every link to it.

Exit codes: 0 moved (or, with `--dry-run`, the patch printed); 2 nothing moved (no
project, a bad config, OLD unknown, NEW taken or outside the project, or links that no
form could name at the new place, unless `--force`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..authoring.move_files import FileChange, carry_out, changed_files, refuse_taken
from ..authoring.moves import MoveError, Relocation, reached, relocation, resolver_after, rewrites
from ..authoring.relink import Rewrite
from ..config.settings import Config
from ..core.files import ProjectFiles
from ..incremental.state import state_key_of
from ..lint.fixes import FileFix, unified_diff
from ..lint.selection import load_settings
from ..load.discover import discover
from ..load.read import load_records
from ..load.scope import NO_PROJECT, find_root, project_for
from ..pipeline import current_digests, project_parse_options
from ..resolve.digest import PageDigest
from ..resolve.resolver import Resolver
from .check import Echo, UsageError, whole_check_key
from .shown import from_here


@dataclass(frozen=True)
class MoveRequest:
    old: Path
    new: Path
    path: Path | None = None
    dry_run: bool = False
    force: bool = False
    """Move even when some links cannot be rewritten (they are listed, and left)."""


@dataclass(frozen=True)
class _Plan:
    move: Relocation
    changes: list[FileChange]
    unwritten: list[Rewrite]
    rewritten: int


def execute(request: MoveRequest, out: Echo, err: Echo) -> int:
    """Plan the move, then print it (`dry_run`) or carry it out; returns the exit code."""
    root = project_for(request.path) if request.path is not None else find_root(Path.cwd())
    if root is None:
        raise UsageError(NO_PROJECT)
    config, selection = load_settings(root)
    try:
        files = discover(config)
        old, new = _project_path(root, request.old), _project_path(root, request.new)
        if (root / new).is_dir() and not (root / old).samefile(root / new):
            new = f"{new}/{os.path.basename(old)}".lstrip("/")
        move = relocation(files, old, new, config.content_dir)
        refuse_taken(root, move)
        key = state_key_of(whole_check_key(root, config.today), config)
        digests, heads, before = current_digests(config, selection, files, key)
        plan = _plan(config, files, move, digests, before, resolver_after(config, files, heads, move))
        for rewrite in plan.unwritten:
            err(f"wikiforge: {rewrite.page}:{rewrite.span.line}:{rewrite.span.column}: cannot rewrite {rewrite.old!r}")
        if request.dry_run:
            out(_patch(plan))
            return 0
        if plan.unwritten and not request.force:
            raise MoveError(f"{len(plan.unwritten)} link(s) could not be rewritten (--force moves anyway)")
        carry_out(root, move, plan.changes)
    except MoveError as exc:
        raise UsageError(f"nothing moved: {exc}") from exc
    except OSError as exc:
        raise UsageError(f"move stopped: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from exc
    out(f"{from_here(root / move.old)} -> {from_here(root / move.new)}: {_counted(plan)}\n")
    return 0


def _project_path(root: Path, given: Path) -> str:
    """A command-line path as a path from the project root; raises `MoveError` outside it."""
    absolute = Path(os.path.abspath(given))
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        try:
            return absolute.relative_to(Path(os.path.abspath(root))).as_posix()
        except ValueError:
            raise MoveError(f"{given} is outside the project at {from_here(root)}") from None


def _plan(
    config: Config,
    files: ProjectFiles,
    move: Relocation,
    digests: Mapping[str, PageDigest],
    before: Resolver,
    after: Resolver,
) -> _Plan:
    """Which files change and how, from the pages the move can reach (`before` and
    `after`: the resolvers of the wiki now and after the move)."""
    pages = reached(digests, digests.keys(), move)
    wanted = set(pages)
    subset = ProjectFiles(
        pages=[p for p in files.pages if p in wanted],
        sources=[p for p in files.sources if p in wanted],
        disk_paths=files.disk_paths,
        outside=files.outside,
    )
    records = load_records(subset, project_parse_options(config), max_bytes=config.max_page_bytes)
    found = rewrites(records.values(), before, after, move, config.content_dir)
    by_page: dict[str, list[Rewrite]] = {}
    for rewrite in found:
        if rewrite.new:
            by_page.setdefault(rewrite.page, []).append(rewrite)
    changes, failed = changed_files(config.root, files.disk_paths, by_page, move)
    unwritten = [r for r in found if not r.new] + failed
    return _Plan(move, changes, unwritten, sum(len(v) for v in by_page.values()) - len(failed))


def _patch(plan: _Plan) -> str:
    """The move as `git diff` shows it: the rename, then each rewritten file's hunks."""
    move = plan.move
    lines = [f"rename from {move.old}\nrename to {move.new}\n"]
    for change in plan.changes:
        fix = FileFix(Path(change.path), change.before, change.after, (), ())
        lines.append(unified_diff(fix, change.moved_to))
    return "".join(lines)


def _counted(plan: _Plan) -> str:
    files = len(plan.changes)
    return f"{plan.rewritten} link(s) rewritten in {files} file(s)" + (
        f", {len(plan.unwritten)} left as they were" if plan.unwritten else ""
    )
