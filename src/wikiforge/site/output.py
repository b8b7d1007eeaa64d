"""The output folder: refuse dangerous ones, build beside it, swap in when complete.

A build writes into a temporary folder next to the output and renames it into place
only when every file is written, so a failed build leaves the last good site whole and
a reader never sees half a site. Because the swap replaces the whole folder, the build
refuses a folder it would damage: the project itself, anything inside the pages or
source documents, or a folder holding files an earlier build did not write (unless
forced). `.wikiforge-site.json` in the output lists what the build wrote.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

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


def publish(temp: Path, out: Path, written: list[str]) -> None:
    """Record what was written, then swap the finished site into place."""
    (temp / MANIFEST).write_text(json.dumps({"files": sorted(written)}, indent=0), encoding="utf-8")
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


def _foreign_files(folder: Path) -> Iterator[str]:
    listed: set[str] = set()
    manifest = folder / MANIFEST
    if manifest.is_file():
        with contextlib.suppress(OSError, ValueError, TypeError):
            listed = set(json.loads(manifest.read_text(encoding="utf-8"))["files"])
    elif not any(folder.iterdir()):
        return
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if rel == MANIFEST or path.is_dir() and not path.is_symlink():
            continue
        if rel not in listed:
            yield rel
