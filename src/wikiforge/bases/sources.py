"""Where the project's bases are written: `.base` files, and ```` ```base ```` blocks in pages.

A `.base` file is an attachment to the resolver (so `![[x.base]]` and `[[x.base]]`
resolve like any file), read here, once per run, from an editor's buffer when one holds
it; a block was found by the per-page stage and travels in its page's record (and from
there in its page's `rows.RowInput`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from ..core.files import ProjectFiles
from ..core.records import BaseBlock, PageRecord
from ..load.read import read_file
from ..resolve.digest import Head

BASE_SUFFIX = ".base"


@dataclass(frozen=True)
class BaseSource:
    """One base as written: in the file `path`, as its `block`-th block (None: the
    whole `.base` file). `text` is its YAML, starting at file line `line` after `indent`
    columns; `error` says why a `.base` file could not be read (then `text` is empty)."""

    path: str
    block: int | None
    text: str
    line: int = 1
    indent: int = 0
    error: str | None = None

    @property
    def key(self) -> str:
        """A name for this base unique in the project: the file, and `#n` for a block."""
        return self.path if self.block is None else f"{self.path}#{self.block}"


def is_base_file(path: str) -> bool:
    return path.lower().endswith(BASE_SUFFIX)


def has_bases(files: ProjectFiles, pages: Iterable[Head | PageRecord]) -> bool:
    """Whether the project holds a base: a `.base` file, or one of `pages` (heads or
    records) holds a base block."""
    return any(is_base_file(path) for path in files.attachments) or any(page.bases for page in pages)


def base_sources(files: ProjectFiles, blocks: Mapping[str, tuple[BaseBlock, ...]], max_bytes: int) -> list[BaseSource]:
    """Every base of the project: `.base` files in path order, then the blocks of the
    pages in `blocks` (by page path)."""
    found = [_file_source(files, path, max_bytes) for path in sorted(files.attachments) if is_base_file(path)]
    found.extend(_blocks(blocks))
    return found


def _file_source(files: ProjectFiles, path: str, max_bytes: int) -> BaseSource:
    read = read_file(files, path, "base", max_bytes)
    if isinstance(read, PageRecord):
        why = read.read_error.message if read.read_error is not None else "file cannot be read"
        return BaseSource(path, None, "", error=why)
    try:
        text = read.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return BaseSource(path, None, "", error=f"file is not UTF-8 text (byte 0x{read[exc.start]:02x})")
    return BaseSource(path, None, text.replace("\r\n", "\n").replace("\r", "\n"))


def _blocks(blocks: Mapping[str, tuple[BaseBlock, ...]]) -> Iterator[BaseSource]:
    for path in sorted(blocks):
        for number, block in enumerate(blocks[path]):
            yield _block_source(path, number, block)


def _block_source(path: str, number: int, block: BaseBlock) -> BaseSource:
    return BaseSource(path, number, block.text, block.line, block.indent)
