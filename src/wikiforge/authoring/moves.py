"""Moving a page, attachment or folder: which files move, and which links must change.

A move is planned on the analysis, never by searching text: every link of every page it
can reach (by the pages' digests: those that looked up a name the move takes away or
brings, and the moved pages themselves) is resolved as the wiki is now and as it will be
after the move. A link that will still lead where it led is left alone, whatever its
style; one that will not is rewritten in its own style (`restyle.py`) to the file's new
place, and one for which no form leads there is reported, never guessed. Links that lead
nowhere today are left as they are.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ..config.settings import Config
from ..core.files import ProjectFiles
from ..core.plain_files import is_plain_relative
from ..core.records import PageRecord
from ..resolve.digest import WILDCARD, Head, PageDigest, names_of, path_key
from ..resolve.resolver import Resolution, Resolver, project_resolver
from ..tiers import generated_pages
from .relink import Rewrite
from .restyle import Written, restyled

_NOT_IN_NAMES = "#|[]^"
"""Characters a linked file's name cannot hold: a wikilink would read them as syntax."""


class MoveError(Exception):
    """A move that cannot be made: an unknown file, a taken name, a path outside."""


@dataclass(frozen=True)
class Relocation:
    """A move: `old` and `new` from the project root, and every file and folder the
    wiki knows of that moves with it (one file, or a folder's whole tree)."""

    old: str
    new: str
    files: dict[str, str]
    folders: dict[str, str]

    @property
    def is_folder(self) -> bool:
        return self.old in self.folders

    def moved(self, path: str) -> str:
        """Where a file or folder is after the move (itself, if it does not move)."""
        return self.files.get(path) or self.folders.get(path) or path


def relocation(files: ProjectFiles, old: str, new: str, content_dir: str = ".") -> Relocation:
    """The move of the file or folder `old` to `new` (both from the project root, `new`
    not yet taken: the caller checks the disk too); a page stays in `content_dir`.
    Raises `MoveError`."""
    old, new = old.strip("/"), new.strip("/")
    for path in (old, new):
        if not is_plain_relative(path):
            raise MoveError(f"{path or '(empty)'!r} is not a path inside the project")
    if new == old:
        raise MoveError(f"{old} is already there")
    known = [*files.pages, *files.templates, *files.sources, *files.attachments]
    if old in files.folders:
        if new.startswith(old + "/"):
            raise MoveError(f"cannot move {old} into itself")
        moved = {p: new + p[len(old) :] for p in known if p.startswith(old + "/")}
        folders = {f: new + f[len(old) :] for f in files.folders if f == old or f.startswith(old + "/")}
    elif old in known:
        if old in files.pages and not new.endswith(".md"):
            raise MoveError(f"{new}: a page's new name must end in .md")
        if old in files.pages and content_dir not in (".", "") and not new.startswith(content_dir + "/"):
            raise MoveError(f"{new} is outside the content folder ({content_dir}/): it would no longer be a page")
        moved, folders = {old: new}, {}
    else:
        raise MoveError(f"{old} is not a page, attachment or folder of this project")
    taken = {p.casefold() for p in [*known, *files.folders] if p not in moved and p not in folders}
    clash = next((p for p in [*moved.values(), *folders.values()] if p.casefold() in taken), None)
    if clash is not None:
        raise MoveError(f"{clash} already exists")
    bad = next((c for p in moved.values() for c in _NOT_IN_NAMES if c in posixpath.basename(p)), None)
    if bad is not None:
        raise MoveError(f"{new}: a linked file's name cannot hold {bad!r} (links would read it as syntax)")
    return Relocation(old, new, moved, folders)


def files_after(files: ProjectFiles, move: Relocation) -> ProjectFiles:
    """The project's files as they will be listed after the move."""
    folders = [move.moved(f) for f in files.folders]
    parent = posixpath.dirname(move.new)
    while parent and parent not in folders:
        folders.append(parent)
        parent = posixpath.dirname(parent)
    return replace(
        files,
        pages=[move.moved(p) for p in files.pages],
        templates=[move.moved(p) for p in files.templates],
        sources=[move.moved(p) for p in files.sources],
        attachments=[move.moved(p) for p in files.attachments],
        folders=sorted(folders),
        disk_paths={},
    )


def resolver_after(config: Config, files: ProjectFiles, heads: Iterable[Head], move: Relocation) -> Resolver:
    """The resolver of the wiki as it will be after the move (`heads`: every page's, now)."""
    after = [head._replace(path=move.moved(head.path)) for head in heads]
    return project_resolver(config, files_after(files, move), after, generated_pages(config.tiers, after))


def reached(digests: Mapping[str, PageDigest], pages: Iterable[str], move: Relocation) -> list[str]:
    """The pages (of `pages`, in order) whose links the move may change: the moved ones,
    and those that looked up a name the moved files have now or will have."""
    keys = {WILDCARD}
    for old, new in [*move.files.items(), *move.folders.items()]:
        keys |= names_of(old) | names_of(new) | {path_key(old), path_key(new)}
    return [path for path in pages if move.moved(path) != path or not digests[path].names_looked_up.isdisjoint(keys)]


def rewrites(
    records: Iterable[PageRecord], before: Resolver, after: Resolver, move: Relocation, content: str
) -> list[Rewrite]:
    """Every link and `source_docs` entry of `records` that the move would send
    elsewhere, with the target to write instead ("" where none leads there); `content`
    is the content folder."""
    found: list[Rewrite] = []
    for record in records:
        page_after = move.moved(record.path)
        for link in record.links:
            if not link.target:
                continue
            markdown = link.kind == "markdown"
            was = before.resolve(link, record.path)
            new = _rewritten(link.target, link.kind, was, record.path, page_after, after, move, content, markdown)
            if new is not None:
                found.append(Rewrite(record.path, link.kind, link.span, link.target, new))
        for ref in record.source_docs:
            was = before.resolve_path(ref.path, record.path)
            new = _rewritten(ref.path, "source", was, record.path, page_after, after, move, content, False)
            if new is not None:
                found.append(Rewrite(record.path, "source", ref.span, ref.path, new))
    return found


def _rewritten(
    target: str,
    kind: str,
    was: Resolution,
    page: str,
    page_after: str,
    after: Resolver,
    move: Relocation,
    content: str,
    relative_first: bool,
) -> str | None:
    """The target to write instead of `target`, "" if no form reaches the file, or
    None when the link needs no change (it leads nowhere, or still leads to its file)."""
    if was.target is None or was.target.kind == "generated":
        return None
    expected = move.moved(was.target.path)

    def reaches(candidate: str) -> bool:
        now = after.resolve_path(candidate, page_after, relative_first)
        return now.target is not None and now.target.path == expected and not now.ambiguous and not now.case_mismatch

    now = after.resolve_path(target, page_after, relative_first)
    if now.target is not None and now.target.path == expected and (was.ambiguous or not now.ambiguous):
        return None
    written = Written(target, kind, was.target.path, expected, page, page_after)
    return restyled(written, content, reaches) or ""
