"""What changed since the last run's state, and which pages that reaches.

A run stats every page and Markdown source document; a file whose stamp moved is read and
hashed, and parsed again only if its bytes changed. From the changed pages' old and new
digests it works out what the change can reach (module `resolve/digest.py`):

- pages whose links looked up a name a change added or removed (a page or file added,
  removed or renamed, an alias changed, a folder note or a tier page appearing);
- pages with a link to nothing, when a name that comes or goes is close enough to it to
  be its "did you mean";
- pages linking to a page whose headings or block ids changed.

`update.redo` then does again what those pages need.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..config.settings import Config
from ..core.files import ProjectFiles
from ..core.records import PageRecord, content_hash
from ..load.parallel import parse_all
from ..load.read import parsed_files, read_file
from ..load.state import Stamps
from ..parse.options import ParseOptions
from ..resolve.digest import WILDCARD, PageDigest, names_of, path_key
from ..resolve.resolver import could_suggest
from ..tiers import generated_pages
from .state import AnalysisState, Listing, Read


def read_stamps(files: ProjectFiles, stamps: Stamps) -> dict[str, Read]:
    """The stamp of every file a run parses, taken before it is read (made_from is
    filled in from the records); a stamp too recent to trust is None, as is that of a
    file an editor has open (its buffer is read every time)."""
    wanted = parsed_files(files)
    unstamped = files.buffers.keys() | files.outside
    disks = [None if path in unstamped else files.disk_paths.get(path) for path, _ in wanted]
    return {path: Read(made, "") for (path, _), made in zip(wanted, stamps.trusted(disks), strict=True)}


@dataclass(frozen=True)
class Step:
    """What changed since a state, and which pages that reaches (module docstring)."""

    wanted: list[tuple[str, str]]
    read: dict[str, Read]
    fresh: dict[str, PageRecord]
    gone: list[str]
    generated: list[str]
    listing: Listing
    reached: set[str]
    renamed: bool
    """Whether a name the resolver knows came, went or changed (a file, an alias)."""


def step(
    config: Config,
    state: AnalysisState,
    files: ProjectFiles,
    options: ParseOptions,
    stamps: Stamps,
    buffers_only: bool = False,
) -> Step:
    """Find the changed files (parsing those whose bytes changed) and the pages they
    reach. With `buffers_only`, only the editor's buffers may have changed (a keystroke
    in `wikiforge lsp`): the files on disk keep their stamps, and are not statted."""
    wanted = parsed_files(files)
    read, fresh = _changed(files, wanted, state, options, config, stamps, buffers_only)
    before = state.digests
    gone = [path for path in state.read if path not in read]
    generated = generated_pages(config.tiers, [fresh.get(path) or state.heads[path] for path, _ in wanted])
    listing = Listing.of(files, generated)
    touched = _names_touched(before, fresh, gone) | {path_key(path) for path in listing.changed(state.listing)}
    named = _names_changed(before, fresh, gone, state.listing, listing)
    reached = _reached(wanted, before, fresh, touched, named)
    return Step(wanted, read, fresh, gone, generated, listing, reached, bool(touched))


def _changed(
    files: ProjectFiles,
    wanted: list[tuple[str, str]],
    state: AnalysisState,
    options: ParseOptions,
    config: Config,
    stamps: Stamps,
    buffers_only: bool = False,
) -> tuple[dict[str, Read], dict[str, PageRecord]]:
    """How each file was read this run, and the records of those whose bytes changed
    (or that are new): a file whose stamp is the one kept is not read at all (nor
    statted, with `buffers_only`, unless it is a buffer)."""
    if buffers_only:
        kept = state.read
        read = {path: kept.get(path) or Read(None, "") for path, _ in wanted}
        read.update((path, Read(None, "")) for path in files.buffers)
    else:
        read = read_stamps(files, stamps)
    unread: dict[str, PageRecord] = {}
    tasks = []
    for path, role in wanted:
        old = state.read.get(path)
        if old is not None and old.stamp is not None and read[path].stamp == old.stamp:
            read[path] = old
            continue
        data = read_file(files, path, role, config.max_page_bytes)
        made_from = content_hash(data) if isinstance(data, bytes) else ""
        read[path] = Read(read[path].stamp, made_from)
        if isinstance(data, PageRecord):
            unread[path] = data
        elif old is None or old.made_from != made_from:
            tasks.append((path, role, data))
    parsed = {**unread, **_parsed(tasks, options)}
    return read, {path: parsed[path] for path, _ in wanted if path in parsed}


def _names_touched(before: Mapping[str, PageDigest], fresh: dict[str, PageRecord], gone: list[str]) -> set[str]:
    """The name keys that pages added, removed, or given other aliases, add or remove."""
    touched: set[str] = set()
    for path in gone:
        touched |= names_of(path, before[path].aliases)
    for path, record in fresh.items():
        old = before.get(path)
        if old is None:
            touched |= names_of(path, record.aliases)
        elif old.aliases != record.aliases:
            touched |= names_of(path, old.aliases) | names_of(path, record.aliases)
    return touched


def _names_changed(
    before: Mapping[str, PageDigest], fresh: dict[str, PageRecord], gone: list[str], was: Listing, now: Listing
) -> set[str] | None:
    """The names (as the resolver suggests them) of the files that came or went, or None
    when a tier page did, which is named otherwise: any suggestion may change then."""
    if was.generated != now.generated:
        return None
    pages = [*gone, *(path for path in fresh if path not in before)]
    names = {path.removesuffix(".md") for path in pages}
    names |= {path.removesuffix(".md") for path in (was.sources ^ now.sources) | (was.templates ^ now.templates)}
    names |= was.attachments ^ now.attachments
    return names | {folder + "/" for folder in was.folders ^ now.folders}


def _reached(
    wanted: list[tuple[str, str]],
    before: Mapping[str, PageDigest],
    fresh: dict[str, PageRecord],
    touched: set[str],
    named: set[str] | None,
) -> set[str]:
    """The pages whose links, findings or digest a change can alter: the changed ones,
    those that looked up a touched name, those with a link to nothing that a new or lost
    name may be suggested for (`named`; None: any), and those linking to a page whose
    headings or block ids changed."""
    anchors_moved = {path for path, page in fresh.items() if path in before and before[path].anchors != page.anchors}
    names = touched | {WILDCARD} if touched else set()
    near: set[str] = set()
    if named is None or named:  # else no name came or went: no suggestion can change
        unfound = {key for path, _ in wanted if path in before for key in before[path].unfound}
        near = unfound if named is None else {key for key in unfound if could_suggest(key, named)}
    if not (names or anchors_moved or near):  # only the changed pages: no other digest is read
        return {path for path, _ in wanted if path in fresh}
    return {
        path
        for path, _ in wanted
        if path in fresh
        or not before[path].names_looked_up.isdisjoint(names)
        or not before[path].reaches.isdisjoint(anchors_moved)
        or not before[path].unfound.isdisjoint(near)
    }


def _parsed(tasks: list[tuple[str, str, bytes]], options: ParseOptions) -> dict[str, PageRecord]:
    """Records of (path, role, bytes), on every core when there are many (a branch
    switch can change thousands of files at once)."""
    return dict(zip((path for path, _, _ in tasks), parse_all(tasks, options, None, lambda: None), strict=True))


def parse_again(
    files: ProjectFiles, wanted: list[tuple[str, str]], read: dict[str, Read], options: ParseOptions, config: Config
) -> dict[str, PageRecord] | None:
    """Records of unchanged files an edit reached, parsed again from their bytes (on
    every core when there are many); None if one changed since its stamp was taken."""
    tasks = []
    records: dict[str, PageRecord] = {}
    for path, role in wanted:
        data = read_file(files, path, role, config.max_page_bytes)
        if isinstance(data, PageRecord):
            records[path] = data
        elif content_hash(data) != read[path].made_from:
            return None
        else:
            tasks.append((path, role, data))
    return records | _parsed(tasks, options)
