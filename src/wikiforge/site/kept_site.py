"""What a build keeps of every page, for the next one to write only what an edit reached.

Rendering one page needs a little of many others: the cards of what it links to, the
sentences of the pages linking to it, who cites it. A build keeps that, per site output
folder, in `.wikiforge_cache/site-<folder hash>/` (signed, as the record cache is):

- `index`, written by whole builds: every page's and document's card, a hash of what
  the listings and search show of it, the client tiers, and the digests of what every
  page shows (`Dependencies`): whatever a later build compares before trusting the rest;
- `current`, written by every build: its token, every page's broken links, and the
  names of the shard files;
- `folders`, written by builds after an edit: the site's folders as the build found
  them clean (`folder_stamps`);
- `around-*`: per page and document, in shards by path, its backlinks as shown (each
  linking page with its sentences, and whether it embeds), the pages its own links show
  up on, the documents it cites, the pages citing it, and what its links show (`view`).

The site's manifest names the `token` of the state it was built with: a state that is
not the one the site in the folder was built with is never used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.pickling import ByFields
from ..load.cache import CACHE_DIR, read_signed, shard_of, unusable, user_key, write_signed
from ..load.shards import remove_unnamed, write_shards
from ..tiers import TierReport
from .cards import Card
from .folder_stamps import FolderStamps

SHARDS = 128
"""A build after an edit reads the entries of the pages the edit reached and their
neighbours, a shard each: at 32 shards, a dozen neighbours took 0.07 s to read."""
_INDEX = "index"
_CURRENT = "current"
_PREFIX = "around"
_FOLDERS = "folders"
_KEPT_FOLDERS = 4
"""Output folders whose states are kept (a build to `site/` and one to `--out`...)."""

Backlinks = tuple[tuple[str, tuple[str, ...], bool], ...]
"""A page's backlinks as its file shows them: (linking page, its sentences, whether it
embeds the page), by linking page."""


@dataclass(frozen=True, slots=True)
class Around(ByFields):
    """What one page's or document's neighbours show of it, and it of them."""

    backlinks: Backlinks
    gives: tuple[str, ...]
    """The pages and documents whose backlinks list this one."""
    cites: tuple[str, ...]
    """The source documents its `source_docs` find."""
    cited_by: tuple[str, ...]
    """For a document, the pages citing it."""
    view: str
    """What its links show (`Dependencies.link_view`)."""


NOTHING_AROUND = Around((), (), (), (), "")


@dataclass(frozen=True)
class Overview:
    """The `index` file, written by whole builds: what a build compares before using
    the rest. `base` is the token of the whole build that wrote it."""

    base: str
    stamp: str
    site: str
    names: str
    tiers: str
    cards: dict[str, Card]
    shown: dict[str, str]
    report: TierReport | None


@dataclass(frozen=True)
class Current:
    """The `current` file, written by every build: its token, the whole build it
    started from (`base`), every page's broken links and the shard files."""

    token: str
    base: str
    broken: dict[str, int]
    shards: tuple[str, ...]


@dataclass
class KeptSite:
    """A kept state: its overview, and its `Around` entries read shard by shard."""

    folder: Path
    secret: bytes
    overview: Overview
    current: Current
    loaded: dict[int, dict[str, Around]] = field(default_factory=dict)
    changed: set[int] = field(default_factory=set)

    def around(self, path: str) -> Around:
        return self._shard(shard_of(path, SHARDS)).get(path, NOTHING_AROUND)

    def put(self, path: str, around: Around) -> None:
        index = shard_of(path, SHARDS)
        shard = self._shard(index)
        if shard.get(path, NOTHING_AROUND) != around:
            shard[path] = around
            self.changed.add(index)

    def _shard(self, index: int) -> dict[str, Around]:
        found = self.loaded.get(index)
        if found is None:
            read = read_signed(self.folder / self.current.shards[index], self.secret)
            if not isinstance(read, dict):
                raise LostState(self.current.shards[index])
            found = self.loaded[index] = read
        return found


class LostState(Exception):
    """A shard the state names could not be read: the build starts over."""


def load_kept(root: Path, out: Path, token: str) -> KeptSite | None:
    """The state kept for the site in `out`, if it is the one named `token`."""
    folder, secret = _folder(root, out), user_key()
    if folder is None or secret is None:
        return None
    current = read_signed(folder / _CURRENT, secret)
    if not isinstance(current, Current) or current.token != token or len(current.shards) != SHARDS:
        return None
    overview = read_signed(folder / _INDEX, secret)
    if not isinstance(overview, Overview) or overview.base != current.base:
        return None
    return KeptSite(folder, secret, overview, current)


def folder_stamps(kept: KeptSite) -> FolderStamps | None:
    """The stamps of the site's folders the last build after an edit kept, if any."""
    found = read_signed(kept.folder / _FOLDERS, kept.secret)
    return found if isinstance(found, dict) else None


def save_folder_stamps(kept: KeptSite, stamps: FolderStamps) -> None:
    """Keep the stamps of the site's folders for the next build; never raises."""
    with contextlib.suppress(OSError):
        write_signed(kept.folder / _FOLDERS, kept.secret, stamps)


def new_token() -> str:
    return secrets.token_hex(8)


def save_whole(
    root: Path, out: Path, overview: Overview, broken: dict[str, int], arounds: Mapping[str, Around]
) -> None:
    """Keep a whole build's state (every file written); never raises."""
    folder, secret = _folder(root, out, make=True), user_key()
    if folder is None or secret is None:
        return
    shards: dict[int, dict[str, Around]] = {index: {} for index in range(SHARDS)}
    for path, around in arounds.items():
        shards[shard_of(path, SHARDS)][path] = around
    with contextlib.suppress(OSError):
        write_signed(folder / _INDEX, secret, overview)
        _save(folder, secret, Current(overview.base, overview.base, broken, ("",) * SHARDS), shards)


def save_changes(kept: KeptSite, token: str, broken: dict[str, int]) -> None:
    """Keep `kept` under a new `token`, with its changed shards; never raises."""
    changed = {index: kept.loaded[index] for index in kept.changed}
    current = Current(token, kept.current.base, broken, kept.current.shards)
    with contextlib.suppress(OSError):
        _save(kept.folder, kept.secret, current, changed)


def _save(folder: Path, secret: bytes, current: Current, shards: Mapping[int, dict[str, Around]]) -> None:
    names = write_shards(folder, secret, list(current.shards), shards, _PREFIX)
    write_signed(folder / _CURRENT, secret, replace(current, shards=tuple(names)))
    remove_unnamed(folder, names, _PREFIX)


def _folder(root: Path, out: Path, make: bool = False) -> Path | None:
    """The state's folder for the site in `out` (made on demand, the oldest others
    beyond a few removed), unless the cache folder or it is not a real folder."""
    cache = root / CACHE_DIR
    name = hashlib.blake2b(os.fsencode(out.resolve()), digest_size=8).hexdigest()
    folder = cache / f"site-{name}"
    if unusable(cache) is not None or unusable(folder) is not None:
        return None
    if make and cache.is_dir() and not folder.is_dir():
        with contextlib.suppress(OSError):
            folder.mkdir()
            _prune(cache, folder)
    return folder if folder.is_dir() else None


def _prune(cache: Path, current: Path) -> None:
    others = [p for p in cache.glob("site-*") if p != current and p.is_dir() and not p.is_symlink()]
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[_KEPT_FOLDERS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
