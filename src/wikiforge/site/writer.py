"""Writing site files: into the staging folder, and over an old site only what changed.

Every file the build makes is claimed first, so two pages never write one file. With no
site before (or `--force`), every file is written into the staging folder and the folder
is swapped in. Over a site an earlier build wrote, a file whose fingerprint matches the
build state and whose bytes on disk are the ones recorded there is kept without being
rendered, and a rendered or copied file whose bytes equal the old file's is kept too:
only files that really change are staged, to be moved into the site by `output.patch`.
A kept file keeps its inode and modification time, so servers, rsync and browsers see
that nothing happened to it.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

from ..core.outputs import site_key
from .build_state import BuildState


class SiteWriter:
    """One build's site files: `written` every file of the new site, `changed` those
    staged to replace or add to the old site, `unchanged` how many were kept."""

    def __init__(self, root: Path, warnings: list[str], old: Path | None, previous: BuildState | None) -> None:
        self.root = root
        self.warnings = warnings
        self.old = old
        self._old_prefix = f"{old}{os.sep}" if old is not None else ""
        """The old site's path with a separator, joined by hand: `os.path.join` and a
        `Path` for each of 10,000 kept files added a hundredth of a second."""
        self.previous = previous
        self.written: list[str] = []
        self.changed: list[str] = []
        self.unchanged = 0
        self.outputs: dict[str, tuple[int, int, str]] = {}
        self.groups: dict[str, tuple[str, list[str]]] = {}
        self._count = 0
        self._owners: dict[str, str] = {}
        self._folders: set[Path] = set()

    def claim(self, output: str, owner: str) -> bool:
        """Take `output` for `owner`; False (with a warning) when another has it."""
        key = site_key(output)
        if key in self._owners:
            self.warnings.append(f"{owner}: not written, {self._owners[key]} already writes {output}")
            return False
        self._owners[key] = owner
        self.written.append(output)
        self._count += 1
        return True

    def keep(self, output: str, fingerprint: str) -> bool:
        """Keep a claimed file without rendering it, if the last build made it from the
        same inputs and it is still as that build left it."""
        if not self.intact(output, fingerprint):
            return False
        assert self.previous is not None
        self.outputs[output] = self.previous.outputs[output]
        self.unchanged += 1
        return True

    def keep_group(self, group: str, fingerprint: str) -> bool:
        """Keep every file of a group of generated pages when the group's fingerprint is
        the last build's and its files are as that build left them."""
        before = self.previous.groups.get(group) if self.previous is not None else None
        if before is None or before[0] != fingerprint:
            return False
        entries = {output: self.previous.outputs.get(output) for output in before[1]} if self.previous else {}
        if any(entry is None or self._old_stat(output) != entry[:2] for output, entry in entries.items()):
            return False
        kept = self.groups[group] = (fingerprint, [])
        for output, entry in entries.items():
            if entry is not None and self.claim(output, f"generated {group} page"):
                kept[1].append(output)
                self._unchanged(output, entry[:2], entry[2])
        return True

    def generated(self, group: str, fingerprint: str, output: str, owner: str, content: str) -> None:
        """Write a generated page of `group`, and remember it as one of the group's files."""
        if self.claim_in_group(group, fingerprint, output, owner):
            self.text(output, content, fingerprint)

    def claim_in_group(self, group: str, fingerprint: str, output: str, owner: str) -> bool:
        """Claim `output` as one of the files of `group` (kept or written by the caller)."""
        files = self.groups.setdefault(group, (fingerprint, []))[1]
        if not self.claim(output, owner):
            return False
        files.append(output)
        return True

    def intact(self, output: str, fingerprint: str) -> bool:
        """Whether the old site's `output` is the file the last build made with
        `fingerprint`, as that build left it (what `keep` asks before keeping it)."""
        entry = self.previous.outputs.get(output) if self.previous is not None else None
        if entry is None or not fingerprint or entry[2] != fingerprint:
            return False
        return self._old_stat(output) == entry[:2]

    def text(self, output: str, content: str, fingerprint: str = "") -> None:
        """Write a claimed file, unless the old site has these very bytes."""
        self.data(output, content.encode("utf-8"), fingerprint)

    def data(self, output: str, data: bytes, fingerprint: str = "") -> None:
        """Write a claimed file's bytes, unless the old site has these very bytes."""
        if self.old is not None:
            old = self.old / output
            found = self._old_stat(output)
            if found is not None and found[0] == len(data) and old.read_bytes() == data:
                self._unchanged(output, found, fingerprint)
                return
        path = self._path(output)
        path.write_bytes(data)
        self._changed(output, path, fingerprint)

    def copy(self, output: str, source: str, owner: str, outside: bool) -> None:
        """Copy a file of the wiki (an attachment, a document) into the site."""
        if outside:
            self.warnings.append(f"{owner}: not copied, it links to a file outside the project")
            return
        if not self.claim(output, owner):
            return
        try:
            found = self._old_stat(output) if self.old is not None else None
            if found is not None and self.old is not None and filecmp.cmp(source, self.old / output, shallow=False):
                self._unchanged(output, found, "")
                return
            path = self._path(output)
            shutil.copyfile(source, path)
            self._changed(output, path, "")
        except OSError as exc:
            self.warnings.append(f"{owner}: not copied: {exc.strerror or exc}")

    def adopt(self, outputs: Iterable[str]) -> None:
        """Take files already written into the staging folder (the theme's static
        files); those the old site has byte for byte are kept from it instead."""
        for output in outputs:
            self.written.append(output)
            path = self.root / output
            found = self._old_stat(output) if self.old is not None else None
            if found is not None and self.old is not None and filecmp.cmp(path, self.old / output, shallow=False):
                path.unlink()
                self._unchanged(output, found, "")
            else:
                self._changed(output, path, "")

    def take_count(self) -> int:
        """Files claimed since the last call (each phase of the build counts its own)."""
        count, self._count = self._count, 0
        return count

    def _old_stat(self, output: str) -> tuple[int, int] | None:
        """Size and time of the old site's regular file `output`, if there is one."""
        if self.old is None:
            return None
        try:
            info = os.lstat(self._old_prefix + output)
        except OSError:
            return None
        return (info.st_size, info.st_mtime_ns) if stat.S_ISREG(info.st_mode) else None

    def _unchanged(self, output: str, found: tuple[int, int], fingerprint: str) -> None:
        self.outputs[output] = (*found, fingerprint)
        self.unchanged += 1

    def _changed(self, output: str, path: Path, fingerprint: str) -> None:
        info = path.stat()
        self.outputs[output] = (info.st_size, info.st_mtime_ns, fingerprint)
        self.changed.append(output)

    def _path(self, output: str) -> Path:
        path = self.root / output
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        return path
