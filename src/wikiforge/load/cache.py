"""Page records cached on disk by content hash, so a warm run parses only what changed.

`.wikiforge_cache/` in the project holds one folder per set of parse options: the records
of the last run, each under the hash of the bytes it was parsed from, in shards by path,
so that editing one page rewrites one shard, not every record. A record is used
only when its file's bytes hash the same, under the same parse options, the same
wikiforge code (its version and a digest of its source files, so an edited checkout
never reuses records an older parser made) and the same Python.

The cache is never trusted blindly. Records are pickles, and unpickling runs code, so
each cache file carries an HMAC made with a key kept outside the project, in the user's
cache folder: a cache file that was corrupted, truncated, written by another version or
committed to a repository by someone else fails the check and is rebuilt, never loaded.
Any problem reading or writing the cache makes the run parse everything instead; the
cache can make a run faster, never wrong or failing.

Nor is the cache folder trusted to be what it seems. A `.wikiforge_cache` (or record
folder) that is a symbolic link or not a folder is not used at all (one warning): the
run would otherwise write its shards, `.gitignore` and `CACHEDIR.TAG` wherever it
points. A shard is read only if it is a regular file (not a FIFO, a device or a link to
`/dev/zero`) of a bounded size, so a planted one cannot hang a run or fill its memory.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import hmac
import os
import pickle
import re
import secrets
import shutil
import sys
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..core.atomic import remove_stale, temp_prefix
from ..core.plain_files import read_regular
from ..core.records import PageRecord

if TYPE_CHECKING:
    from ..parse.options import ParseOptions

CACHE_DIR = ".wikiforge_cache"
SHARDS = 256
"""Records are kept in this many files by path: a build after an edit reads and writes
again the shards of the pages it renders, and at 10,000 pages a 64th of the records took
up to 0.07 s to load and write back."""
KEPT_NAMESPACES = 4
"""Record folders kept besides the one in use (check and build parse with different
options, so each has its own); older ones, left by other versions, are deleted."""
SHARD_LIMIT = 1024 * 1024 * 1024
"""A shard larger than this was not written by a run (each holds 1/256 of the records)."""
_FORMAT = b"wikiforge-records-2\n"
_DIGEST = hashlib.sha256().digest_size
_TEMP = ".shard-"


Key = tuple[str, str, str]
"""(path, role, content hash) of one record."""


@dataclass
class RecordCache:
    """The cached records of one project under one set of parse options.

    `get` answers from what was loaded; `put` collects this run's records; `save`
    writes the shards whose records changed, dropping entries of files that are gone.
    """

    folder: Path
    key: bytes
    entries: dict[Key, PageRecord] = field(default_factory=dict)
    fresh: dict[Key, PageRecord] = field(default_factory=dict)
    loaded: set[int] | None = None
    """The shards read so far when the cache was opened `lazy`; None when all were."""

    @classmethod
    def open(cls, root: Path, options: ParseOptions, lazy: bool = False) -> RecordCache | None:
        """The project's cache for these options, or None when there can be none (no
        key could be made). Missing, stale or corrupt shards just mean no entries.
        `lazy` reads a shard only when a record in it is asked for: a build that renders
        the few pages an edit reached reads a few shards, not every record."""
        key = user_key()
        if key is None:
            return None
        folder = root / CACHE_DIR / f"records-{_namespace(options)}"
        for path in (folder.parent, folder):
            kind = unusable(path)
            if kind is not None:
                shown = path.relative_to(root).as_posix()
                sys.stderr.write(f"wikiforge: warning: {shown} is {kind}; running without the record cache\n")
                return None
        if lazy:
            return cls(folder, key, loaded=set())
        entries: dict[Key, PageRecord] = {}
        for shard in range(SHARDS):
            entries.update(_read(_shard_path(folder, shard), key))
        return cls(folder, key, entries)

    def get(self, path: str, role: str, digest: str) -> PageRecord | None:
        if self.loaded is not None:
            self._load(_shard(path))
        record = self.entries.get((path, role, digest))
        if record is not None:
            self.fresh[(path, role, digest)] = record
        return record

    def known(self, path: str, role: str, digest: str) -> PageRecord | None:
        """The record of those bytes if the cache holds it, without keeping it for the
        next run (`get` keeps what a run uses)."""
        if self.loaded is not None:
            self._load(_shard(path))
        return self.entries.get((path, role, digest)) or self.fresh.get((path, role, digest))

    def put(self, path: str, role: str, digest: str, record: PageRecord) -> None:
        self.fresh[(path, role, digest)] = record

    def save(self) -> None:
        """Write the shards whose records differ from what was read; never raises. What
        this run used becomes what the next run (of a long-running `serve`) starts from.
        Opened `lazy`, it knows only some records: each file's new record replaces its
        old one in its shard, and every other record is kept."""
        if self.loaded is not None:
            self._save_some()
            return
        before, after = _by_shard(self.entries), _by_shard(self.fresh)
        changed = [s for s in range(SHARDS) if before.get(s, {}).keys() != after.get(s, {}).keys()]
        self.entries, self.fresh = self.fresh, {}
        if not changed:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            tag_folder(self.folder.parent)
            _prune(self.folder)
            remove_stale(self.folder, re.escape(_TEMP), "")
            for shard in changed:
                _write(_shard_path(self.folder, shard), self.key, after.get(shard, {}))

    def _load(self, shard: int) -> None:
        assert self.loaded is not None
        if shard not in self.loaded:
            self.loaded.add(shard)
            self.entries.update(_read(_shard_path(self.folder, shard), self.key))

    def _save_some(self) -> None:
        """Write the shards this run parsed records for, with those records in them."""
        new = {key: record for key, record in self.fresh.items() if key not in self.entries}
        self.fresh = {}
        for shard in {_shard(path) for path, _, _ in new}:
            self._load(shard)
        replaced = {(path, role) for path, role, _ in new}
        kept = {key: record for key, record in self.entries.items() if key[:2] not in replaced}
        self.entries = kept | new
        if not new:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            tag_folder(self.folder.parent)
            shards = _by_shard(self.entries)
            for shard in {_shard(path) for path, _, _ in new}:
                _write(_shard_path(self.folder, shard), self.key, shards.get(shard, {}))


def unusable(folder: Path) -> str | None:
    """Why a cache folder must not be used ("a symbolic link", "not a folder"), or None
    for one that is a real folder or does not exist yet."""
    if not os.path.lexists(folder):
        return None
    if folder.is_symlink():
        return "a symbolic link"
    return None if folder.is_dir() else "not a folder"


def _by_shard(entries: dict[Key, PageRecord]) -> dict[int, dict[Key, PageRecord]]:
    shards: dict[int, dict[Key, PageRecord]] = {}
    for key, record in entries.items():
        shards.setdefault(_shard(key[0]), {})[key] = record
    return shards


def shard_of(path: str, count: int) -> int:
    """The shard of `count` a path's entry lives in (records here, and other sharded states)."""
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % count


def _shard(path: str) -> int:
    return shard_of(path, SHARDS)


def _shard_path(folder: Path, shard: int) -> Path:
    return folder / f"shard-{shard:02x}.pickle"


def _write(path: Path, key: bytes, entries: dict[Key, PageRecord]) -> None:
    """Write one shard atomically (or remove it when it holds nothing)."""
    if not entries:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    write_signed(path, key, entries)


def write_signed(path: Path, key: bytes, value: object) -> None:
    """Pickle `value` into `path` atomically, signed with `key`; a value that does not
    pickle is not written (the next run just finds nothing)."""
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, RecursionError):
        return
    signature = hmac.new(key, payload, hashlib.sha256).digest()
    fd, temp = tempfile.mkstemp(prefix=temp_prefix(_TEMP), dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_FORMAT + signature + payload)
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _prune(current: Path) -> None:
    """Delete record folders (and files of older formats) beyond the newest few."""
    others = [p for p in current.parent.glob("records-*") if p != current]
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[KEPT_NAMESPACES:]:
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def _read(path: Path, key: bytes) -> dict[Key, PageRecord]:
    entries = read_signed(path, key)
    return entries if isinstance(entries, dict) else {}


def read_signed(path: Path, key: bytes) -> object | None:
    """What `write_signed` put in `path`, or None when it is missing, not a regular
    file, too large, or not signed with `key` (then it is never unpickled)."""
    try:
        data = read_regular(path, SHARD_LIMIT)
    except OSError:
        return None
    head = len(_FORMAT)
    if not data.startswith(_FORMAT) or len(data) < head + _DIGEST:
        return None
    signature, payload = data[head : head + _DIGEST], data[head + _DIGEST :]
    if not hmac.compare_digest(signature, hmac.new(key, payload, hashlib.sha256).digest()):
        return None
    try:
        with _set_aside():
            value: object = pickle.loads(payload)  # noqa: S301 - signed with the user's own key, checked above
    except Exception:  # noqa: BLE001 - a cache that does not load is rebuilt, whatever the reason
        return None
    return value


@contextlib.contextmanager
def _set_aside() -> Iterator[None]:
    """Pause Python's cycle collector while a large pickle loads, then set what it made
    aside from it (`gc.freeze`). A 10,000-page state or record cache is hundreds of
    thousands of objects, none of them garbage and all kept for the run: the collector
    walked them while they loaded and again at every later collection (a third of the
    time of loading a state, and a tenth of a second more on each list the run made
    afterwards). Objects set aside are still freed when nothing refers to them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _namespace(options: ParseOptions) -> str:
    """What a record depends on besides its file: options, code and Python."""
    parts = (repr(options), __version__, code_digest(), sys.version)
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()


@cache
def code_digest() -> str:
    """A digest of wikiforge's own source files: an edited checkout is a new parser."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent.parent
    for source in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def user_key() -> bytes | None:
    """The per-user secret that signs cache files, made on first use. It lives in the
    user's cache folder (XDG_CACHE_HOME, else ~/.cache), never in a project."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wikiforge"
    path = base / "cache-key"
    with contextlib.suppress(OSError):
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    try:
        base.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        with contextlib.suppress(OSError):
            key = path.read_bytes()
            return key if len(key) >= 32 else None
        return None
    except OSError:
        return None
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key


def tag_folder(folder: Path) -> None:
    """Mark the cache folder for tools that honour CACHEDIR.TAG (backups) and keep git
    from offering it for commit. Each file is created only where nothing is, even a
    dangling link, so nothing is written through a link someone left there."""
    for name, text in (("CACHEDIR.TAG", _CACHEDIR_TAG), (".gitignore", "*\n")):
        try:
            fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)


_CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# wikiforge's record cache\n"
