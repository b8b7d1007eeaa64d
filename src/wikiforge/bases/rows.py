"""The files a base lists, as Bases sees them: one `FileInfo` per page, document and
attachment, made from the records and the resolved links, never from the files again.

Obsidian's bases start from every file in the vault (a filter narrows them), so
attachments are rows too, with no properties. Paths are the vault's: when the Obsidian
vault is a folder of the project (`vault_prefix`), `file.path` and `file.inFolder` read
from there, and files outside it are not rows. `file.ctime` is the modification time:
a checkout does not keep creation times, and a build must not depend on when a file
was copied.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..core.files import ProjectFiles, Stat
from ..core.records import PageRecord
from ..resolve.links import ResolvedLink
from ..resolve.resolver import Resolver
from .values import FileInfo


@dataclass(frozen=True)
class Rows:
    """Every file a base can list, by project path (in path order), its `FileInfo` by
    vault path, and how link text resolves."""

    files: dict[str, FileInfo]
    by_vault_path: dict[str, FileInfo]
    resolver: Resolver
    prefix: str
    note_properties: frozenset[str]
    """Every frontmatter key some page has: a base naming another is misspelt."""

    def resolve(self, text: str) -> str | None:
        """The vault path a link written `text` (`[[x]]`, `x`, `x.md`) reaches."""
        written = text.strip()
        if written.startswith("[[") and written.endswith("]]"):
            written = written[2:-2].split("|", 1)[0]
        written = written.split("#", 1)[0]
        resolution = self.resolver.resolve_path(written, "") if written else None
        target = resolution.target if resolution is not None else None
        return vault_path(target.path, self.prefix) if target is not None else None

    def lookup(self, path: str) -> FileInfo | None:
        return self.by_vault_path.get(path)


def vault_path(path: str, prefix: str) -> str:
    """A project path as the vault names it (unchanged when the vault is the project)."""
    return path[len(prefix) :] if prefix and path.startswith(prefix) else path


def project_rows(
    files: ProjectFiles,
    records: Mapping[str, PageRecord],
    links: Iterable[ResolvedLink],
    stats: Mapping[str, Stat],
    resolver: Resolver,
    prefix: str = "",
    with_links: bool = True,
) -> Rows:
    """A row for every page, source document and attachment in the vault (the project,
    or its folder `prefix`). Without `with_links` (no base reads a file's links), the
    rows' `links`, `embeds` and `backlinks` stay empty: gathering them reads every link
    of the project."""
    outgoing, embeds, backlinks = _link_lists(links if with_links else (), prefix)
    paths = sorted(path for path in {*files.pages, *files.sources, *files.attachments} if path.startswith(prefix))
    rows = {}
    for path in paths:
        record = records.get(path)
        stat = stats.get(path) or _stat(files, path)
        info = _row(vault_path(path, prefix), record, stat, outgoing[path], embeds[path], backlinks[path])
        rows[path] = info
    keys = frozenset(key for record in records.values() for key in record.frontmatter)
    return Rows(rows, {info.path: info for info in rows.values()}, resolver, prefix, keys)


def _row(
    path: str,
    record: PageRecord | None,
    stat: Stat | None,
    links: list[str],
    embeds: list[str],
    backlinks: list[str],
) -> FileInfo:
    size, modified = stat if stat is not None else (0, None)
    moment = dt.datetime.fromtimestamp(modified / 1e9, dt.UTC).replace(tzinfo=None) if modified else None
    return FileInfo(
        path=path,
        size=size,
        ctime=moment,
        mtime=moment,
        tags=_tags(record) if record is not None else (),
        links=tuple(dict.fromkeys(links)),
        embeds=tuple(dict.fromkeys(embeds)),
        backlinks=tuple(sorted(set(backlinks))),
        properties=record.frontmatter if record is not None else {},
    )


def _stat(files: ProjectFiles, path: str) -> Stat | None:
    """An attachment's size and time (a run stats only what it reads: pages and
    documents); None when the file is gone or cannot be reached."""
    disk = files.disk_paths.get(path)
    if disk is None or path in files.outside:
        return None
    try:
        found = os.stat(disk)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


def _tags(record: PageRecord) -> tuple[str, ...]:
    """A page's tags as Obsidian's `file.tags` has them: its frontmatter's, then those
    written in its text, each once whatever its case."""
    if not record.inline_tags:
        return record.tags
    seen: dict[str, str] = {}
    for tag in (*record.tags, *record.inline_tags):
        seen.setdefault(tag.casefold(), tag)
    return tuple(seen.values())


def _link_lists(
    links: Iterable[ResolvedLink], prefix: str
) -> tuple[defaultdict[str, list[str]], defaultdict[str, list[str]], defaultdict[str, list[str]]]:
    """Each file's links and embeds (the vault path reached, else the text written),
    and the files linking to each file (vault paths), by project path, in link order."""
    outgoing: defaultdict[str, list[str]] = defaultdict(list)
    embeds: defaultdict[str, list[str]] = defaultdict(list)
    backlinks: defaultdict[str, list[str]] = defaultdict(list)
    for resolved in links:
        target = resolved.resolution.target
        reached = vault_path(target.path, prefix) if target is not None else resolved.link.target
        (embeds if resolved.link.kind == "embed" else outgoing)[resolved.page].append(reached)
        if target is not None and target.path != resolved.page:
            backlinks[target.path].append(vault_path(resolved.page, prefix))
    return outgoing, embeds, backlinks
