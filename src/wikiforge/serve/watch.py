"""Turn changes to a project's files into batches for the live site to rebuild from.

watchfiles (the Rust `notify` watcher) reports changes under the project root; a batch is
yielded once no change has come for `STEP_MS` (or after `DEBOUNCE_MS` of steady changes),
so an editor's save, which may write, rename and delete, is one rebuild. What wikiforge
writes itself (its cache and serve folders, the site output folder) and what editors
and version control keep beside files (`.git`, swap and backup files) are ignored.
"""

from __future__ import annotations

import queue
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

DEBOUNCE_MS = 400
STEP_MS = 50
READY_MS = 300
"""How long the watcher waits for a change before saying it is watching (and again)."""
_CONFIG_NAMES = ("wikiforge.toml", "pyproject.toml")
_EDITOR_NOISE = re.compile(r"^(4913|.*\.(tmp|bak|crswap))$|^\.~lock\.")


@dataclass(frozen=True)
class Batch:
    """The project files one rebuild answers, relative to the root, and whether the
    config (or the Obsidian settings that name template folders) is among them."""

    paths: tuple[str, ...]
    config: bool


class _ProjectFilter(DefaultFilter):
    """watchfiles' default filter, plus wikiforge's own folders and more editor noise."""

    def __init__(self, ignored: tuple[Path, ...]) -> None:
        super().__init__(ignore_paths=ignored)

    def __call__(self, change: Change, path: str) -> bool:
        return super().__call__(change, path) and not _EDITOR_NOISE.match(Path(path).name)


class Watcher(threading.Thread):
    """Watches `root` (outside `ignored`) in its own thread until `stop` is set.

    `ready` is set once the watch is in place, so a caller that builds after waiting
    for it misses no change; `take` returns the changes since the last call as one batch.
    """

    def __init__(self, root: Path, ignored: tuple[Path, ...], stop: threading.Event) -> None:
        super().__init__(name="wikiforge-watch", daemon=True)
        self.ready = threading.Event()
        self._root, self._stop_event = root.resolve(), stop
        self._filter = _ProjectFilter(tuple(path.resolve() for path in ignored))
        self._pending: queue.Queue[set[str]] = queue.Queue()

    def run(self) -> None:
        changes_seen = watch(
            self._root,
            watch_filter=self._filter,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=self._stop_event,
            rust_timeout=READY_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
        )
        for changes in changes_seen:
            self.ready.set()
            if changes:
                self._pending.put({_relative(self._root, path) for _, path in changes})

    def take(self, timeout: float) -> Batch | None:
        """Every change since the last call, or None if none came within `timeout` s."""
        try:
            paths = self._pending.get(timeout=timeout)
        except queue.Empty:
            return None
        while not self._pending.empty():
            paths |= self._pending.get_nowait()
        ordered = tuple(sorted(paths))
        return Batch(ordered, any(_is_config(path) for path in ordered))


def _relative(base: Path, path: str) -> str:
    try:
        return Path(path).resolve().relative_to(base).as_posix()
    except ValueError:
        return path


def _is_config(path: str) -> bool:
    return path in _CONFIG_NAMES or "/.obsidian/" in f"/{path}"
