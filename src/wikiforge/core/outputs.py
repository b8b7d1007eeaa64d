"""Where each source file lands in the built site, and the URLs between site files.

`wiki/knowledge/okr.md` is served at `knowledge/okr/` (the content folder's name is
dropped), an `index.md` is its folder's page, attachments keep their path, and a source
document gets a rendered copy under its own folder name. With `urls="files"` a page is
`knowledge/okr.html` instead, so the site opens from the file system, where a folder URL
does not open its `index.html`. Lint uses this to refuse two files that would write one
output (`WikiOutputs.collisions`, with the URL style the build will use); the site builder
uses the same outputs to write them and to link them.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from .files import ProjectFiles

_PATH_SAFE = "/.-_~!$&'()*+,;=:@"
ACTIVE_TYPES = frozenset({"html", "htm", "xhtml", "xht", "shtml", "xml", "xsl", "xslt", "js", "mjs"})
"""File types a browser runs script from when the site serves them: a page, a script, or
XML that may hold XHTML. Unless `[site] trust_html`, they are not published (WF306)."""


def is_active(path: str) -> bool:
    """Whether the file at `path` is one a browser would run script from (`ACTIVE_TYPES`)."""
    return posixpath.splitext(path)[1].lower().lstrip(".") in ACTIVE_TYPES


def stem_output(stem: str, urls: str = "pretty") -> str:
    """Site file of a page named `stem` (its path without `.md`, or a generated page's
    name such as `tags/okr`): `a/b` → `a/b/index.html` (pretty) or `a/b.html` (files);
    `a/index` → `a/index.html` either way."""
    if posixpath.basename(stem) == "index" or urls == "files":
        return stem + ".html"
    return stem + "/index.html"


@lru_cache(maxsize=1 << 16)
def page_output(path: str, content_dir: str, urls: str = "pretty") -> str:
    """Site file of a page: `wiki/a/b.md` → `a/b/index.html`, `wiki/a/index.md` → `a/index.html`.
    Remembered: lint, layout and `serve` ask for every page's on every run."""
    return stem_output(_inside(path, content_dir).removesuffix(".md"), urls)


def attachment_output(path: str, content_dir: str, urls: str = "pretty") -> str:
    """Site file of an attachment (an image, a PDF): its path inside the content folder.
    An Obsidian base (`x.base`) is shown as a page instead, named with its suffix
    (`x.base/`), so it never takes the address of a note `x.md` beside it."""
    if path.lower().endswith(".base"):
        return stem_output(_inside(path, content_dir), urls)
    return _inside(path, content_dir)


def source_output(path: str, urls: str = "pretty") -> str:
    """Site file of a source document: a rendered page for Markdown, else a copy."""
    return stem_output(path.removesuffix(".md"), urls) if path.endswith(".md") else path


def site_key(output: str) -> str:
    """The name under which a file system may take two site files for one: case and
    Unicode normalisation ignored (`Café.md`, `café.md` and its decomposed spelling are
    one file on macOS and Windows). Lint, layout and writer compare site files by it.
    An ASCII name, the usual one, is only lowered: normalising it changes nothing."""
    if output.isascii():
        return output.lower()
    return unicodedata.normalize("NFC", output).casefold()


@dataclass(frozen=True)
class WikiOutputs:
    """The site file of every page, source document and attachment of the project."""

    pages: dict[str, str]
    sources: dict[str, str]
    attachments: dict[str, str]

    @classmethod
    def of(cls, files: ProjectFiles, content_dir: str, urls: str) -> WikiOutputs:
        return cls(
            {path: page_output(path, content_dir, urls) for path in files.pages},
            {path: source_output(path, urls) for path in files.sources},
            {path: attachment_output(path, content_dir, urls) for path in files.attachments},
        )

    def collisions(self) -> list[list[tuple[str, str]]]:
        """Groups of (file, site file) that would write one site file, in file order."""
        writers: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for outputs in (self.pages, self.attachments, self.sources):
            for path, output in outputs.items():
                writers[site_key(output)].append((path, output))
        return [group for group in writers.values() if len(group) > 1]

    def all(self) -> Iterable[str]:
        return (*self.pages.values(), *self.sources.values(), *self.attachments.values())


@lru_cache(maxsize=1 << 16)
def relative_url(from_file: str, to_file: str, urls: str = "pretty", fragment: str = "") -> str:
    """The URL that leads from the site file `from_file` to `to_file`, relative, so the
    site works under any sub-path. Pretty URLs end at the folder (`../okr/`), never at
    `index.html`; file URLs name the file, which is what a file system needs.

    Remembered: a page links to the same few pages again and again (a page of 100,000
    links spent two seconds working out its hundred URLs)."""
    if urls == "pretty" and (to_file == "index.html" or to_file.endswith("/index.html")):
        url = _relative(from_file, to_file[: -len("index.html")])
        url = url or "./"
    else:
        url = _relative(from_file, to_file)
    url = safe_relative(quote(url, safe=_PATH_SAFE))
    return url + fragment_url(fragment) if fragment else url


def safe_relative(url: str) -> str:
    """`url` (a relative URL) with `./` before it when its first segment holds a colon:
    a page `javascript:alert(1).md` is at `javascript:alert(1)/`, which a browser would
    read as a `javascript:` URL; `./javascript:alert(1)/` is the page."""
    return "./" + url if ":" in url.partition("/")[0] else url


def site_path(site_file: str, urls: str = "pretty") -> str:
    """A site file's URL path from the site root, escaped: `a%20b/` for `a b/index.html`."""
    if urls == "pretty" and (site_file == "index.html" or site_file.endswith("/index.html")):
        site_file = site_file[: -len("index.html")]
    return quote(site_file, safe=_PATH_SAFE)


def _relative(from_file: str, to: str) -> str:
    """`to` (a site path; a folder ends in `/`) relative to the folder of `from_file`.

    Plain string work on site paths, which are already normalised: `posixpath.relpath`
    asks the operating system for the current folder on every call.
    """
    start = from_file.split("/")[:-1]
    parts = to.split("/")
    common = 0
    while common < min(len(start), len(parts) - 1) and start[common] == parts[common]:
        common += 1
    return "../" * (len(start) - common) + "/".join(parts[common:])


def fragment_url(fragment: str) -> str:
    """`#fragment`, escaped as a URL needs (a block id keeps its `^`)."""
    return "#" + quote(fragment, safe="/-_~!$&()*+,;=:@^")


def _inside(path: str, content_dir: str) -> str:
    if content_dir == ".":
        return path
    return path.removeprefix(content_dir + "/")
