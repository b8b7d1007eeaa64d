"""Which site file each page, document, attachment, folder and generated page becomes.

One object answers "where is X in the site" for the whole build, so a link, a backlink,
a breadcrumb and the sitemap can never disagree about a URL.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from ..anchors import slugify
from ..config import Config
from ..outputs import attachment_output, fragment_url, page_output, relative_url, source_output, stem_output
from ..project import ProjectFiles
from ..resolve import Target

STATIC_DIR = "_static"
GENERATED = {
    "all": "all-pages",
    "tags": "tags/index",
    "report": "broken-links",
    "search": "search",
}
"""Generated pages by role, as page names (see `stem_output`)."""


class Layout:
    """Site files of everything the build writes, by source path or generated name."""

    def __init__(self, config: Config, files: ProjectFiles) -> None:
        self.urls = config.site.urls
        self.base_url = config.site.url
        self._content = config.content_dir
        self.pages = {path: page_output(path, self._content, self.urls) for path in files.pages}
        self.sources = {path: source_output(path, self.urls) for path in files.sources}
        self.attachments = {path: attachment_output(path, self._content) for path in files.attachments}
        self.folder_notes = _folder_notes(files.folders, self.pages)
        self.home_page = next((path for path, out in self.pages.items() if out == "index.html"), None)

    def generated(self, role: str) -> str:
        """Site file of a generated page: "all", "tags", "report", "search", "home", "404"."""
        if role == "home":
            return "index.html"
        if role == "404":
            return "404.html"
        return stem_output(GENERATED[role], self.urls)

    def tag(self, tag: str) -> str:
        return stem_output("tags/" + tag_slug(tag), self.urls)

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
        return self.folder(target.path)

    def static(self, name: str) -> str:
        return f"{STATIC_DIR}/{name}"

    def href(self, from_file: str, to_file: str, fragment: str = "") -> str:
        """A relative URL; a link to the page it is on is just its fragment."""
        if to_file == from_file and fragment:
            return fragment_url(fragment)
        return relative_url(from_file, to_file, self.urls, fragment)

    def root(self, from_file: str) -> str:
        """The URL of the site's root folder from `from_file` (`./`, `../../`)."""
        depth = from_file.count("/")
        return "../" * depth if depth else "./"


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


def tag_slug(tag: str) -> str:
    """`Client Success` → `client-success`; nested tags keep their levels (`a/b`)."""
    parts = [slugify(part) or "tag" for part in tag.strip("/").split("/")]
    return posixpath.join(*parts) if parts else "tag"
