"""The project's files as the load stage found them: what every later stage is given."""

from __future__ import annotations

from dataclasses import dataclass, field

Stat = tuple[int, int]
SETTLED_NS = 2_000_000_000
"""How long before a run a file or folder must have last changed for its time to be
trusted: file system clocks tick coarsely (every few milliseconds on Linux, every two
seconds on FAT), so a change in the same tick as the time that was seen leaves it as it
was."""
"""A file's size and modification time in nanoseconds."""


@dataclass
class ProjectFiles:
    """Every file and folder wikiforge knows about, by normalised relative path."""

    pages: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    disk_paths: dict[str, str] = field(default_factory=dict)
    """Where each file is on disk, as the operating system names it."""
    outside: set[str] = field(default_factory=set)
    refused: dict[str, str] = field(default_factory=dict)
    spelling_clashes: list[tuple[str, str]] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)
    """Every folder the walk listed, on disk: a file added, removed or renamed in one
    changes its stamp (`load/state.py`)."""
    buffers: dict[str, bytes] = field(default_factory=dict)
    """The text of files open in an editor (`wikiforge lsp`), by path: read instead of
    the file on disk, and never trusted by its stamp."""
