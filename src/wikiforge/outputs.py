"""Where each source file lands in the built site (pretty URLs, DESIGN §5).

`wiki/knowledge/okr.md` is served at `knowledge/okr/` (the content folder's name is
dropped), an `index.md` is its folder's page, attachments keep their path, and a source
document gets a rendered copy under its own folder name. Lint uses this to refuse two
files that would write one output; the site builder uses it to write them.
"""

from __future__ import annotations

import posixpath


def page_output(path: str, content_dir: str) -> str:
    """Site file of a page: `wiki/a/b.md` → `a/b/index.html`, `wiki/a/index.md` → `a/index.html`."""
    stem = _inside(path, content_dir).removesuffix(".md")
    if posixpath.basename(stem) == "index":
        return stem + ".html"
    return stem + "/index.html"


def attachment_output(path: str, content_dir: str) -> str:
    """Site file of an attachment (an image, a PDF): its path inside the content folder."""
    return _inside(path, content_dir)


def source_output(path: str) -> str:
    """Site file of a source document: a rendered page for Markdown, else a copy."""
    return path.removesuffix(".md") + "/index.html" if path.endswith(".md") else path


def _inside(path: str, content_dir: str) -> str:
    if content_dir == ".":
        return path
    return path.removeprefix(content_dir + "/")
