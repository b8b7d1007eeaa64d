"""The load stage: read every page and Markdown source document into a record.

Reading never raises: a file that cannot be read, or that points outside the project,
becomes a record with a `read_error`, and the other pages go on being checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .config import Config
from .page import ParseOptions, parse_page
from .project import ProjectFiles
from .records import PageRecord
from .tiers.client import LOCATED_KEYS


@dataclass(frozen=True)
class LoadOptions:
    """How the per-page stage runs: on how many processes (`jobs`; None: every core) and
    whether records may come from, and go to, the on-disk cache."""

    jobs: int | None = None
    cache: bool = True


def parse_options(config: Config, render: bool = False) -> ParseOptions:
    return ParseOptions(
        placeholder_patterns=config.placeholder_patterns,
        render=render,
        trust_html=config.site.trust_html,
        located_keys=LOCATED_KEYS,
    )


def load_records(
    files: ProjectFiles,
    options: ParseOptions,
    on_page: Callable[[], object] | None = None,
    load: LoadOptions | None = None,
) -> dict[str, PageRecord]:
    """Records for every page and every Markdown source document, by path."""
    wanted = [(path, "page") for path in files.pages]
    wanted += [(path, "source") for path in files.sources if path.endswith(".md")]
    records = {}
    for path, role in wanted:
        records[path] = _load_one(files, path, role, options)
        if on_page is not None:
            on_page()
    return records


def _load_one(files: ProjectFiles, path: str, role: str, options: ParseOptions) -> PageRecord:
    if path in files.outside:
        return PageRecord.unreadable(path, role, "is a symbolic link to a file outside the project; it is not read")
    try:
        data = files.disk_paths[path].read_bytes()
    except OSError as exc:
        return PageRecord.unreadable(path, role, f"cannot be read: {exc.strerror or exc}")
    try:
        return parse_page(path, data, role, options)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the others
        return PageRecord.unreadable(
            path, role, f"could not be parsed ({type(exc).__name__}: {exc}); please report this"
        )
