"""The load stage: read every page and Markdown source document into a record.

Reading never raises: a file that cannot be read, or that points outside the project,
becomes a record with a `read_error`, and the other pages go on being checked.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from ..config.settings import DEFAULT_MAX_PAGE_BYTES, Config
from ..config.tiers import LOCATED_KEYS
from ..core.files import ProjectFiles
from ..core.plain_files import read_bounded
from ..core.records import PageRecord, content_hash
from ..parse.options import ParseOptions
from .cache import RecordCache
from .discover import OUTSIDE_FILE
from .parallel import parse_all


def parse_options(
    config: Config, placeholder_patterns: tuple[tuple[str, str], ...], render: bool = False
) -> ParseOptions:
    """How every page of this project is parsed; the placeholder patterns are the
    placeholder rule's (`lint/rules/placeholder.placeholder_patterns`), a later stage."""
    return ParseOptions(
        placeholder_patterns=placeholder_patterns,
        render=render,
        trust_html=config.site.trust_html,
        located_keys=LOCATED_KEYS,
    )


def load_records(
    files: ProjectFiles,
    options: ParseOptions,
    on_page: Callable[[], object] | None = None,
    jobs: int | None = None,
    cache: RecordCache | None = None,
    max_bytes: int = DEFAULT_MAX_PAGE_BYTES,
) -> dict[str, PageRecord]:
    """Records for every page and every Markdown source document, by path.

    Records whose file bytes are unchanged come from `cache`; the rest are parsed, on
    `jobs` processes (None: one per core), and added to it. The result does not depend
    on either: the same records, in the same order, as one process parsing them all.
    A file of more than `max_bytes` is a record that says so, and is never read.
    """
    wanted = parsed_files(files)
    tick = on_page or (lambda: None)
    records: dict[str, PageRecord] = {}
    read: list[tuple[str, str, bytes]] = []
    for path, role in wanted:
        data = read_file(files, path, role, max_bytes)
        if isinstance(data, PageRecord):
            records[path] = data
            tick()
        else:
            read.append((path, role, data))
    records.update(_parsed(read, options, tick, jobs, cache))
    return {path: records[path] for path, _ in wanted}


def records_of(
    pages: list[tuple[str, bytes]], options: ParseOptions, cache: RecordCache | None
) -> dict[str, PageRecord]:
    """Records of pages given as (path, bytes), not read from the project's files (a git
    revision's), on every core. Pages whose bytes `cache` knows come from it, but it
    is not added to: the pages of another revision are not the project's to keep."""
    return _parsed([(path, "page", data) for path, data in pages], options, lambda: None, None, cache, keep=False)


def _parsed(
    tasks: list[tuple[str, str, bytes]],
    options: ParseOptions,
    tick: Callable[[], object],
    jobs: int | None,
    cache: RecordCache | None,
    keep: bool = True,
) -> dict[str, PageRecord]:
    """Records of (path, role, bytes): from `cache` when the bytes are known, else
    parsed and, with `keep`, added to it (and the cache saved)."""
    records: dict[str, PageRecord] = {}
    misses: list[tuple[str, str, bytes, str]] = []
    for path, role, data in tasks:
        digest = content_hash(data)
        hit = None if cache is None else cache.get(path, role, digest) if keep else cache.known(path, role, digest)
        if hit is not None:
            records[path] = hit
            tick()
        else:
            misses.append((path, role, data, digest))
    parsed = parse_all([(path, role, data) for path, role, data, _ in misses], options, jobs, tick)
    for (path, role, _, digest), record in zip(misses, parsed, strict=True):
        records[path] = record
        if cache is not None and keep and record.made_from:  # not a page no parse finished: a bug of ours is not kept
            cache.put(path, role, digest, record)
    if cache is not None and keep:
        cache.save()
    return records


def parsed_files(files: ProjectFiles) -> list[tuple[str, str]]:
    """(path, role) of every file read into a record, in the records' order: the pages,
    then the Markdown source documents."""
    wanted = [(path, "page") for path in files.pages]
    return wanted + [(path, "source") for path in files.sources if path.endswith(".md")]


def read_file(files: ProjectFiles, path: str, role: str, max_bytes: int) -> bytes | PageRecord:
    """The file's bytes (an editor's buffer, when the file is open in one), or the
    record of a file that cannot be read or is too large.

    The size is taken from the open file before reading, and the read stops one byte
    past the limit, so a file that grows meanwhile is refused all the same.
    """
    if path in files.outside:
        return PageRecord.unreadable(path, role, OUTSIDE_FILE)
    buffer = files.buffers.get(path)
    if buffer is not None:
        return buffer if len(buffer) <= max_bytes else _too_large(path, role, len(buffer), max_bytes)
    try:
        with open(files.disk_paths[path], "rb") as file:
            size = os.fstat(file.fileno()).st_size
            data = read_bounded(file, size, max_bytes) if size <= max_bytes else b""
    except OSError as exc:
        return PageRecord.unreadable(path, role, f"cannot be read: {exc.strerror or exc}")
    if size > max_bytes or len(data) > max_bytes:
        return _too_large(path, role, max(size, len(data)), max_bytes)
    return data


def _too_large(path: str, role: str, size: int, max_bytes: int) -> PageRecord:
    message = f"is {size:,} bytes, more than `max_page_bytes` ({max_bytes:,}); it is not read"
    return PageRecord.unreadable(path, role, message)
