"""What a whole check keeps for the next one to start from (DESIGN §5).

Two signed files in `.wikiforge_cache/`, written together under one run key:

- `analysis-state`: for every page and Markdown source document, how it was read (its
  stamp and the hash of its bytes), its digest and the findings the "page" rules made on
  it; the findings of the "tiers" rules; the names of the files that are not parsed. It
  loads in a small fraction of what the records take, since a digest leaves out links,
  placeholders, frontmatter and body.
- `analysis-clients`: the records of the client pages and the tier report, which only a
  run that places the clients again reads.

A stamp made while a file may still have been changing is not kept: that file is read and
hashed again by the next run, which then knows for sure whether it changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..config.settings import Config
from ..core.files import ProjectFiles
from ..core.records import PageRecord
from ..lint.run import Findings
from ..load.cache import CACHE_DIR, read_signed, unusable, user_key, write_signed
from ..load.state import Stamp
from ..resolve.digest import PageDigest
from ..tiers import TierReport

STATE_FILE = "analysis-state"
CLIENTS_FILE = "analysis-clients"


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
    """The client pages' records and where they were placed."""

    generation: str
    records: dict[str, PageRecord]
    report: TierReport


@dataclass(frozen=True)
class AnalysisState:
    """A whole check, as the next one needs it; `generation` pairs it with its `Clients`."""

    key: str
    generation: str
    read: dict[str, Read]
    listing: Listing
    digests: dict[str, PageDigest]
    pages: dict[str, Findings]
    tiers: Findings


def state_key_of(run_key: str, config: Config) -> str:
    """The run key of a check (options, code, Python, project), and its settings: any
    change to them makes the next run a whole one."""
    return hashlib.blake2b(f"{run_key}\n{config!r}".encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def new_generation() -> str:
    return secrets.token_hex(8)


def load_state(root: Path, key: str) -> AnalysisState | None:
    """The kept state, if one was made under `key`."""
    folder = _folder(root)
    secret = user_key()
    if folder is None or secret is None:
        return None
    state = read_signed(folder / STATE_FILE, secret)
    return state if isinstance(state, AnalysisState) and state.key == key else None


def load_clients(root: Path, state: AnalysisState) -> Clients | None:
    """The client records kept with `state`, or None (then the run starts over)."""
    folder = _folder(root)
    secret = user_key()
    if folder is None or secret is None:
        return None
    clients = read_signed(folder / CLIENTS_FILE, secret)
    return clients if isinstance(clients, Clients) and clients.generation == state.generation else None


def save_state(root: Path, state: AnalysisState, clients: Clients | None) -> None:
    """Keep `state` (and, when the run placed the clients, `clients`); never raises. The
    clients are written first: a state is only ever found beside its own clients."""
    folder = _folder(root)
    secret = user_key()
    if folder is None or secret is None:
        return
    with contextlib.suppress(OSError):
        if clients is not None:
            write_signed(folder / CLIENTS_FILE, secret, clients)
        write_signed(folder / STATE_FILE, secret, state)


def forget_state(root: Path) -> None:
    """Remove the kept state (a run that could not make a trustworthy one)."""
    folder = _folder(root)
    if folder is not None:
        with contextlib.suppress(OSError):
            (folder / STATE_FILE).unlink()


def _folder(root: Path) -> Path | None:
    folder = root / CACHE_DIR
    return folder if unusable(folder) is None and folder.is_dir() else None
