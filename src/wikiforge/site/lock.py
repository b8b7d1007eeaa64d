"""One build at a time per output folder.

Two builds of one site at once would each read the other's half-written manifest and
move files over each other's. A build therefore holds an exclusive `flock` on a lock
file beside the output folder (`.site.wikiforge-lock` for `site/`): beside it, because
the folder itself is swapped whole by a first build and its contents are published. A
second build waits for the first, saying so, and gives up after a timeout.

The lock file is deleted when the build ends, so it does not linger in a project. A
waiting build may then hold a lock on a file that is no longer there (or no longer the
one at that name): it checks, after locking, that the file it locked is the one the
name points to, and tries again if not. The kernel drops a `flock` when its process
dies, so a killed build never blocks the next: its lock file is simply taken over.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

POLL_SECONDS = 0.1


class LockTimeout(Exception):
    """Another build held the output folder's lock for longer than this one would wait."""


def lock_path(out: Path) -> Path:
    """Where the lock of the output folder `out` lives."""
    target = out.resolve()
    return target.parent / f".{target.name}.wikiforge-lock"


@contextlib.contextmanager
def build_lock(out: Path, timeout: float, on_wait: Callable[[str], object]) -> Iterator[None]:
    """Hold the lock of `out` for the duration; call `on_wait` once if another build has
    it, and raise `LockTimeout` if it still has it after `timeout` seconds."""
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    waited = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if not waited:
                on_wait(f"waiting for another build of {out} to finish (it holds {path.name})")
                waited = True
            if time.monotonic() >= deadline:
                raise LockTimeout(f"another build of {out} held its lock for {timeout:g} s") from None
            time.sleep(POLL_SECONDS)
            continue
        if _is_at(fd, path):
            break
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)


def _is_at(fd: int, path: Path) -> bool:
    """Whether the open file `fd` is still the file at `path` (not deleted or replaced
    by the build that held it before)."""
    try:
        there = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    here = os.fstat(fd)
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)
