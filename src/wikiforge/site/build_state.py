"""The state an incremental build keeps in the site's manifest, and the hashes it compares.

The state holds, per record, its file's stat and a hash of the record; per site file, its
stat and fingerprint; per group of generated pages, its fingerprint and files. It is used
only when its format, the wikiforge and library versions, the configuration and every
template match this build's (`stamp`); anything else renders every file again.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .. import __version__
from ..config.settings import Config
from ..core.diagnostic import Diagnostic
from ..core.files import SETTLED_NS, Stat
from ..core.plain_files import is_plain_relative
from ..core.records import PageRecord
from ..load.cache import code_digest
from .theme import PAGE_TEMPLATES, template_dirs

FORMAT = 2
_LIBRARIES = ("markdown_it", "mdit_py_plugins", "pygments", "nh3", "jinja2", "yaml", "latex2mathml")
"""The libraries that render, by module: each says its version (`__version__`), which
is quicker to ask than importlib.metadata (importing it took a hundredth of a second)."""


def digest(*parts: object) -> str:
    """A short hash of plain values (their `repr`, which is stable for the records' types)."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "backslashreplace"), digest_size=16).hexdigest()


def digest_lines(lines: list[str]) -> str:
    """A short hash of many strings without the cost of their `repr`; each line must be
    free of NUL (a `repr` or a hash is)."""
    return hashlib.blake2b("\0".join(lines).encode("utf-8", "backslashreplace"), digest_size=16).hexdigest()


def findings_digest(listing: str, diagnostics: Iterable[Diagnostic]) -> str:
    """A short hash of what the link report shows: the listings (their digest) and every
    finding, field by field (the findings' own dataclass `repr` took 0.03 s at 3,000)."""
    lines = [listing]
    for found in diagnostics:
        span, fix = found.span, found.fix
        fixed = (fix.old, fix.new, fix.safe, fix.label) if fix is not None else None
        where = (found.path, span.line, span.column, span.end_line, span.end_column)
        what = (found.code, found.rule, found.severity.value, found.message, found.suggestion, found.key)
        lines.append(repr((where, what, fixed, found.whole_page)))
    return digest_lines(lines)


def stamp(config: Config) -> str:
    """What every file of the site depends on: the state format, wikiforge (its version
    and its code: an edited checkout parses anew) and the libraries that render, the
    configuration, and every template and static file."""
    versions = [str(getattr(importlib.import_module(name), "__version__", "")) for name in _LIBRARIES]
    settings = replace(config, root=config.root.resolve())  # however the project folder was named
    hashed = hashlib.blake2b(repr((FORMAT, __version__, code_digest(), versions, settings)).encode(), digest_size=16)
    for folder in template_dirs(config.root):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.relative_to(folder).parts[0] != PAGE_TEMPLATES:  # `new`'s, not the site's
                hashed.update(path.relative_to(folder).as_posix().encode() + b"\0")
                hashed.update(path.read_bytes())
    return hashed.hexdigest()


@dataclass
class BuildState:
    """What the last build was made from and wrote: per record its file's stat and a
    hash of the record; per site file its stat and fingerprint; per group of generated
    pages its fingerprint and files."""

    stamp: str
    started: int
    """When the build that left this state started (not saved: the manifest's time)."""
    contents: dict[str, tuple[int, int, str]]
    outputs: dict[str, tuple[int, int, str]]
    groups: dict[str, tuple[str, list[str]]]
    kept: str = ""
    """The token of the state kept for a build of a few files (`kept_site`), if any."""

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "stamp": self.stamp,
            "contents": self.contents,
            "outputs": self.outputs,
            "groups": self.groups,
            "kept": self.kept,
        }

    @classmethod
    def from_json(cls, data: object, current_stamp: str, started: int) -> BuildState | None:
        """The state in a manifest, or None when it is missing, malformed, made by
        another version, configuration or theme, or names a site file by a path that is
        not plain and inside the site (`../keep.txt`): never trusted on a guess."""
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("stamp") != current_stamp:
            return None
        contents, outputs, groups = (data.get(k) for k in ("contents", "outputs", "groups"))
        if not all(isinstance(x, dict) for x in (contents, outputs, groups)):
            return None
        assert isinstance(contents, dict) and isinstance(outputs, dict) and isinstance(groups, dict)
        entries = _entries(contents), _entries(outputs)
        if entries[0] is None or entries[1] is None or not all(_is_group(group) for group in groups.values()):
            return None
        if not all(map(is_plain_relative, [*outputs, *(name for group in groups.values() for name in group[1])])):
            return None
        kept = data.get("kept")
        groups = {k: (v[0], list(v[1])) for k, v in groups.items()}
        return cls(current_stamp, started, entries[0], entries[1], groups, kept if isinstance(kept, str) else "")


def _entries(found: dict[Any, Any]) -> dict[str, tuple[int, int, str]] | None:
    """(size, time, fingerprint) entries by name, or None if any is not one: each a list
    as JSON gives it, or the tuple the build that wrote the manifest kept
    (`output._remember_manifest`). One pass, no call per entry: there are 10,000."""
    try:
        entries = {name: (size, time, mark) for name, (size, time, mark) in found.items()}
    except (TypeError, ValueError):  # not a sequence of three
        return None
    valid = all(type(size) is int and type(time) is int and type(mark) is str for size, time, mark in entries.values())
    return entries if valid and all(type(name) is str for name in entries) else None


def _is_group(value: object) -> bool:
    return (
        isinstance(value, list | tuple)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], list)
        and all(isinstance(name, str) for name in value[1])
    )


def record_hashes(
    records: Mapping[str, PageRecord], stats: Mapping[str, Stat], previous: BuildState | None
) -> dict[str, tuple[int, int, str]]:
    """Per record: its file's stat and a hash of the record. A file with the stat the
    last build saw, old enough not to be racy, keeps its hash; any other record is
    hashed, so a touched but unchanged file costs one hash and rewrites nothing.

    A record parsed from a file's bytes is hashed by those bytes (`made_from`) and its
    path and role: the rest follows from them and from the parse options, code and
    configuration, which the build's stamp covers (hashing a record of 100,000 links
    took 2.5 s). A record of a file never read is hashed by its `repr` (not a pickle: a
    parsed record and the same one from the cache must hash alike, however their
    strings happen to be shared)."""
    # a file changed this close to the last build's start may have changed again unseen
    racy_from = previous.started - SETTLED_NS if previous is not None else 0
    hashes: dict[str, tuple[int, int, str]] = {}
    for path in records:  # a record is looked at only when its file's stat moved
        size, mtime = stats.get(path, (-1, -1))
        old = previous.contents.get(path) if previous is not None else None
        if old is not None and old[:2] == (size, mtime) and 0 <= mtime < racy_from:
            hashes[path] = old
        else:
            record = records[path]
            made = (record.path, record.role, record.made_from) if record.made_from else record
            hashes[path] = (size, mtime, digest(made))
    return hashes
