"""The client pages as the tiers read them, kept beside the incremental state.

Placing the clients in tiers reads every client page's frontmatter, title and type, never
its body or links. The state keeps those slim records (`client_records`) and a hash of
each (`placed_hash`): a step that changed client pages only where the tiers do not look
(the usual body edit) keeps the tiers and their findings without loading the records;
any other places every client again from the kept records and the parsed ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from ..config.settings import Config
from ..core.files import ProjectFiles
from ..core.records import PageRecord
from ..lint.rules.context import LintContext
from ..lint.run import Findings, run_scope
from ..lint.selection import RuleSelection
from ..resolve.digest import PageDigest
from ..resolve.resolver import Resolver
from ..tiers import TierReport, assign_tiers
from ..tiers.client import is_client
from .state import AnalysisState, Clients, new_generation


@dataclass(frozen=True)
class Placed:
    """The tiers after a step: a new report and client records when the clients were
    placed again (else None: as kept), and the "tiers" rules' findings."""

    report: TierReport | None
    clients: Clients | None
    found: Findings


def place_again(
    config: Config,
    selection: RuleSelection,
    files: ProjectFiles,
    state: AnalysisState,
    changed: Iterable[str],
    parsed: dict[str, PageRecord],
    digests: Mapping[str, PageDigest],
    resolver: Resolver,
    clients_before: Callable[[], Mapping[str, PageRecord] | None],
    renamed: bool = False,
) -> Placed | None:
    """The tiers once the `changed` pages (parsed, gone or added) are as `digests` says:
    as kept unless a client page changed in what the tiers read, or what an owner's
    `[[link]]` reaches may have (`_owners_may_move`); None when the kept client records
    that placing again needs were lost."""
    kept = Placed(None, None, state.tiers)
    before = state.digests
    touched = [path for path in changed if any(is_placed(d.get(path), config) for d in (before, digests))]
    owners_move = _owners_may_move(config, state, changed, digests, renamed)
    if not owners_move and (not touched or placed_alike(config, touched, parsed, state.placed)):
        return kept
    records = client_pages(config, digests, parsed, clients_before())
    if records is None:
        return None
    report = assign_tiers(config.tiers, records.values())
    context = LintContext(config, files, records, [], [], digests, resolver, selection.applies, report)
    return Placed(report, Clients(new_generation(), records), run_scope(context, selection, "tiers"))


def _owners_may_move(
    config: Config, state: AnalysisState, changed: Iterable[str], digests: Mapping[str, PageDigest], renamed: bool
) -> bool:
    """Whether WF507, which counts owners against a capacity, may say something else:
    an owner's `[[link]]` is the page it reaches (which `renamed`, a name coming or
    going, can change) and is named by that page's title (which an edit can change)."""
    if not state.placed or not config.tiers.has_capacity:
        return False
    before = state.digests
    return renamed or any(
        path in before and path in digests and before[path].title != digests[path].title for path in changed
    )


def client_records(config: Config, records: Mapping[str, PageRecord]) -> dict[str, PageRecord]:
    """The client pages' records as the tiers read them: their frontmatter with its
    positions, path, title and type; links, headings, body and the hash of the bytes left
    out, so that the kept clients of a large wiki load and save in a fraction of the
    time, and an edit the tiers do not read leaves them equal."""
    return {path: _slim(record) for path, record in records.items() if is_client(record, config.tiers)}


def placed_hash(record: PageRecord) -> str:
    """A hash of a client page's record as the tiers read it (`client_records`)."""
    return hashlib.blake2b(repr(_slim(record)).encode("utf-8", "backslashreplace"), digest_size=16).hexdigest()


def placed_hashes(records: Mapping[str, PageRecord]) -> dict[str, str]:
    return {path: placed_hash(record) for path, record in records.items()}


def _slim(record: PageRecord) -> PageRecord:
    blank: tuple[()] = ()
    return replace(
        record,
        links=blank,
        headings=blank,
        block_ids=blank,
        placeholders=blank,
        source_docs=blank,
        tags=blank,
        body=None,
        made_from="",
    )


def client_pages(
    config: Config,
    digests: Mapping[str, PageDigest],
    parsed: dict[str, PageRecord],
    kept: Mapping[str, PageRecord] | None,
) -> dict[str, PageRecord] | None:
    """Every client page's record as the tiers read it (`client_records`), in order:
    parsed again, or as `kept`; None when a client's record was not kept."""
    if kept is None:
        return None
    records = {}
    for path, digest in digests.items():
        if is_placed(digest, config):
            record = parsed.get(path) or kept.get(path)
            if record is None:
                return None
            records[path] = record
    return client_records(config, records)


def placed_alike(config: Config, touched: list[str], parsed: dict[str, PageRecord], placed: dict[str, str]) -> bool:
    """Whether each client page in `touched` is still one and reads to the tiers as the
    hash kept for it says: then nothing needs placing again, nor the kept client records."""
    return all(
        path in parsed
        and path in placed
        and is_client(parsed[path], config.tiers)
        and placed_hash(parsed[path]) == placed[path]
        for path in touched
    )


def is_placed(digest: PageDigest | None, config: Config) -> bool:
    return digest is not None and is_client(digest, config.tiers)
