"""What a whole check keeps for the next one to start from (DESIGN §5).

Signed files in `.wikiforge_cache/analysis/`, written under one run key:

- `shard-*`: for every page and Markdown source document, how it was read (its stamp and
  the hash of its bytes), the head of its digest (`digest.Head`: its names, type and
  suppressions) and the findings the "page" rules made on it, in `SHARDS` files by path;
- `digests-*`: the digests themselves, in as many files, each read only when a run asks
  for a page in it (`stored_digests`): a check after a body edit reads one or two of
  them. Whole, they load in a small fraction of what the records take, since a digest
  leaves out links, placeholders, frontmatter and body; still, they were most of the
  time of such a check.
- `state`: the findings of the "tiers" and "wiki" rules (with a hash of the file listing
  the latter read), the names of the files that are not parsed, and the names of the
  shard files that make up the state.
- `clients`: the records of the client pages, which only a run that places the clients
  again reads.
- `bases`: what every page gives the bases (`bases.rows.RowInput`: frontmatter, tags,
  base blocks, links), kept only for a project with a base, and read only by a run
  that evaluates its bases again.

A stamp made while a file may still have been changing is not kept: that file is read and
hashed again by the next run, which then knows for sure whether it changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from ..bases.rows import RowInput
from ..config.settings import Config
from ..core.files import ProjectFiles
from ..core.lazy import Lazy
from ..core.records import PageRecord
from ..lint.run import Findings
from ..load.cache import CACHE_DIR, read_signed, shard_of, unusable, user_key, write_signed
from ..load.shards import remove_unnamed, write_shards
from ..load.state import Stamp
from ..resolve.digest import Head, PageDigest

STATE_FOLDER = "analysis"
STATE_FILE = "state"
CLIENTS_FILE = "clients"
BASES_FILE = "bases"
SHARDS = 32
"""Pages are kept in this many files, by a hash of their path: an edit rewrites one or
two of them, not the digests of every page."""


class Read(NamedTuple):
    """How a file was read: its stamp (None when it cannot be trusted) and the hash of
    the bytes parsed ("" for a file that was not read). A tuple: there is one per file
    in the state, and tuples pickle fastest."""

    stamp: Stamp
    made_from: str


@dataclass(frozen=True)
class Listing:
    """The files a run lists but does not parse, by what the resolver makes of them."""

    sources: frozenset[str]
    attachments: frozenset[str]
    templates: frozenset[str]
    folders: frozenset[str]
    generated: frozenset[str]

    @classmethod
    def of(cls, files: ProjectFiles, generated: list[str]) -> Listing:
        return cls(
            frozenset(files.sources),
            frozenset(files.attachments),
            frozenset(files.templates),
            frozenset(files.folders),
            frozenset(generated),
        )

    def changed(self, other: Listing) -> frozenset[str]:
        """Paths listed in one and not the other, of any kind."""
        return (
            (self.sources ^ other.sources)
            | (self.attachments ^ other.attachments)
            | (self.templates ^ other.templates)
            | (self.folders ^ other.folders)
            | (self.generated ^ other.generated)
        )


@dataclass(frozen=True)
class Clients:
    """The client pages' records, which placing the clients again needs."""

    generation: str
    records: dict[str, PageRecord]


@dataclass(frozen=True)
class BaseInputs:
    """What every page gave the bases, which evaluating them after an edit needs;
    `generation` pairs it with the state it was kept beside."""

    generation: str
    inputs: Mapping[str, RowInput]


@dataclass(frozen=True)
class AnalysisState:
    """A whole check, as the next one needs it; `generation` pairs it with its `Clients`."""

    key: str
    generation: str
    read: dict[str, Read]
    listing: Listing
    digests: Mapping[str, PageDigest]
    heads: Mapping[str, Head]
    """Every digest's head: what a run reads of every page (`digest.Head`)."""
    pages: dict[str, Findings]
    tiers: Findings
    wiki: Findings
    listed: str
    """What the "wiki" rules read of the files listed (`listed_files`) when they made `wiki`."""
    placed: dict[str, str]
    """Per client page, a hash of its record as the tiers read it: an edit that leaves it
    the same places no client again, without loading the client records."""
    shards: tuple[str, ...] = ()
    """The files it was loaded from, by shard (none for a state not loaded)."""
    digest_shards: tuple[str, ...] = ()
    """The files of its digests, by shard (none for a state not loaded)."""
    bases_generation: str = ""
    """That of the `BaseInputs` kept beside it ("" for none: the project had no base)."""


class LostDigests(Exception):
    """A digest file the state names could not be read: the run starts over."""


def stored_digests(folder: Path, secret: bytes, names: tuple[str, ...], heads: Mapping[str, Head]) -> Lazy[PageDigest]:
    """The kept digests of every page (its keys are `heads`'), each shard file read when
    a page in it is first asked for; a file that cannot be read raises `LostDigests`."""
    loaded: dict[int, dict[str, PageDigest]] = {}

    def load(path: str) -> PageDigest:
        index = _shard(path)
        if index not in loaded:
            found = read_signed(folder / names[index], secret)
            if not isinstance(found, dict):
                raise LostDigests(names[index])
            loaded[index] = found
        if path not in loaded[index]:
            raise LostDigests(names[index])
        return loaded[index][path]

    return Lazy(heads, load, {})


def state_key_of(run_key: str, config: Config) -> str:
    """The run key of a check (options, code, Python, project), and its settings: any
    change to them makes the next run a whole one. The project folder is compared as
    the run key has it, resolved: `check` in the folder and `check FOLDER` share a state."""
    settings = repr(replace(config, root=config.root.resolve()))
    return hashlib.blake2b(f"{run_key}\n{settings}".encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def listed_files(files: ProjectFiles) -> str:
    """A hash of the file listing as the "wiki" rules may read it (every kind of file,
    those refused and why, links leading out, clashing spellings): with every digest,
    it is all their findings are made from."""
    parts = (
        files.pages,
        files.templates,
        files.sources,
        files.attachments,
        files.folders,
        sorted(files.refused.items()),
        sorted(files.outside),
        files.spelling_clashes,
    )
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def new_generation() -> str:
    return secrets.token_hex(8)


def load_state(root: Path, key: str) -> AnalysisState | None:
    """The kept state, if one was made under `key` and every shard it names is there
    (its digests are read on demand, and a digest file found missing then raises
    `LostDigests`)."""
    folder, secret = _folder(root), user_key()
    if folder is None or secret is None:
        return None
    header = read_signed(folder / STATE_FILE, secret)
    if not isinstance(header, _Header) or header.key != key or len(header.shards) != SHARDS:
        return None
    if len(header.digest_shards) != SHARDS:
        return None
    read: dict[str, Read] = {}
    heads: dict[str, Head] = {}
    pages: dict[str, Findings] = {}
    for name in header.shards:
        shard = read_signed(folder / name, secret)
        if not isinstance(shard, _Shard):
            return None
        read.update(shard.read)
        heads.update(shard.heads)
        pages.update(shard.pages)
    return AnalysisState(
        key,
        header.generation,
        read,
        header.listing,
        stored_digests(folder, secret, header.digest_shards, heads),
        heads,
        pages,
        header.tiers,
        header.wiki,
        header.listed,
        header.placed,
        header.shards,
        header.digest_shards,
        header.bases_generation,
    )


def load_clients(root: Path, state: AnalysisState) -> Clients | None:
    """The client records kept with `state`, or None (then the run starts over)."""
    folder, secret = _folder(root), user_key()
    if folder is None or secret is None:
        return None
    clients = read_signed(folder / CLIENTS_FILE, secret)
    return clients if isinstance(clients, Clients) and clients.generation == state.generation else None


def load_bases(root: Path, state: AnalysisState) -> BaseInputs | None:
    """The bases' inputs kept with `state`, or None (then the run starts over)."""
    folder, secret = _folder(root), user_key()
    if folder is None or secret is None or not state.bases_generation:
        return None
    kept = read_signed(folder / BASES_FILE, secret)
    return kept if isinstance(kept, BaseInputs) and kept.generation == state.bases_generation else None


def save_state(
    root: Path,
    state: AnalysisState,
    clients: Clients | None,
    changed: Collection[str] | None,
    bases: BaseInputs | None = None,
) -> None:
    """Keep `state` (and, when the run placed the clients, `clients`; when it made the
    bases' inputs anew, `bases`); never raises.

    Only the shards holding a `changed` path (None: every shard) are written again, each
    under a name no file had before; then the header naming the shards is replaced, and
    the files it no longer names are removed. A header thus only ever names the files
    of one run's state: a run that stops half way leaves the last whole state."""
    folder, secret = _folder(root, make=True), user_key()
    if folder is None or secret is None:
        return
    whole = changed is None or len(state.shards) != SHARDS or len(state.digest_shards) != SHARDS
    rewrite = set(range(SHARDS)) if whole else {_shard(p) for p in changed or ()}
    names, digest_names = ([""] * SHARDS, [""] * SHARDS) if whole else (list(state.shards), list(state.digest_shards))
    with contextlib.suppress(OSError, LostDigests):  # a digest file gone: the old state stays, and is found lost
        shards, digests = _shards(state, rewrite)
        if clients is not None:
            write_signed(folder / CLIENTS_FILE, secret, clients)
        if bases is not None:
            write_signed(folder / BASES_FILE, secret, bases)
        names = write_shards(folder, secret, names, shards, "shard")
        digest_names = write_shards(folder, secret, digest_names, digests, "digests")
        header = _Header(
            state.key,
            state.generation,
            state.listing,
            state.tiers,
            state.wiki,
            state.listed,
            state.placed,
            tuple(names),
            tuple(digest_names),
            state.bases_generation,
        )
        write_signed(folder / STATE_FILE, secret, header)
        remove_unnamed(folder, names, "shard")
        remove_unnamed(folder, digest_names, "digests")


@dataclass(frozen=True)
class _Header:
    key: str
    generation: str
    listing: Listing
    tiers: Findings
    wiki: Findings
    listed: str
    placed: dict[str, str]
    shards: tuple[str, ...]
    digest_shards: tuple[str, ...]
    bases_generation: str


@dataclass(frozen=True)
class _Shard:
    """The files of one shard: how each was read, its digest's head and its page findings."""

    read: dict[str, Read]
    heads: dict[str, Head]
    pages: dict[str, Findings]


def _shards(state: AnalysisState, wanted: set[int]) -> tuple[dict[int, _Shard], dict[int, dict[str, PageDigest]]]:
    """The shards numbered `wanted`, and their digests' shards."""
    shards = {index: _Shard({}, {}, {}) for index in wanted}
    digests: dict[int, dict[str, PageDigest]] = {index: {} for index in wanted}
    for path, read in state.read.items():
        index = _shard(path)
        shard = shards.get(index)
        if shard is not None:
            shard.read[path] = read
            shard.heads[path] = state.heads[path]
            digests[index][path] = state.digests[path]
            if path in state.pages:
                shard.pages[path] = state.pages[path]
    return shards, digests


def _shard(path: str) -> int:
    return shard_of(path, SHARDS)


def _folder(root: Path, make: bool = False) -> Path | None:
    """The state's folder in the cache folder (made on demand), unless either is not a
    real folder."""
    cache = root / CACHE_DIR
    folder = cache / STATE_FOLDER
    if unusable(cache) is not None or unusable(folder) is not None:
        return None
    if make and cache.is_dir():
        with contextlib.suppress(OSError):
            folder.mkdir(exist_ok=True)
    return folder if folder.is_dir() else None
