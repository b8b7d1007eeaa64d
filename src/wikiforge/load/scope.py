"""Which project a command runs on, and which of its files: found upward, from git, or named.

Kept apart from loading so the CLI can narrow a run (`--changed-since`, file arguments)
before any page is read, and so every git call and its failure messages live in one place.
"""

from __future__ import annotations

import os
import subprocess
import tomllib
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from ..config.settings import load_config

_PAGE_SUFFIX = ".md"
NO_PROJECT = "no wikiforge project here or above (no wikiforge.toml, [tool.wikiforge] or wiki/ folder)"
"""What `check`, `build` and `tiers` say (exit 2) when no project is found from the current folder."""


class ScopeError(Exception):
    """The files to check cannot be worked out (no git, not a repository, unknown revision)."""


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that looks like a wikiforge project.

    A project has a `wikiforge.toml`, a `pyproject.toml` with a `[tool.wikiforge]` table,
    or a `wiki/` folder. A broken `pyproject.toml` simply does not count here: reporting
    it is the config loader's job, once the root is known.
    """
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / "wikiforge.toml").is_file() or (folder / "wiki").is_dir() or _has_tool_table(folder):
            return folder
    return None


def project_for(path: Path) -> Path:
    """The project a PATH argument names: itself, unless it is the pages or sources
    folder of an enclosing project (`wikiforge build wiki`), then that project."""
    if find_root(path) == path.resolve():
        return path
    enclosing = find_root(path.resolve().parent)
    if enclosing is None:
        return path
    config = load_config(enclosing)
    for folder in (config.content_dir, config.sources_dir):
        if folder != "." and path.resolve().is_relative_to(enclosing / folder):
            return enclosing
    return path


def changed_files(root: Path, rev: str) -> list[Path]:
    """Files under `root` changed since `rev` (committed, staged or not) or untracked, not deleted.

    Paths are absolute, spelled under `root` as given, sorted. Ignored files are left out,
    as git leaves them out.
    """
    if rev.startswith("-"):
        raise ScopeError(f"{rev!r} is not a git revision")
    top_out = run_git(root, "rev-parse", "--show-toplevel", what="not in a git repository")
    toplevel = Path(os.fsdecode(top_out.rstrip(b"\n")))
    compare = f"cannot compare with revision {rev!r}"
    diff = run_git(root, "diff", "--name-only", "-z", "--diff-filter=d", rev, "--", what=compare)
    untracked = run_git(
        root, "ls-files", "--others", "--exclude-standard", "--full-name", "-z", what="cannot list files"
    )
    top, base = toplevel.resolve(), root.resolve()
    found: set[Path] = set()
    for raw in (diff + untracked).split(b"\0"):
        if not raw:
            continue
        path = top / os.fsdecode(raw)
        if path.is_relative_to(base) and os.path.lexists(path) and not path.is_dir():
            found.add(root.absolute() / path.relative_to(base))
    return sorted(found)


def pages_from_arguments(root: Path, files: Sequence[Path], content_dir: str) -> tuple[list[str], list[str]]:
    """Split command-line files into pages (root-relative, `/`, NFC) and the rest, as typed.

    A page is an existing `.md` file under `root/content_dir`, outside hidden folders. The
    folder is resolved but not the file itself, so a page that is a symlink keeps its own
    name rather than its target's. Content outside the content folder (a README at the
    repository root, a source document, an image) is returned in `ignored` to be mentioned.
    """
    base = root.resolve()
    content = Path(content_dir).parts if content_dir not in ("", ".") else ()
    pages: list[str] = []
    ignored: list[str] = []
    for given in files:
        page = _page_name(base, content, given)
        if page is None:
            ignored.append(str(given))
        elif page not in pages:
            pages.append(page)
    return pages, ignored


def _page_name(base: Path, content: tuple[str, ...], given: Path) -> str | None:
    absolute = given.absolute()
    located = absolute.parent.resolve() / absolute.name
    if not located.is_relative_to(base) or not located.is_file():
        return None
    parts = located.relative_to(base).parts
    inside = parts[: len(content)] == content and len(parts) > len(content)
    if not inside or not located.name.endswith(_PAGE_SUFFIX) or any(p.startswith(".") for p in parts):
        return None
    return unicodedata.normalize("NFC", "/".join(parts))


def _has_tool_table(folder: Path) -> bool:
    path = folder / "pyproject.toml"
    if not path.is_file():
        return False
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    tool = data.get("tool")
    return isinstance(tool, dict) and isinstance(tool.get("wikiforge"), dict)


def run_git(
    root: Path, *args: str, what: str, needed_for: str = "find changed files", stdin: bytes | None = None
) -> bytes:
    """Run git in `root` (with `stdin` as its input); on failure raise `ScopeError` with
    `what` and git's own first line."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise ScopeError(f"git is not installed (or not on PATH); it is needed to {needed_for}") from exc
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        detail = f": {lines[0]}" if lines else ""
        raise ScopeError(f"{root}: {what}{detail}")
    return done.stdout
