"""Replacing a file all at once: a crash or error never leaves half of it on disk."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


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
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.wikiforge-", suffix=".tmp")
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
