"""Which folders of a built site to list for files the build did not write.

A build refuses an output folder holding files no build wrote (`output.check_owned`),
and finding them means listing every folder of the site: at 10,000 pages (a folder per
page) that took 0.12 s, a tenth of a build after an edit. Adding, removing or renaming
a file changes its folder's modification time, so a build after an edit lists only the
folders whose time is not the one a build saw when it last found them clean, and checks
the others with one `lstat` each.

A time is trusted only when it was already `SETTLED_NS` old when seen: a file added in
the clock tick the folder last changed in leaves its time as it was. Folders a build writes
into are not trusted either until a later build has listed them (`written_in`). What
this saves can never hide a foreign file from a build that would delete it: a whole
build always lists every folder.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection, Iterable

from ..core.files import SETTLED_NS

FolderStamps = dict[str, int]
"""Every folder of the site as a build found it clean, by its path in the site ("" for
the site itself), with its modification time (ns), or `UNSURE`."""

UNSURE = -1
"""The stamp of a folder the next build must list whatever its time."""


def foreign_since(
    top: str, listed: Collection[str], stamps: FolderStamps | None, now_ns: int
) -> tuple[list[str], FolderStamps]:
    """Files in the site at `top` no build wrote (not in `listed`, or a symbolic link),
    and the folders' stamps as found. With `stamps` (what the last build saw), only
    folders whose time moved are listed; without, every folder is."""
    survey = _Survey(top, listed, stamps if stamps is not None and "" in stamps else {}, now_ns)
    queue = [folder for folder, stamp in survey.known.items() if survey.moved(folder, stamp)] if survey.known else [""]
    while queue:
        queue.extend(survey.list(queue.pop()))
    return sorted(survey.foreign), survey.found


def written_in(stamps: FolderStamps, names: Iterable[str]) -> FolderStamps:
    """`stamps` once files `names` were written or removed: their folders, and the
    folders above (which a folder made or pruned changes), must be listed again."""
    after = dict(stamps)
    after[""] = UNSURE  # the manifest is written at the top
    for name in names:
        while "/" in name:
            name = name.rsplit("/", 1)[0]
            after[name] = UNSURE
    return after


class _Survey:
    """One look for foreign files: what it `found` clean, and the `foreign` files."""

    def __init__(self, top: str, listed: Collection[str], known: FolderStamps, now_ns: int) -> None:
        self.top, self.listed, self.known, self.now_ns = top, listed, known, now_ns
        self.found: FolderStamps = {}
        self.foreign: set[str] = set()
        """A set: a folder now a link is found both by its stamp and in its parent."""

    def moved(self, folder: str, stamp: int) -> bool:
        """Whether `folder` must be listed; a folder unchanged since it was found clean
        is kept as found, one now gone is forgotten, one now a link is foreign."""
        try:
            info = os.lstat(f"{self.top}/{folder}" if folder else self.top)
        except (FileNotFoundError, NotADirectoryError):
            return False
        if stat.S_ISLNK(info.st_mode):
            self.foreign.add(f"{folder} (a symbolic link)")
            return False
        if not stat.S_ISDIR(info.st_mode):
            return False  # a file where a folder was: its own folder's time moved
        if stamp != UNSURE and info.st_mtime_ns == stamp:
            self.found[folder] = stamp
            return False
        return True

    def list(self, folder: str) -> list[str]:
        """List `folder`: note its foreign files, stamp it, and return the folders in
        it that no stamp covers (which are listed in turn)."""
        path = f"{self.top}/{folder}" if folder else self.top
        try:
            mtime = os.lstat(path).st_mtime_ns  # before listing: a file added after moves it on
            entries = list(os.scandir(path))
        except (FileNotFoundError, NotADirectoryError):
            return []  # gone since its folder was listed
        self.found[folder] = mtime if mtime < self.now_ns - SETTLED_NS else UNSURE
        prefix = f"{folder}/" if folder else ""
        unknown: list[str] = []
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if name not in self.known:
                    unknown.append(name)
            elif entry.is_symlink():
                self.foreign.add(f"{name} (a symbolic link)")
            elif name not in self.listed:
                self.foreign.add(name)
        return unknown
