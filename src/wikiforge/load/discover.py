"""Find a project's files: pages, source documents, attachments and folders.

Paths are relative to the project root, `/`-separated and NFC-normalised, so a name typed
on macOS (NFD) and one typed on Linux (NFC) are the same name. Hidden folders (`.git`,
`.obsidian`, `.trash`), configured excludes and the site's output folder are skipped.

Nothing outside the project is read: a symbolic link to a file outside it is listed but
never read (its WF001 says so), and a folder that leads out of the project (the content or
sources folder, or any folder in them, being a symbolic link) is not walked at all. Such a
folder, a folder that cannot be listed, a symbolic link loop and a file or folder whose
name is not UTF-8 are `refused`: not listed, each with the reason WF001 reports. Symbolic
links to folders inside the project are not followed either, so no file is found twice.

Notes in the vault's template folder are templates, kept apart from pages: they are meant
to hold `{{title}}` and `<% %>`, so they are neither checked nor built, but a link to
one still reaches it, as in Obsidian.
"""

from __future__ import annotations

import errno
import fnmatch
import json
import os
import unicodedata
from pathlib import Path

from ..config.settings import Config
from ..core.files import ProjectFiles

_OBSIDIAN_TEMPLATE_SETTINGS = (
    (".obsidian/templates.json", "folder"),
    (".obsidian/plugins/templater-obsidian/data.json", "templates_folder"),
)
_DEFAULT_TEMPLATE_FOLDERS = ("Templates", "templates", "_templates")
ROOT_ONLY_SKIPS = ("site", "node_modules", ".wikiforge_cache")
"""Folders at the project root never walked (besides the configured output folder)."""
OUTSIDE_FILE = "is a symbolic link to a file outside the project; it is not read"
OUTSIDE_FOLDER = "folder is a symbolic link to a folder outside the project; its files are not read"
LOOP = "is a symbolic link loop (it leads back to itself); it is not read"
NOT_UTF8 = "name is not UTF-8, so it cannot be linked or published; it is not read (rename it)"


def discover(config: Config) -> ProjectFiles:
    """Walk the content and sources folders once, in a stable (sorted) order."""
    root = config.root.resolve()
    files = ProjectFiles()
    skipped = set(config.exclude)
    sources_dir = config.sources_dir
    configured = tuple(_normal(folder) for folder in config.templates)
    templates = configured + template_folders(root, config.content_dir, bool(configured))
    for rel in _walk(root, config.content_dir, skipped | {sources_dir}, files, config.site.output):
        if not rel.endswith(".md"):
            files.attachments.append(rel)
        elif any(_inside(rel, folder) for folder in templates):
            files.templates.append(rel)
        else:
            files.pages.append(rel)
    files.folders = [f for f in files.folders if not any(_inside(f, folder) for folder in templates)]
    for rel in _walk(root, sources_dir, skipped, files):
        files.sources.append(rel)
    return files


def _walk(root: Path, start: str, skipped: set[str], files: ProjectFiles, site: str = "site") -> list[str]:
    """The files under `start`, folder by folder in sorted order (a folder's files before
    its sub-folders'), as `os.walk` would give them. `os.scandir` rather than `os.walk`
    and `Path`: the entries' types come with the listing, and a walk of 10,000 pages
    spent most of its time making `Path` objects."""
    base = root / start
    if not base.is_dir():
        return []
    if not _within(root, base):
        files.refused[_normal(start)] = OUTSIDE_FOLDER
        return []
    found: list[str] = []
    root_skips = {*ROOT_ONLY_SKIPS, site}
    pending = [(str(base), _relative(root, base))]
    while pending:
        disk_dir, rel_dir = pending.pop()
        try:
            with os.scandir(disk_dir) as listing:
                entries = list(listing)
        except OSError as exc:
            _unlistable(root, exc, files)
            continue
        files.listed.append(disk_dir)
        folders, names = _split_entries(entries)
        entered = []
        for entry in sorted(folders, key=lambda e: e.name):
            rel = _join(rel_dir, entry.name)
            if is_skipped(rel, entry.name, skipped) or (rel_dir == "." and entry.name in root_skips):
                continue
            if not _may_enter(root, entry, rel, files):
                continue
            files.folders.append(_normal(rel))
            if not entry.is_symlink():
                entered.append((entry.path, rel))
        pending.extend(reversed(entered))
        for entry in sorted(names, key=lambda e: _nfc_spelling_first(e.name)):
            rel = _join(rel_dir, entry.name)
            if is_skipped(rel, entry.name, skipped):
                continue
            link = entry.is_symlink()
            refusal = _file_refusal(entry.path, entry.name, link)
            if refusal is not None:
                files.refused[_normal(rel)] = f"file {refusal}"
                continue
            _add(root, entry.path, link, _normal(rel), files, found)
    return found


Entries = list[os.DirEntry[str]]


def _split_entries(entries: Entries) -> tuple[Entries, Entries]:
    """A listing's folders (symbolic links to folders among them, as `os.walk` counts
    them) and its other entries."""
    folders: Entries = []
    names: Entries = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        (folders if is_dir else names).append(entry)
    return folders, names


def _file_refusal(disk: str, name: str, link: bool) -> str | None:
    """Why a file is not listed at all: a name that is not UTF-8, or (for a symbolic
    `link`) a loop of links, which `Path.resolve` and many tools choke on. Other
    unreadable files are listed, and reading them gives the reason."""
    if not _utf8(name):
        return NOT_UTF8
    if not link:
        return None
    try:
        os.stat(disk)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return LOOP
    return None


def _may_enter(root: Path, entry: os.DirEntry[str], rel: str, files: ProjectFiles) -> bool:
    """Whether to walk into a sub-folder; one that leads out of the project or whose
    name is not UTF-8 is refused with its reason. Other symbolic links to folders are
    left alone, as `os.walk` leaves them: their targets are inside the project."""
    if not _utf8(entry.name):
        files.refused[_normal(rel)] = f"folder {NOT_UTF8}"
        return False
    if entry.is_symlink() and not _within(root, entry.path):
        files.refused[_normal(rel)] = OUTSIDE_FOLDER
        return False
    return True


def _unlistable(root: Path, exc: OSError, files: ProjectFiles) -> None:
    """A folder `os.walk` could not list (no permission, gone meanwhile): a finding, so
    its pages are not silently missing."""
    folder = _normal(_relative(root, Path(exc.filename)))
    files.refused[folder] = f"folder cannot be read: {exc.strerror or exc}; its files are not checked"


def _add(root: Path, disk: str, link: bool, rel: str, files: ProjectFiles, found: list[str]) -> None:
    """Register a file; a second spelling of a taken name is kept under its own spelling."""
    if rel in files.disk_paths:
        spelled = _relative(root, disk)
        files.spelling_clashes.append((rel, spelled))
        rel = spelled
    files.disk_paths[rel] = disk
    if link and os.path.exists(disk) and not _within(root, disk):
        files.outside.add(rel)
    found.append(rel)


def _within(root: Path, disk: Path | str) -> bool:
    """Whether `disk`, every symbolic link in it followed, is inside the (resolved) root.

    `os.path.realpath` rather than `Path.resolve`, which raises on a symbolic link loop.
    """
    return Path(os.path.realpath(disk)).is_relative_to(root)


def _utf8(name: str) -> bool:
    """Whether a file name decoded from the file system is real text: bytes that are not
    UTF-8 come back as lone surrogates, which no page, URL or report could hold."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def listing_order(path: str) -> tuple[tuple[int, object], ...]:
    """Where a file's path falls in the walk's order (`_walk`): folder by folder, each
    folder's files before its sub-folders'. For a page an editor has open but that is
    not on disk yet, placed where the walk will find it once it is saved."""
    *folders, name = path.split("/")
    return (*((1, folder) for folder in folders), (0, _nfc_spelling_first(name)))


def _nfc_spelling_first(name: str) -> tuple[str, bool, str]:
    """Sort by normalised name, the NFC spelling before others, so it keeps the NFC key."""
    normal = _normal(name)
    return normal, name != normal, name


def is_skipped(rel: str, name: str, skipped: set[str]) -> bool:
    if name.startswith("."):
        return True
    return any(rel == pattern.strip("/") or fnmatch.fnmatchcase(rel, pattern) for pattern in skipped)


def template_folders(root: Path, content_dir: str, configured: bool = False) -> tuple[str, ...]:
    """The vault's template folders, from the project root.

    The folders Obsidian's Templates core plugin and the Templater plugin read from, as
    their settings name them (in `.obsidian/` at the project root or in the content
    folder, each relative to its own vault); without such settings, and unless the
    config names template folders (`configured`), a top-level folder of the content
    folder named `Templates`, `templates` or `_templates`.
    """
    content = "" if content_dir == "." else content_dir + "/"
    folders = []
    for vault in dict.fromkeys(("", content)):
        for settings, key in _OBSIDIAN_TEMPLATE_SETTINGS:
            try:
                value = json.loads((root / vault / settings).read_text(encoding="utf-8")).get(key)
            except (OSError, ValueError, AttributeError):
                continue
            if isinstance(value, str) and value.strip("/ "):
                folders.append(_normal(vault + value.strip("/ ")))
    if not folders and not configured:
        folders = [content + name for name in _DEFAULT_TEMPLATE_FOLDERS if (root / content / name).is_dir()]
    return tuple(dict.fromkeys(folders))


def _inside(rel: str, folder: str) -> bool:
    return rel == folder or rel.startswith(folder + "/")


def _relative(root: Path, path: Path | str) -> str:
    return Path(path).relative_to(root).as_posix()


def _join(rel_dir: str, name: str) -> str:
    return name if rel_dir == "." else f"{rel_dir}/{name}"


def _normal(rel: str) -> str:
    return unicodedata.normalize("NFC", rel)
