"""The last whole `check`'s result, replayed while nothing it read has changed.

A check reads the config, the folders it walks, every page, source document and
attachment it lists, and the Obsidian settings that name template folders. After a
whole-project check, the state file (`.wikiforge_cache/check-state`, signed as the
record cache is) keeps a stamp of each of these (type, inode, size, modification and
change times, or "absent") with the result. The next check with the same options, code
and Python stats them again; if every stamp is the same, nothing the result came from
can have changed (adding, removing or renaming a file changes its folder's stamp) and
the result is replayed without parsing, resolving or linting anything.

A stamp is only trusted if it was made well before the run began reading (`SETTLED_NS`):
a file saved while the check ran, or so recently that its times may not have moved yet,
leaves no state, and the next run does the whole work.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..config.settings import Config
from ..core.files import SETTLED_NS, ProjectFiles, Stat
from .cache import CACHE_DIR, code_digest, read_signed, tag_folder, unusable, user_key, write_signed
from .discover import ROOT_ONLY_SKIPS

STATE_FILE = "check-state"
_CONFIG_FILES = ("wikiforge.toml", "pyproject.toml")
_OBSIDIAN_SETTINGS = (".obsidian/templates.json", ".obsidian/plugins/templater-obsidian/data.json")

Stamp = tuple[int, int, int, int, int] | None
"""(mode, inode, size, modification time, change time) of a path, or None if absent."""


@dataclass(frozen=True)
class CheckState:
    """A result and the stamps of everything it was made from, under one run key."""

    key: str
    root: RootView
    stamps: tuple[tuple[str, Stamp], ...]
    result: object


@dataclass(frozen=True)
class RootView:
    """The project folder's entries as a check sees them: its folders that are never
    walked (`skipped`: the cache, the output folder…) and hidden entries left out. Its
    times are no use: the check itself makes the cache folder there."""

    skipped: tuple[str, ...]
    entries: tuple[str, ...]

    @classmethod
    def of(cls, base: Path, skipped: tuple[str, ...]) -> RootView:
        try:
            with os.scandir(base) as listing:
                entries = sorted(
                    entry.name + ("/" if entry.is_dir(follow_symlinks=False) else "")
                    for entry in listing
                    if not entry.name.startswith(".") and not (entry.name in skipped and entry.is_dir())
                )
        except OSError:
            entries = ["<unlistable>"]
        return cls(skipped, tuple(entries))


def run_key(root: Path, options: str) -> str:
    """What a replayed result depends on besides the files: the command's options
    (`options`, as text), the project's location, wikiforge's code and Python."""
    parts = (options, str(root.resolve()), __version__, code_digest(), sys.version)
    return hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def replay(root: Path, key: str) -> object | None:
    """The stored result if it was made under `key` and nothing it read has changed."""
    secret = user_key()
    folder = root / CACHE_DIR
    if secret is None or unusable(folder) is not None:
        return None
    state = read_signed(folder / STATE_FILE, secret)
    if not isinstance(state, CheckState) or state.key != key:
        return None
    base = root.resolve()
    if RootView.of(base, state.root.skipped) != state.root:
        return None
    if any(stamp(os.path.join(base, path)) != kept for path, kept in state.stamps):
        return None
    return state.result


def prepare(root: Path, config: Config) -> RootView:
    """Make the cache folder, then view the project folder, before a check starts
    reading: an entry added while it runs makes the next check's view differ. The view
    leaves out the root folders discovery never walks, compared by name as discovery
    compares them (an output folder given as a path is walked, so it stays in view)."""
    folder = root / CACHE_DIR
    if unusable(folder) is None:
        with contextlib.suppress(OSError):
            folder.mkdir(exist_ok=True)
            tag_folder(folder)
    return RootView.of(root.resolve(), (*ROOT_ONLY_SKIPS, config.site.output))


def remember(
    root: Path, key: str, view: RootView, config: Config, files: ProjectFiles, stamps: Stamps, result: object
) -> None:
    """Store `result` of a whole-project check that took `stamps`, unless something it
    read changed too recently to be told apart; never raises."""
    secret = user_key()
    folder = root / CACHE_DIR
    if secret is None or unusable(folder) is not None:
        return
    base = root.resolve()
    made = tuple((path, stamps.of(disk)) for path, disk in dict(_read_paths(base, config, files)).items())
    if any(not settled(when, stamps.began) for _, when in made):
        with contextlib.suppress(OSError):
            (folder / STATE_FILE).unlink()
        return
    with contextlib.suppress(OSError):
        write_signed(folder / STATE_FILE, secret, CheckState(key, view, made, result))


def _read_paths(base: Path, config: Config, files: ProjectFiles) -> Iterable[tuple[str, str]]:
    """Everything a check read or listed, relative to the project root (whose entries
    its `RootView` covers), with where it is on disk: the config, the content and
    sources folders even when absent, the Obsidian settings of the root and content
    vaults, every folder walked below the root and every file listed."""
    named = [*_CONFIG_FILES, *(folder for folder in (config.content_dir, config.sources_dir) if folder != ".")]
    for vault in dict.fromkeys(("", "" if config.content_dir == "." else config.content_dir + "/")):
        named += (f"{vault}{settings}" for settings in _OBSIDIAN_SETTINGS)
    named += files.refused  # a folder that could not be listed, until its permissions change
    yield from ((path, os.path.join(base, path)) for path in named)
    for disk in files.listed:
        if disk != str(base):
            yield _relative(base, disk), disk
    for disk in files.disk_paths.values():
        yield _relative(base, disk), disk


def _relative(base: Path, path: str) -> str:
    """`path` from `base`; a plain cut for the usual path inside it (`os.path.relpath`
    took most of the time of remembering 10,000 pages)."""
    text, prefix = str(path), str(base) + os.sep
    return text[len(prefix) :] if text.startswith(prefix) and os.sep + ".." not in text else os.path.relpath(path, base)


def settled(made: Stamp, read_from: int) -> bool:
    """Whether a stamp can be trusted for a file read from `read_from` (ns) on: it was
    absent, or last changed `SETTLED_NS` before."""
    return made is None or made[4] <= read_from - SETTLED_NS


class Stamps:
    """The stamps one run takes, each file's once, and when it began reading.

    A stamp taken before a file was read stands for what was read: a check that
    remembers its result reuses the stamps it took before reading its pages (statting
    10,000 files again took a tenth of a second), and a file changed after that looks
    changed to the next run, as it should."""

    def __init__(self, began: int) -> None:
        self.began = began
        self._taken: dict[str, Stamp] = {}

    def of(self, disk: str) -> Stamp:
        """The stamp of the file at `disk`, taken the first time it is asked for."""
        if disk not in self._taken:
            self._taken[disk] = stamp(disk)
        return self._taken[disk]

    def sizes(self, files: ProjectFiles) -> dict[str, Stat]:
        """Size and time of every page and source document, from the stamps taken (each
        file statted once): taken before the files are read, a file changed while a
        build reads it looks changed to the next build."""
        found: dict[str, Stat] = {}
        for path in (*files.pages, *files.sources):
            disk = files.disk_paths.get(path)
            made = self.of(disk) if disk is not None else None
            if made is not None:
                found[path] = (made[2], made[3])
        return found

    def trusted(self, disks: Iterable[str | None]) -> list[Stamp]:
        """The stamp of each file in `disks` if it settled before the run began, else
        None (None too where the file is None). One loop, `settled` written out: 10,000
        calls through `of` and `settled` took longer than the stats themselves."""
        taken, limit = self._taken, self.began - SETTLED_NS
        found: list[Stamp] = []
        for disk in disks:
            if disk is None:
                found.append(None)
                continue
            if disk not in taken:
                taken[disk] = stamp(disk)
            made = taken[disk]
            found.append(made if made is None or made[4] <= limit else None)
        return found


def stamp(path: str | Path) -> Stamp:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
