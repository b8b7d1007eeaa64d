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

Anyone who can write to the output folder can edit the manifest, so a name it lists is
used only when it is a plain path inside the folder: `../keep.txt` or `/etc/passwd` is
ignored with a warning (and the build state with it), never deleted. A symbolic link in
the folder is never the build's own (it writes none), so, listed or not, it makes the
folder one the build refuses: nothing is written, read or deleted through it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..config.settings import Config
from ..core.atomic import umask
from ..core.plain_files import is_plain_relative, read_regular
from .folder_stamps import foreign_since

MANIFEST = ".wikiforge-site.json"
MANIFEST_LIMIT = 256 * 1024 * 1024
"""A manifest larger than this is not one a build wrote (100,000 pages make ~40 MB)."""
_SHOWN = 5
_BUILDING, _OLD = "building", "old"


@dataclass(frozen=True)
class Manifest:
    """What the manifest of a site says: the files an earlier build wrote (only plain
    paths inside the site), its build state (None when the manifest also named paths
    that are not, which makes it untrustworthy), and the names it `rejected`."""

    files: list[str]
    state: object
    rejected: list[str]

    def warning(self) -> str | None:
        """What to tell the user about rejected names, if any."""
        if not self.rejected:
            return None
        return (
            f"{MANIFEST}: ignored {len(self.rejected)} listed path(s) not inside the site "
            f"({_listed(self.rejected)}); every file is rendered again"
        )


class OutputError(Exception):
    """An output folder the build will not write to."""


def check_output(out: Path, config: Config) -> None:
    """Raise `OutputError` if `out` is a place a build could destroy something in (see
    `check_owned` for what it holds)."""
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


def check_owned(out: Path, force: bool) -> None:
    """Raise `OutputError` if `out` holds files an earlier build did not write (unless
    `force`). Call it holding the output's lock: another build may be swapping files."""
    target = out.resolve()
    if force or not target.is_dir():
        return
    refuse_foreign(out, _foreign_files(target))


def refuse_foreign(out: Path, foreign: list[str]) -> None:
    """Raise `OutputError` naming the `foreign` files found in `out`, if any."""
    if foreign:
        raise OutputError(
            f"{out} holds files wikiforge did not write ({_listed(sorted(foreign))}); the build would delete them. "
            "Use --force to replace the folder anyway"
        )


def owned_names(manifest: Manifest) -> set[str]:
    """The names in a site its builds wrote: those `manifest` lists, and the manifest."""
    return {*manifest.files, MANIFEST, MANIFEST + ".partial"}


def read_manifest(out: Path) -> Manifest | None:
    """The manifest of the site in `out`, or None when there is none or it is not a
    regular file of JSON with a list of names.

    A build asks three times (whose files, what state, what to delete), and a manifest of
    10,000 pages takes a quarter of a second to parse: the last one parsed is kept while
    the file's identity, size and times stay the same."""
    path = out / MANIFEST
    try:
        info = os.stat(path)
    except OSError:
        return None
    stamp = _manifest_stamp(path, info)
    if stamp not in _LAST_MANIFEST:
        _LAST_MANIFEST.clear()
        _LAST_MANIFEST[stamp] = _parse_manifest(path)
    return _LAST_MANIFEST[stamp]


_LAST_MANIFEST: dict[tuple[str, int, int, int, int], Manifest | None] = {}


def _manifest_stamp(path: Path, info: os.stat_result) -> tuple[str, int, int, int, int]:
    return (str(path.resolve()), info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _remember_manifest(path: Path, manifest: Manifest) -> None:
    """Keep the manifest just written as the last one parsed: the next build of the same
    process (`serve`'s) then does not parse it again."""
    with contextlib.suppress(OSError):
        _LAST_MANIFEST.clear()
        _LAST_MANIFEST[_manifest_stamp(path, os.stat(path))] = manifest


def _parse_manifest(path: Path) -> Manifest | None:
    try:
        manifest: object = json.loads(read_regular(path, MANIFEST_LIMIT).decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict):
        return None
    files = manifest.get("files")
    if not isinstance(files, list) or not all(isinstance(name, str) for name in files):
        return None
    plain: list[str] = []
    rejected: list[str] = []
    for name in files:
        (plain if is_plain_relative(name) else rejected).append(name)
    return Manifest(plain, None if rejected else manifest.get("build"), rejected)


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A temporary folder beside `out` to build into; removed if the build fails."""
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.resolve().name}.{_BUILDING}-", dir=parent))
    try:
        yield temp
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def clean_leftovers(out: Path) -> int:
    """Delete the staging folders that killed builds of `out` left beside it, and
    return how many. Call it holding the output's lock (`lock.build_lock`): then no
    other build of `out` is running, so every folder named as this module names them
    (`.site.building-x1y2z3w4`, `.site.old-x1y2z3w4`) is a dead build's. A build killed
    between moving the old site aside and the new one in left no site: the old one is
    moved back first."""
    target = out.resolve()
    if not target.parent.is_dir():
        return 0
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:{_BUILDING}|{_OLD})-[a-z0-9_]{{8}}")
    found = sorted(
        (entry for entry in target.parent.iterdir() if pattern.fullmatch(entry.name)),
        key=lambda path: path.lstat().st_mtime_ns,
    )
    leftovers = [path for path in found if path.is_dir() and not path.is_symlink()]
    old_sites = [path / "site" for path in leftovers if path.name.startswith(f".{target.name}.{_OLD}-")]
    if not os.path.lexists(target) and old_sites and old_sites[-1].is_dir():
        os.rename(old_sites[-1], target)
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)
    return len(leftovers)


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
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.{_OLD}-", dir=target.parent))
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
    now, while the site was untouched. When files come or go, until the last step the
    manifest lists every file old or new and holds no state, so if the process dies
    half-way the next build knows what is its own and renders everything again. When
    the same files are only rewritten, the old manifest stays true until then: a file
    replaced has lost the stat its state recorded, so the next build writes it again."""
    target = out.resolve()
    before = read_manifest(target)
    old = set(before.files) if before is not None else set()
    if old != set(written):
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
    and which, kept out of the text, leaves the manifest of an unchanged site unchanged.
    The partial file is made anew (never opened through a link someone left there)."""
    manifest: dict[str, Any] = {"files": sorted(written)}
    if state is not None:
        manifest["build"] = state
    partial = folder / (MANIFEST + ".partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(manifest, separators=(",", ":")))
    os.utime(partial, ns=(started, started))
    os.replace(partial, folder / MANIFEST)
    _remember_manifest(folder / MANIFEST, Manifest(manifest["files"], state, []))


def _remove(root: Path, name: str) -> None:
    """Delete a site file no longer built, and the folders it leaves empty. `name` is a
    plain path inside the site (see `read_manifest`) and the site holds no link (see
    `check_output`), so this deletes nothing outside it; the folders it prunes are the
    name's own, below the site."""
    path = root / name
    with contextlib.suppress(FileNotFoundError):
        if path.is_dir() and not path.is_symlink():
            return  # a folder where a file was: not ours to delete
        path.unlink()
    for folder in PurePosixPath(name).parents[:-1]:
        try:
            (root / folder).rmdir()
        except OSError:
            break


def _foreign_files(folder: Path) -> list[str]:
    """Files of `folder` an earlier build did not write: those its manifest does not
    list, and every symbolic link (a build writes none)."""
    manifest = read_manifest(folder)
    listed = owned_names(manifest) if manifest is not None else {MANIFEST, MANIFEST + ".partial"}
    return foreign_since(str(folder), listed, None, 0)[0]


def _listed(names: list[str]) -> str:
    """The first few of `names`, and how many more; control characters escaped, as a
    name from a hostile manifest or folder must not drive the terminal."""
    more = len(names) - _SHOWN
    shown = ("".join(c if c.isprintable() else repr(c)[1:-1] for c in name) for name in names[:_SHOWN])
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
