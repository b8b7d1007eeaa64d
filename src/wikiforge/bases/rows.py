"""The files a base lists, as Bases sees them: one `FileInfo` per page, document and
attachment, made from what each page gave the bases (`RowInput`: from its record and
resolved links) and the files' stats, never from the files again.

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
from typing import Any, NamedTuple

from ..core.files import ProjectFiles, Stat
from ..core.records import BaseBlock, PageRecord
from ..resolve.links import ResolvedLink
from ..resolve.resolver import Resolver
from .sources import is_base_file
from .values import EPOCH, FileInfo


class RowInput(NamedTuple):
    """What one page or Markdown source document gives the bases: its frontmatter, its
    tags as `file.tags` has them, its base blocks, the `.base` files it embeds, and its
    links, each as (the project path it reaches or None, the target written, whether it
    is an embed), or None when no base read links when it was made (gathering every
    link of the project is most of the cost of a base that does not read them). Made
    from the record and the resolved links, and kept between runs (`incremental/`), so
    that an edit evaluates the bases again without every page's record."""

    properties: Mapping[str, Any]
    tags: tuple[str, ...]
    blocks: tuple[BaseBlock, ...]
    base_embeds: tuple[str, ...]
    links: tuple[tuple[str | None, str, bool], ...] | None


def row_inputs(
    records: Mapping[str, PageRecord], links: Iterable[ResolvedLink], with_links: bool
) -> dict[str, RowInput]:
    """Each record's `RowInput`, in record order (`links`: theirs, resolved; gathered
    into the inputs only `with_links`)."""
    by_page: defaultdict[str, list[tuple[str | None, str, bool]]] = defaultdict(list)
    embedded: defaultdict[str, list[str]] = defaultdict(list)
    for resolved in links:
        target, link = resolved.resolution.target, resolved.link
        if with_links:
            by_page[resolved.page].append((target.path if target else None, link.target, link.kind == "embed"))
        if link.kind == "embed" and target is not None and is_base_file(target.path):
            embedded[resolved.page].append(target.path)
    return {
        path: RowInput(
            record.frontmatter,
            _tags(record),
            tuple(record.bases),
            tuple(embedded.get(path, ())),
            tuple(by_page.get(path, ())) if with_links else None,
        )
        for path, record in records.items()
    }


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
    inputs: Mapping[str, RowInput],
    stats: Mapping[str, Stat],
    resolver: Resolver,
    prefix: str = "",
    with_links: bool = True,
) -> Rows:
    """A row for every page, source document and attachment in the vault (the project,
    or its folder `prefix`). Without `with_links` (no base reads a file's links), the
    rows' `links`, `embeds` and `backlinks` stay empty: gathering them reads every link
    of the project."""
    outgoing, embeds, backlinks = _link_lists(inputs if with_links else {}, prefix)
    paths = sorted(path for path in {*files.pages, *files.sources, *files.attachments} if path.startswith(prefix))
    rows = {}
    nothing: list[str] = []
    for path in paths:
        given = inputs.get(path)
        stat = stats.get(path) or _stat(files, path)
        made = (outgoing.get(path, nothing), embeds.get(path, nothing), backlinks.get(path, nothing))
        rows[path] = _row(vault_path(path, prefix), given, stat, *made)
    keys = frozenset(key for given in inputs.values() for key in given.properties)
    return Rows(rows, {info.path: info for info in rows.values()}, resolver, prefix, keys)


def _row(
    path: str,
    given: RowInput | None,
    stat: Stat | None,
    links: list[str],
    embeds: list[str],
    backlinks: list[str],
) -> FileInfo:
    size, modified = stat if stat is not None else (0, None)
    moment = EPOCH + dt.timedelta(microseconds=modified // 1000) if modified else None  # the UTC wall clock
    return FileInfo(
        path=path,
        size=size,
        ctime=moment,
        mtime=moment,
        tags=given.tags if given is not None else (),
        links=tuple(dict.fromkeys(links)),
        embeds=tuple(dict.fromkeys(embeds)),
        backlinks=tuple(sorted(set(backlinks))),
        properties=given.properties if given is not None else {},
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
    inputs: Mapping[str, RowInput], prefix: str
) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, list[str]]]:
    """Each file's links and embeds (the vault path reached, else the text written),
    and the files linking to each file (vault paths), by project path, in link order."""
    outgoing: defaultdict[str, list[str]] = defaultdict(list)
    embeds: defaultdict[str, list[str]] = defaultdict(list)
    backlinks: defaultdict[str, list[str]] = defaultdict(list)
    for page, given in inputs.items():
        for target, written, embed in given.links or ():
            (embeds if embed else outgoing)[page].append(vault_path(target, prefix) if target is not None else written)
            if target is not None and target != page:
                backlinks[target].append(vault_path(page, prefix))
    return outgoing, embeds, backlinks
