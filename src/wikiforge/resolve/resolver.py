"""Link resolution, DESIGN §2: the one module that decides where a link points.

Steps, first hit wins: an exact path (from the project root, from the content folder,
relative to the linking page); a path suffix or bare name, ties broken by the linking
page's own folder and then by the shortest path, and reported as ambiguous; a page alias,
only when the config opts in. The steps run on exact spelling first, then once more
ignoring case (reported as a case mismatch), as Obsidian matches names; aliases take
part in the first pass only, since a case-folded alias is how `[[man]]` once reached the
page aliased `MAN`. Aliases are still indexed when they do not resolve, so a broken
`[[alias]]` can name its page. Every lookup is a dict access, so resolving a link costs
the same at 100 or 100,000 pages, and nothing on disk is read: `../../etc/passwd` is
only a string.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from ..config.settings import Config
from ..core.files import ProjectFiles
from ..core.records import Link
from ..core.suggest import close_matches, close_matches_each

FOLDER_NOTES = ("index", "README")
"""Names of a note that stands for its folder (besides a note named as the folder)."""


@dataclass(frozen=True, slots=True)
class Target:
    """Something a link can reach. `path` is the file (or folder) path from the root."""

    path: str
    kind: str  # "page" | "source" | "attachment" | "folder" | "generated" | "template"


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where one link points. `target` is None for a broken link."""

    target: Target | None
    candidates: tuple[str, ...] = ()
    case_mismatch: bool = False
    outside: bool = False

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


class Named(Protocol):
    """What the resolver reads of a page: a record, or its digest between runs."""

    @property
    def path(self) -> str: ...

    @property
    def role(self) -> str: ...

    @property
    def aliases(self) -> tuple[str, ...]: ...


class _Table:
    """One lookup table, with its case-folded twin."""

    def __init__(self) -> None:
        self.exact: dict[str, list[Target]] = {}
        self.folded: dict[str, list[Target]] = {}

    def add(self, key: str, target: Target) -> None:
        found = self.exact.get(key)
        if found is None:
            self.exact[key] = [target]
        elif target in found:
            return
        else:
            found.append(target)
        folded = key.casefold()
        if folded in self.folded:
            self.folded[folded].append(target)
        else:
            self.folded[folded] = [target]

    def get(self, key: str, fold: bool) -> list[Target]:
        table = self.folded if fold else self.exact
        return table.get(key.casefold() if fold else key, [])


class Resolver:
    """Built once from every known file and page record, then asked per link."""

    def __init__(
        self,
        content_dir: str,
        records: Iterable[Named],
        sources: Iterable[str],
        attachments: Iterable[str],
        folders: Iterable[str],
        resolve_aliases: bool = False,
        generated: Iterable[str] = (),
        templates: Iterable[str] = (),
    ) -> None:
        self._content = "" if content_dir == "." else content_dir + "/"
        self._paths = _Table()
        self._suffixes = _Table()
        self._aliases = _Table()
        self._resolve_aliases = resolve_aliases
        self._names: dict[str, Target] = {}
        self._choices: dict[tuple[tuple[str, ...], bool], list[str]] = {}
        self._close: dict[tuple[str, tuple[str, ...], int], tuple[str, ...]] = {}
        pages = {}
        for record in records:
            kind = "source" if record.role == "source" else "page"
            target = Target(record.path, kind)
            self._index(record.path.removesuffix(".md"), target)
            if kind == "page":
                pages[record.path.removesuffix(".md")] = target
                for alias in record.aliases:
                    self._aliases.add(normal_name(alias), target)
        for path in sources:
            if not path.endswith(".md"):
                self._index(path, Target(path, "source"))
        for path in attachments:
            self._index(path, Target(path, "attachment"))
        for path in templates:
            self._index(path.removesuffix(".md"), Target(path, "template"))
        for folder in folders:
            note = next((pages[k] for k in (folder, *(f"{folder}/{n}" for n in FOLDER_NOTES)) if k in pages), None)
            self._index(folder + "/", note or Target(folder, "folder"))
        for path in generated:
            self._index_generated(path)

    def _index(self, key: str, target: Target) -> None:
        self._paths.add(key, target)
        parts = key.rstrip("/").split("/")
        trail = "/" if key.endswith("/") else ""
        for i in range(len(parts)):
            self._suffixes.add("/".join(parts[i:]) + trail, target)
        self._names.setdefault(key, target)

    def _index_generated(self, path: str) -> None:
        """A page the build generates (`tiers`, `tiers/tier-2`), linked as if it were a
        page at the top of the content folder. The wiki's own files win: a generated
        page is only reachable by a name nothing else answers to."""
        names = (path, path + "/")
        if any(self._paths.get(name, True) or self._suffixes.get(name, True) for name in names):
            return
        target = Target(path, "generated")
        for name in names:
            self._paths.add(self._content + name, target)
            self._names.setdefault(self._content + name, target)

    def resolve(self, link: Link, source: str) -> Resolution:
        """Resolve `link` written on the page at path `source`; Markdown links try the
        path relative to the page first, as Markdown readers expect."""
        if not link.target:
            return Resolution(Target(source, "page"))
        return self.resolve_path(link.target, source, relative_first=link.kind == "markdown")

    def resolve_path(self, written: str, source: str, relative_first: bool = False) -> Resolution:
        """Resolve a target string as written on the page at `source`."""
        key = normal_name(written)
        if not key.endswith("/") and key.casefold().endswith(".md"):
            key = key[:-3]
        if not relative_first and key and key[0] != "/" and key[-1] != "/" and _normalised(key) == key:
            exact = self._paths.get(key, False)
            if exact:  # the first place the full lookup tries: a path from the project root
                return Resolution(exact[0])
        paths, outside = self._path_keys(key, source, relative_first)
        for fold in (False, True):
            found = self._lookup(key, paths, source, fold)
            if found is not None:
                return found
        return Resolution(None, outside=outside)

    def alias_owners(self, written: str) -> tuple[tuple[str, ...], bool]:
        """The pages (sorted paths) carrying `written` as a frontmatter alias, and whether
        they were found only when case is ignored: exact spelling is tried first.

        For the help on a link that does not resolve; it never makes a link resolve.
        """
        key = normal_name(written)
        for fold in (False, True):
            hits = self._aliases.get(key, fold)
            if hits:
                return tuple(sorted(t.path for t in hits)), fold
        return (), False

    def suggest(self, written: str, kinds: tuple[str, ...] = ()) -> str | None:
        """The known name or path closest to a broken target, in the style it was written.

        `kinds` limits the choice to targets of those kinds (e.g. only source documents).
        """
        close = self.close_matches(written, kinds, limit=1)
        return close[0] if close else None

    def close_matches(self, written: str, kinds: tuple[str, ...] = (), limit: int = 2) -> list[str]:
        """Up to `limit` close names or paths for a broken target, best first."""
        return list(self.close_matches_each([written], kinds, limit)[written])

    def close_matches_each(
        self, written: Iterable[str], kinds: tuple[str, ...] = (), limit: int = 2
    ) -> dict[str, tuple[str, ...]]:
        """`close_matches` of each broken target, searched together (see `core.suggest`)
        and each once a run, however many pages write it."""
        keys = {target: suggestion_key(target) for target in written}
        new = {key for key in keys.values() if (key, kinds, limit) not in self._close}
        for bare in (True, False):
            todo = sorted(key for key in new if ("/" not in key.rstrip("/")) == bare)
            if todo:
                choices = self._suggestion_choices(kinds, bare)
                for key, found in zip(todo, close_matches_each(todo, choices, limit + 1), strict=True):
                    self._close[(key, kinds, limit)] = tuple(match for match in found if match != key)[:limit]
        return {target: self._close[(key, kinds, limit)] for target, key in keys.items()}

    def _suggestion_choices(self, kinds: tuple[str, ...], bare: bool) -> list[str]:
        """Names (bare) or paths to suggest from, built once per kind filter, sorted: of
        two equally close names the first in order wins, the same in every run."""
        cached = self._choices.get((kinds, bare))
        if cached is None:
            names = [k for k, t in self._names.items() if not kinds or t.kind in kinds]
            if bare:
                names = [_bare(k) for k in names]
            cached = self._choices[(kinds, bare)] = sorted(set(names))
        return cached

    def _path_keys(self, key: str, source: str, relative_first: bool) -> tuple[list[str], bool]:
        stripped = key.lstrip("/")
        rooted = [stripped, self._content + stripped]
        if key.startswith("/"):
            candidates = rooted
        else:
            folder = source.rpartition("/")[0]
            relative = [f"{folder}/{key}" if folder else key]
            candidates = relative + rooted if relative_first else rooted + relative
        trail = "/" if key.endswith("/") else ""
        keys, outside = [], False
        for candidate in candidates:
            norm = _normalised(candidate) + trail if candidate.strip("/") else ""
            if norm == ".." or norm.startswith("../"):
                outside = True
            elif norm and norm not in keys:
                keys.append(norm)
        return keys, outside and not keys

    def _lookup(self, key: str, paths: list[str], source: str, fold: bool) -> Resolution | None:
        for path in paths:
            hits = self._paths.get(path, fold)
            if hits:
                return Resolution(hits[0], case_mismatch=fold)
        if ".." in key.split("/") or key.startswith("/"):
            return None
        tables = (self._suffixes, self._aliases) if self._resolve_aliases and not fold else (self._suffixes,)
        for table in tables:
            hits = table.get(key, fold)
            if hits:
                return Resolution(_tie_break(hits, source), tuple(sorted(t.path for t in hits)), fold)
        return None


def project_resolver(config: Config, files: ProjectFiles, pages: Iterable[Named], generated: Iterable[str]) -> Resolver:
    """The resolver of this project's files, given its pages' records or digests (in the
    order files are listed) and the tier pages the build generates from them."""
    return Resolver(
        config.content_dir,
        pages,
        files.sources,
        files.attachments,
        files.folders,
        resolve_aliases=config.resolve_aliases,
        generated=generated,
        templates=files.templates,
    )


def suggestion_key(written: str) -> str:
    """A broken target as "did you mean" compares it with the names it knows."""
    return normal_name(written).removesuffix(".md")


def could_suggest(key: str, names: Iterable[str]) -> bool:
    """Whether any of `names` (paths as the resolver names files: no `.md`, a folder
    ending in `/`) is close enough to the broken target `key` to be suggested for it.
    A name that is not can be added or removed without changing any suggestion."""
    bare = "/" not in key.rstrip("/")
    return bool(close_matches(key, [_bare(name) if bare else name for name in names], limit=1))


def _bare(name: str) -> str:
    return posixpath.basename(name.rstrip("/")) + ("/" if name.endswith("/") else "")


def _normalised(path: str) -> str:
    """`posixpath.normpath`, skipped for the usual path that has nothing to normalise
    (it was a third of the time spent resolving links)."""
    if "//" in path or path.startswith(("./", "../")) or "/." in path or path in (".", "..") or path.endswith("/"):
        return posixpath.normpath(path)
    return path


def _tie_break(hits: list[Target], source: str) -> Target:
    """One match wins outright; else the one beside the linking page; else the shortest."""
    if len(hits) == 1:
        return hits[0]
    folder = posixpath.dirname(source)
    beside = [t for t in hits if posixpath.dirname(t.path) == folder]
    if beside:
        return beside[0]
    return min(hits, key=lambda t: (t.path.count("/"), len(t.path), t.path))


def normal_name(text: str) -> str:
    """A written name as the tables key it: trimmed, NFC (macOS writes NFD)."""
    return unicodedata.normalize("NFC", text.strip())
