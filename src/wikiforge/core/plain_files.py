"""Reading names and files from folders that others can write to: a site's manifest, the
record cache.

Such a folder may be committed to a repository or shared on a CI machine, so a name it
lists may point anywhere (`../keep.txt`, `/etc/passwd`) and a file in it may be a FIFO,
a device or a symbolic link to `/dev/zero`. A name is used only when it is a plain path
inside the folder, and a file is read only when it is a regular file of a bounded size,
opened without following a link and without blocking: reading never hangs, never
reads past the bound, and never leaves the folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


def is_plain_relative(name: str) -> bool:
    """Whether `name` is a relative path of plain names below a folder: not empty, no
    NUL, not absolute, no drive, and no empty, `.` or `..` part (split at `/` and at
    the system's other separator, so a backslash counts as one only where the system
    says so)."""
    if not name or "\0" in name or os.path.isabs(name) or (os.altsep and os.path.splitdrive(name)[0]):
        return False
    if os.altsep:
        name = name.replace(os.altsep, "/")
    framed = f"/{name}/"  # one pass for every part: a manifest lists tens of thousands of names
    return "//" not in framed and "/./" not in framed and "/../" not in framed


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Raises `OSError` when `path` is a symbolic link, not a regular file (a FIFO, a
    device, a folder) or larger than `limit`: the open neither follows the link nor
    waits for a FIFO's writer, and `fstat` checks the file actually opened."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    with os.fdopen(os.open(path, flags), "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"not a regular file: {path}")
        if info.st_size > limit:
            raise OSError(f"larger than {limit} bytes: {path}")
        data = read_bounded(handle, info.st_size, limit)
    if len(data) > limit:
        raise OSError(f"larger than {limit} bytes: {path}")
    return data


def read_bounded(handle: BinaryIO, size: int, limit: int) -> bytes:
    """The bytes of an open file that `fstat` says holds `size` bytes, up to `limit + 1`
    of them, so a caller can tell a file over the limit, also one that grew meanwhile.

    The first read asks for the file's size, not the limit's: Python allocates a read's
    whole length before it shrinks it, and glibc keeps each such large buffer as a
    memory mapping of its own. A 10 MB read per page left one mapping per page, and at
    65,530 of them (Linux's `vm.max_map_count`) nothing else could be mapped: the
    parse pool did not start past about 65,000 pages."""
    first = min(size, limit) + 1
    data = handle.read(first)
    if len(data) < first:
        return data
    return data + handle.read(limit + 1 - len(data))
