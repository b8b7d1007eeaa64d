"""Find a project's files: pages, source documents, attachments and folders.

Paths are relative to the project root, `/`-separated and NFC-normalised, so a name typed
on macOS (NFD) and one typed on Linux (NFC) are the same name. Hidden folders (`.git`,
`.obsidian`, `.trash`), configured excludes and the site's output folder are skipped.

Notes in the vault's template folder are templates, kept apart from pages: they are meant
to hold `{{title}}` and `<% %>`, so they are neither checked nor built, but a link to
one still reaches it, as in Obsidian.
"""

from __future__ import annotations

import fnmatch
import json
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config

_OBSIDIAN_TEMPLATE_SETTINGS = (
    (".obsidian/templates.json", "folder"),
    (".obsidian/plugins/templater-obsidian/data.json", "templates_folder"),
)
_DEFAULT_TEMPLATE_FOLDERS = ("Templates", "templates", "_templates")
_ROOT_ONLY_SKIPS = ("site", "node_modules", ".wikiforge_cache")


@dataclass
class ProjectFiles:
    """Every file and folder wikiforge knows about, by normalised relative path."""

    pages: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    disk_paths: dict[str, Path] = field(default_factory=dict)
    outside: set[str] = field(default_factory=set)
    spelling_clashes: list[tuple[str, str]] = field(default_factory=list)


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
    base = root / start
    root_skips = {*_ROOT_ONLY_SKIPS, site}
    if not base.is_dir():
        return []
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(base):
        rel_dir = _relative(root, Path(dirpath))
        dirnames[:] = sorted(
            d for d in dirnames if not _skip(_join(rel_dir, d), d, skipped) and not (rel_dir == "." and d in root_skips)
        )
        for d in dirnames:
            files.folders.append(_normal(_join(rel_dir, d)))
        for name in sorted(filenames, key=_nfc_spelling_first):
            rel = _join(rel_dir, name)
            if _skip(rel, name, skipped):
                continue
            _add(root, Path(dirpath) / name, _normal(rel), files, found)
    return found


def _add(root: Path, disk: Path, rel: str, files: ProjectFiles, found: list[str]) -> None:
    """Register a file; a second spelling of a taken name is kept under its own spelling."""
    if rel in files.disk_paths:
        spelled = _relative(root, disk)
        files.spelling_clashes.append((rel, spelled))
        rel = spelled
    files.disk_paths[rel] = disk
    if disk.is_symlink():
        target = disk.resolve()
        if target.exists() and not target.is_relative_to(root):
            files.outside.add(rel)
    found.append(rel)


def _nfc_spelling_first(name: str) -> tuple[str, bool, str]:
    """Sort by normalised name, the NFC spelling before others, so it keeps the NFC key."""
    normal = _normal(name)
    return normal, name != normal, name


def _skip(rel: str, name: str, skipped: set[str]) -> bool:
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


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _join(rel_dir: str, name: str) -> str:
    return name if rel_dir == "." else f"{rel_dir}/{name}"


def _normal(rel: str) -> str:
    return unicodedata.normalize("NFC", rel)
