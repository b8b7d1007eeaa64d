"""A project's pages as they were at a git revision, or on a day: `tiers review --since`.

The pages are read from git's objects, never checked out, so the work tree is left as
it is: one `ls-tree` lists the content folder at the revision, and one `cat-file
--batch` reads every page's bytes. Pages are chosen as `discover` chooses them today
(hidden and excluded folders, template folders and the output folder left out), so
the two sides of a comparison hold the same kind of file.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..config.settings import Config
from .discover import ROOT_ONLY_SKIPS, is_skipped, template_folders
from .scope import ScopeError, run_git

_NEEDED_FOR = "read the pages as they were at a revision"
_BLOB_MODES = (b"100644", b"100755")


@dataclass(frozen=True)
class Revision:
    """A commit named on the command line: the id, and how it was named (`HEAD~3`,
    `v2.1`, or a day as the last commit before it)."""

    commit: str
    named: str


def find_revision(root: Path, since: str) -> Revision:
    """The commit `since` names: a day (`YYYY-MM-DD`) is the last commit before that day
    began, so what changed on it counts as since; anything else is a git revision."""
    if since.startswith("-"):
        raise ScopeError(f"{since!r} is not a git revision or a YYYY-MM-DD date")
    try:
        day = dt.date.fromisoformat(since) if len(since) == 10 else None
    except ValueError:
        day = None
    if day is not None:
        found = _git(root, "rev-list", "-1", f"--before={day.isoformat()}T00:00:00", "HEAD", what="cannot list commits")
        commit = found.decode("ascii").strip()
        if not commit:
            raise ScopeError(f"{root}: no commit before {day.isoformat()} to compare with")
        return Revision(commit, f"the last commit before {day.isoformat()} ({commit[:10]})")
    found = _git(
        root, "rev-parse", "--verify", "--end-of-options", f"{since}^{{commit}}", what=f"unknown revision {since!r}"
    )
    commit = found.decode("ascii").strip()
    return Revision(commit, f"{since} ({commit[:10]})")


def pages_at(config: Config, revision: Revision) -> list[tuple[str, bytes]]:
    """(path, bytes) of every page of the content folder at `revision`, by path; a page
    larger than the config's `max_page_bytes` is left out, as it would not be read."""
    root = config.root
    prefix = _git(root, "rev-parse", "--show-prefix", what="not in a git repository").decode().strip()
    folder = "" if config.content_dir == "." else config.content_dir
    listing = _git(
        root,
        "ls-tree",
        "-r",
        "-z",
        "--full-tree",
        "-l",
        revision.commit,
        "--",
        prefix + folder,
        what="cannot list files",
    )
    wanted = _wanted(config, listing, prefix)
    if not wanted:
        return []
    batch = _git(
        root, "cat-file", "--batch", what="cannot read files", stdin=b"".join(f"{oid}\n".encode() for _, oid in wanted)
    )
    return list(zip((path for path, _ in wanted), _blobs(batch), strict=True))


def _wanted(config: Config, listing: bytes, prefix: str) -> list[tuple[str, str]]:
    """(page path, object id) of the listed files that `discover` would take as pages."""
    skipped = set(config.exclude)
    if config.sources_dir:
        skipped.add(config.sources_dir)
    templates = tuple(config.templates) + template_folders(
        config.root.resolve(), config.content_dir, bool(config.templates)
    )
    found = []
    for entry in listing.split(b"\0"):
        head, _, raw = entry.partition(b"\t")
        fields = head.split()
        if len(fields) != 4 or fields[0] not in _BLOB_MODES or not raw:
            continue  # a symbolic link, a submodule, or the end of the listing
        name = os.fsdecode(raw)
        if not name.startswith(prefix):
            continue
        path = unicodedata.normalize("NFC", name[len(prefix) :])
        if not path.endswith(".md") or fields[3] != b"-" and int(fields[3]) > config.max_page_bytes:
            continue
        if _left_out(path, skipped, templates, config.site.output):
            continue
        found.append((path, fields[2].decode("ascii")))
    return sorted(found)


def _left_out(path: str, skipped: set[str], templates: tuple[str, ...], output: str) -> bool:
    """Whether `discover` would skip the page: any part hidden or excluded, inside a
    template folder, or under a folder only skipped at the project root."""
    parts = path.split("/")
    if parts[0] in (*ROOT_ONLY_SKIPS, output) and len(parts) > 1:
        return True
    if any(path == folder or path.startswith(folder + "/") for folder in templates):
        return True
    return any(is_skipped("/".join(parts[: end + 1]), parts[end], skipped) for end in range(len(parts)))


def _blobs(batch: bytes) -> list[bytes]:
    """The contents in `cat-file --batch` output: `<oid> blob <size>\\n<bytes>\\n` each."""
    contents = []
    at = 0
    while at < len(batch):
        end = batch.index(b"\n", at)
        size = int(batch[at:end].split()[2])
        contents.append(batch[end + 1 : end + 1 + size])
        at = end + 1 + size + 1
    return contents


def _git(root: Path, *args: str, what: str, stdin: bytes | None = None) -> bytes:
    return run_git(root, *args, what=what, needed_for=_NEEDED_FOR, stdin=stdin)
