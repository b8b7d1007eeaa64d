"""The output folder: refuse dangerous ones, build beside it, swap in when complete.

A first build writes into a temporary folder next to the output and renames it into
place only when every file is written, so a failed build leaves nothing and a reader
never sees half a site. A later build also stages every file it changes beside the
output before touching the site, then moves just those files in (`patch`): swapping a
whole 10,000-page tree costs seconds of links and deletions, the edit of one page should
not. A failed build still leaves the last good site as it was. Because the build can
replace the whole folder, it refuses a folder it would damage: the project itself,
anything inside the pages or source documents, or a folder holding files an earlier
build did not write (unless forced). `.wikiforge-site.json` in the output lists what the
build wrote, with the state an incremental build starts from.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..atomic import umask
from ..config import Config

MANIFEST = ".wikiforge-site.json"
_SHOWN = 5


class OutputError(Exception):
    """An output folder the build will not write to."""


def check_output(out: Path, config: Config, force: bool) -> None:
    """Raise `OutputError` if building into `out` could destroy something."""
    target, root = out.resolve(), config.root.resolve()
    if target == root or root.is_relative_to(target):
        raise OutputError(f"{out} holds the project itself; choose a folder such as {config.site.output}/")
    for name, folder in (("pages", config.content_dir), ("source documents", config.sources_dir)):
        if folder == ".":
            continue
        if target.is_relative_to(root / folder):
            raise OutputError(f"{out} is inside {folder}/, the {name}; the site would be read back as content")
    if config.content_dir == "." and target.is_relative_to(root):
        first = target.relative_to(root).parts[0]
        if first not in ("site", config.site.output) and not first.startswith("."):
            raise OutputError(
                f"{out} is inside the wiki (the project root holds the pages); "
                f"build into {config.site.output}/ or outside the project"
            )
    if target.exists() and not target.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if force or not target.is_dir():
        return
    foreign = sorted(_foreign_files(target))
    if foreign:
        shown = ", ".join(foreign[:_SHOWN]) + (f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else "")
        raise OutputError(
            f"{out} holds files wikiforge did not write ({shown}); the build would delete them. "
            "Use --force to replace the folder anyway"
        )


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest of the site in `out`, or None when there is none or it is unreadable."""
    try:
        manifest: object = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict):
        return None
    files = manifest.get("files")
    if not isinstance(files, list) or not all(isinstance(name, str) for name in files):
        return None
    return manifest


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A temporary folder beside `out` to build into; removed if the build fails."""
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=parent))
    try:
        yield temp
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def manifest_time(out: Path) -> int:
    """When the build that wrote the site in `out` started (its manifest's time), in ns;
    0 if unknown, which makes every file's stat racy and so hashed."""
    try:
        return os.stat(out / MANIFEST).st_mtime_ns
    except OSError:
        return 0


def publish(temp: Path, out: Path, written: list[str], state: dict[str, Any], started: int) -> None:
    """Record what was written, then swap the finished site into place."""
    _write_manifest(temp, written, state, started)
    os.chmod(temp, 0o755 & ~umask())  # mkdtemp made it 0700; a site is for reading
    target = out.resolve()
    if not target.exists():
        os.rename(temp, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=target.parent))
    os.rename(target, old / "site")
    try:
        os.rename(temp, target)
    except OSError:
        os.rename(old / "site", target)
        shutil.rmtree(temp, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


def patch(
    temp: Path, out: Path, changed: list[str], written: list[str], state: dict[str, Any], started: int
) -> list[str]:
    """Move the `changed` files staged in `temp` into the site in `out` and delete the
    files an earlier build wrote that this one did not; return those deleted.

    Everything that can fail on the way (templates, pages, disk space) has happened by
    now, while the site was untouched. Until the last step the manifest lists every file
    old or new and holds no state, so if the process dies half-way the next build knows
    what is its own and renders everything again."""
    target = out.resolve()
    before = read_manifest(target)
    old = set(before["files"]) if before is not None else set()
    _write_manifest(target, sorted(old | set(written)), None, started)
    removed = sorted(old - set(written))
    for name in removed:
        _remove(target, name)
    folders: set[Path] = set()
    for name in changed:
        destination = target / name
        if destination.parent not in folders:
            destination.parent.mkdir(parents=True, exist_ok=True)
            folders.add(destination.parent)
        os.replace(temp / name, destination)
    _write_manifest(target, written, state, started)
    shutil.rmtree(temp, ignore_errors=True)
    return removed


def _write_manifest(folder: Path, written: list[str], state: dict[str, Any] | None, started: int) -> None:
    """Write the manifest whole or not at all (a rename), so it never lists half a site.
    Its time is set to the build's start, which the next build needs (`manifest_time`)
    and which, kept out of the text, leaves the manifest of an unchanged site unchanged."""
    manifest: dict[str, Any] = {"files": sorted(written)}
    if state is not None:
        manifest["build"] = state
    partial = folder / (MANIFEST + ".partial")
    partial.write_text(json.dumps(manifest, separators=(",", ":")), encoding="utf-8")
    os.utime(partial, ns=(started, started))
    os.replace(partial, folder / MANIFEST)


def _remove(root: Path, name: str) -> None:
    """Delete a site file no longer built, and the folders it leaves empty."""
    path = root / name
    with contextlib.suppress(FileNotFoundError):
        if path.is_dir() and not path.is_symlink():
            return  # a folder where a file was: not ours to delete
        path.unlink()
    for folder in path.parents:
        if folder == root:
            break
        try:
            folder.rmdir()
        except OSError:
            break


def _foreign_files(folder: Path) -> Iterator[str]:
    listed: set[str] = set()
    manifest = read_manifest(folder)
    if manifest is not None:
        listed = set(manifest["files"])
    elif not (folder / MANIFEST).exists() and not any(folder.iterdir()):
        return
    for name in _files_under(str(folder), ""):
        if name not in (MANIFEST, MANIFEST + ".partial") and name not in listed:
            yield name


def _files_under(top: str, prefix: str) -> Iterator[str]:
    """Every file (or link) below `top`, as `prefix`-relative POSIX paths. `os.scandir`
    rather than `Path.rglob`: on a 10,000-page site this check runs on every build, and
    rglob's per-path objects made it take a second."""
    with os.scandir(top) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _files_under(entry.path, f"{prefix}{entry.name}/")
            else:
                yield prefix + entry.name
