"""Replacing a file all at once: a crash or error never leaves half of it on disk.

A run killed between making its temp file and renaming it leaves the temp file behind.
Temp files are named with the id of the process that made them, so a later run can
tell one that no living process will finish (`remove_stale`) and delete it, without
touching a file another run is writing right now.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path

LEGACY_AGE_SECONDS = 3600
"""Temp files of versions that did not name the process are deleted once this old."""
_RANDOM = "[a-z0-9_]{8}"
"""The random part `tempfile.mkstemp` adds to a name."""
_FIX_STEM, _FIX_SUFFIX = r"\..+\.wikiforge-", r"\.tmp"


def write_atomically(path: Path, data: bytes) -> None:
    """Replace the file at `path` with `data`, all at once or not at all.

    The temp file lives in the same folder so `os.replace` is a rename on one file
    system; it is fsynced before the rename so a crash cannot leave an empty page. The
    old permission bits are copied over. A symlinked page is written through to its
    target, so the link stays a link. (Hard links to the old file are not updated.)
    """
    target = path.resolve()
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~umask()
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=temp_prefix(f".{target.name}.wikiforge-"), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_folder(target.parent)


def remove_stale_temps(folder: Path) -> int:
    """Delete the temp files `write_atomically` left in `folder` when its process was
    killed; return how many."""
    return remove_stale(folder, _FIX_STEM, _FIX_SUFFIX)


def temp_prefix(stem: str) -> str:
    """A temp file's name prefix: `stem`, then this process's id (see `remove_stale`)."""
    return f"{stem}{os.getpid()}-"


def remove_stale(folder: Path, stem: str, suffix: str) -> int:
    """Delete the regular files in `folder` named `stem`, a process id, `-`, the random
    part of a temp name and `suffix` (`stem` and `suffix` are regular expressions) whose
    process is no longer running, and return how many. A name without a process id
    (an older version's) counts as stale once it is `LEGACY_AGE_SECONDS` old."""
    pattern = re.compile(rf"{stem}(?:(?P<pid>\d{{1,9}})-)?{_RANDOM}{suffix}", re.DOTALL)
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None or not entry.is_file(follow_symlinks=False):
            continue
        pid = found["pid"]
        try:
            if pid is None and time.time() - entry.stat(follow_symlinks=False).st_mtime < LEGACY_AGE_SECONDS:
                continue
            if pid is not None and _running(int(pid)):
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed += 1
    return removed


def _running(pid: int) -> bool:
    """Whether a process with this id exists (one of another user's counts)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def umask() -> int:
    """The process's file-creation mask (read without leaving it changed)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the OS allows opening a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
