"""Which site file each page, document, attachment, folder and generated page becomes.

One object answers "where is X in the site" for the whole build, so a link, a backlink,
a breadcrumb and the sitemap can never disagree about a URL. The wiki's own files keep
the addresses their names give them; generated pages (search, the graph, tags, all
pages, the link report, the client tiers) and the theme's static folder take their
usual names unless a page or file of the wiki already has one, and then the first free
`name-1`, `name-2`…, so both stay reachable.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from ..config.settings import Config
from ..core.files import ProjectFiles
from ..core.outputs import (
    WikiOutputs,
    fragment_url,
    is_active,
    relative_url,
    site_key,
    site_path,
    stem_output,
)
from ..resolve.resolver import Target
from ..tiers import OWNERS_PAGE, PAGES_FOLDER, REVIEW_PAGE

_GENERATED = {"all": "all-pages", "report": "broken-links", "search": "search", "graph": "graph"}
"""Generated single pages by role, as page names (see `stem_output`)."""
_TAG_CHARACTERS = re.compile(r"[^\w+-]")
TIERS_TITLE = "Client tiers"
"""The tiers overview's title: its heading, its place in the navigation, and the text of a
`[[tiers]]` link without a label."""
OWNERS_TITLE = "Account owners"
"""The owners page's title, and the text of a `[[tiers/owners]]` link without a label."""
REVIEW_TITLE = "Tier review"
"""The review page's title (with its quarter), and the text of a `[[tiers/review]]` link."""
_TIER_TARGET = re.compile(rf"^{PAGES_FOLDER}/tier-([1-9][0-9]*)$")
"""A `generated` link target naming one tier's page (`tiers/tier-2`), whatever the tier
is called; `PAGES_FOLDER` itself names the overview."""


class Layout:
    """Site files of everything the build writes, by source path or generated name."""

    def __init__(self, config: Config, files: ProjectFiles, tags: Iterable[str] = ()) -> None:
        self.urls = config.site.urls
        self.base_url = config.site.url
        self._content = config.content_dir
        self.unpublished = frozenset(
            () if config.site.trust_html else (p for p in (*files.attachments, *files.sources) if is_active(p))
        )
        """Files a browser would run as pages or scripts, kept out of the site (WF306);
        they keep their names below, so nothing else takes their address."""
        outputs = WikiOutputs.of(files, self._content, self.urls)
        self.pages, self.sources, self.attachments = outputs.pages, outputs.sources, outputs.attachments
        self.folder_notes = _folder_notes(files.folders, self.pages)
        self.home_page = next((path for path, out in self.pages.items() if out == "index.html"), None)
        taken = {*outputs.all(), *(self.folder(f) for f in files.folders)}
        self._taken = {site_key(out) for out in taken}
        self._taken_dirs = {site_key(d) for d in _folders_of(taken)}
        self._generated = {role: self._free_page(stem) for role, stem in _GENERATED.items()}
        self._generated["404"] = self._free_file("404.html")
        self.tags_dir = self._free_dir("tags")
        self.tiers_dir = self._free_dir(PAGES_FOLDER)
        self.static_dir = self._free_dir("_static")
        self._tag_slugs = _tag_slugs(tags)

    def generated(self, role: str) -> str:
        """Site file of a generated page: "all", "tags", "tiers", "owners", "review", "report",
        "search", "graph", "home", "404"."""
        if role == "home":
            return "index.html"
        if role == "tags":
            return f"{self.tags_dir}/index.html"
        if role == "tiers":
            return f"{self.tiers_dir}/index.html"
        if role == "owners":
            return f"{self.tiers_dir}/owners/index.html"
        if role == "review":
            return f"{self.tiers_dir}/review/index.html"
        return self._generated[role]

    def tag(self, tag: str) -> str:
        """Site file of a tag's page; tags differing only in case share it."""
        slug = self._tag_slugs.get(tag.casefold()) or tag_slug(tag)
        return stem_output(f"{self.tags_dir}/{slug}/index", self.urls)

    def tier(self, number: int) -> str:
        """Site file of a tier's page, named by its number so renaming a tier in the
        config keeps its address."""
        return stem_output(f"{self.tiers_dir}/tier-{number}/index", self.urls)

    def owner(self, slug: str) -> str:
        """Site file of one owner's page, beside the owners page (`owner_index` makes
        the slugs, one per owner)."""
        return stem_output(f"{self.tiers_dir}/owners/{slug}/index", self.urls)

    def folder(self, folder: str) -> str:
        """Site file of a folder's page (the folder note's, when it has one)."""
        note = self.folder_notes.get(folder)
        if note is not None:
            return self.pages[note]
        inside = folder
        if self._content != ".":
            if folder == self._content:
                return "index.html"
            inside = folder.removeprefix(self._content + "/")
        return stem_output(inside + "/index", self.urls)

    def target(self, target: Target) -> str:
        """Site file of whatever a link resolved to."""
        if target.kind == "page":
            return self.pages[target.path]
        if target.kind == "source":
            return self.sources[target.path]
        if target.kind == "attachment":
            return self.attachments[target.path]
        if target.kind == "generated":
            return self._generated_target(target.path)
        return self.folder(target.path)

    def _generated_target(self, path: str) -> str:
        if path == PAGES_FOLDER:
            return self.generated("tiers")
        if path == OWNERS_PAGE:
            return self.generated("owners")
        if path == REVIEW_PAGE:
            return self.generated("review")
        number = tier_target_number(path)
        if number is None:
            raise ValueError(f"no generated page {path!r}")
        return self.tier(number)

    def static(self, name: str) -> str:
        return f"{self.static_dir}/{name}"

    def href(self, from_file: str, to_file: str, fragment: str = "") -> str:
        """A relative URL; a link to the page it is on is just its fragment."""
        if to_file == from_file and fragment:
            return fragment_url(fragment)
        return relative_url(from_file, to_file, self.urls, fragment)

    def absolute(self, site_file: str) -> str | None:
        """The published URL of a site file, when `[site] url` says where that is."""
        return self.base_url + site_path(site_file, self.urls) if self.base_url else None

    def root(self, from_file: str) -> str:
        """The URL of the site's root folder from `from_file` (`./`, `../../`)."""
        depth = from_file.count("/")
        return "../" * depth if depth else "./"

    def _free_page(self, stem: str) -> str:
        candidate, number = stem, 0
        while site_key(stem_output(candidate, self.urls)) in self._taken:
            number += 1
            candidate = f"{stem}-{number}"
        return stem_output(candidate, self.urls)

    def _free_file(self, name: str) -> str:
        stem, extension = posixpath.splitext(name)
        candidate, number = name, 0
        while site_key(candidate) in self._taken:
            number += 1
            candidate = f"{stem}-{number}{extension}"
        return candidate

    def _free_dir(self, name: str) -> str:
        candidate, number = name, 0
        while site_key(candidate) in self._taken_dirs or site_key(candidate) in self._taken:
            number += 1
            candidate = f"{name}-{number}"
        return candidate


def tier_target_number(path: str) -> int | None:
    """The tier a `generated` target names (`tiers/tier-2` → 2); None for anything else."""
    found = _TIER_TARGET.match(path)
    return int(found.group(1)) if found else None


def _folders_of(site_files: Iterable[str]) -> set[str]:
    """Every folder holding one of `site_files`, however deep (each walked up only until
    a folder already found: 10,000 pages share their upper folders)."""
    folders: set[str] = set()
    for site_file in site_files:
        folder = site_file.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def _folder_notes(folders: Iterable[str], pages: dict[str, str]) -> dict[str, str]:
    """The page that stands for each folder: `folder.md`, `folder/index.md` or
    `folder/README.md`, the order link resolution uses."""
    notes = {}
    for folder in folders:
        for candidate in (f"{folder}.md", f"{folder}/index.md", f"{folder}/README.md"):
            if candidate in pages:
                notes[folder] = candidate
                break
    return notes


def with_parents(tags: Iterable[str]) -> list[str]:
    """Tags and the tags they nest in: `client/acme` is also tagged `client`, as in Obsidian."""
    found: dict[str, None] = {}
    for tag in dict.fromkeys(tags):  # every page's tags, the same few thousand times over
        parts = tag.strip("/").split("/")
        for depth in range(1, len(parts) + 1):
            found.setdefault("/".join(parts[:depth]), None)
    return list(found)


def tag_slug(tag: str) -> str:
    """`Client Success` → `client-success`, `c++` → `c++`; nested tags keep their levels
    (`client/acme`). Never `.` or `..`: a tag cannot name a folder outside the tags."""
    parts = [_TAG_CHARACTERS.sub("", "-".join(part.casefold().split())) for part in tag.strip("/").split("/")]
    return "/".join(part or "tag" for part in parts) or "tag"


def _tag_slugs(tags: Iterable[str]) -> dict[str, str]:
    """A distinct slug per tag (ignoring case): `c#` and `c` both slug to `c`, so the one
    sorted second becomes `c-1`."""
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for key in sorted({tag.casefold() for tag in tags}):
        base = candidate = tag_slug(key)
        number = 0
        while candidate in used:
            number += 1
            candidate = f"{base}-{number}"
        slugs[key] = candidate
        used.add(candidate)
    return slugs
