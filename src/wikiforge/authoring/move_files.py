"""Carrying out a planned move on disk: each file replaced whole, nothing overwritten.

Order: the moved file (or folder) goes first, under a name nothing had (a hard link to
the new name, then the old one removed, so an existing file is never replaced; a folder
is renamed after checking the name is free), then each rewritten file is replaced
atomically (`core.atomic.write_atomically`). A move interrupted at any point leaves
every file whole, as it was or as it was meant to be; running the move's links again
(`wikiforge check`) shows what is left to do.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.atomic import remove_stale_temps, write_atomically
from .moves import MoveError, Relocation
from .relink import Rewrite, apply_edits, plan_edits

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class FileChange:
    """One file's text before and after its links are rewritten; `path` is where it is
    now and `moved_to` where it will be (the same unless the move carries it)."""

    path: str
    moved_to: str
    before: bytes
    after: bytes


def changed_files(
    root: Path, disk_paths: Mapping[str, str], by_page: Mapping[str, list[Rewrite]], move: Relocation
) -> tuple[list[FileChange], list[Rewrite]]:
    """Each file's rewritten bytes, by path, and the rewrites that could not be made
    (the file changed, is not UTF-8, or cannot be read)."""
    changes: list[FileChange] = []
    failed: list[Rewrite] = []
    for page, wanted in sorted(by_page.items()):
        try:
            before = Path(disk_paths.get(page) or root / page).read_bytes()
            bom = before.startswith(_BOM)
            text = before[len(_BOM) if bom else 0 :].decode("utf-8")
        except (OSError, UnicodeDecodeError):
            failed.extend(wanted)
            continue
        edits, missed = plan_edits(text, wanted)
        failed.extend(missed)
        if edits:
            after = (_BOM if bom else b"") + apply_edits(text, edits).encode("utf-8")
            changes.append(FileChange(page, move.moved(page), before, after))
    return changes, failed


def refuse_taken(root: Path, move: Relocation) -> None:
    """Raise `MoveError` when the new name is taken on disk (by any file the wiki
    does not list, too), or its folder is a file."""
    target = root / move.new
    if os.path.lexists(target) and not _same_file(root / move.old, target):
        raise MoveError(f"{move.new} already exists")
    parent = target.parent
    while parent != root and not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise MoveError(f"{parent.relative_to(root).as_posix()} is a file, not a folder")


def carry_out(root: Path, move: Relocation, changes: Iterable[FileChange]) -> None:
    """Move the file or folder, then write each rewritten file at its new place."""
    changes = list(changes)
    source, target = root / move.old, root / move.new
    target.parent.mkdir(parents=True, exist_ok=True)
    if move.is_folder:
        refuse_taken(root, move)
        os.rename(source, target)
    else:
        _move_file(source, target)
    for folder in sorted({(root / change.moved_to).parent for change in changes}):
        remove_stale_temps(folder)
    for change in changes:
        write_atomically(root / change.moved_to, change.after)


def _move_file(source: Path, target: Path) -> None:
    """Give `source` the name `target`, failing if that name is taken meanwhile (a case
    change of one name on a case-blind disk is a rename in place)."""
    if _same_file(source, target):
        os.rename(source, target)
        return
    try:
        os.link(source, target)
    except FileExistsError:
        raise MoveError(f"{target.name} already exists") from None
    except OSError:  # no hard links here: check, then rename
        if os.path.lexists(target):
            raise MoveError(f"{target.name} already exists") from None
        os.rename(source, target)
        return
    with contextlib.suppress(FileNotFoundError):
        os.unlink(source)


def _same_file(a: Path, b: Path) -> bool:
    """Whether two names are one file (a case-only rename on a case-blind disk)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
