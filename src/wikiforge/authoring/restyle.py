"""How a link names a file once the file (or the page the link is on) has moved.

A link keeps the style it was written in: a bare name stays a bare name (`[[okr]]` →
`[[objectives]]`), a path from the root or the content folder stays one, a relative path
(`./x`, `../x`, or a Markdown link the resolver found beside its page) is made relative
to where the linking page now is, a leading `/` stays, and so does a written `.md`. When
that style no longer reaches the file alone (a bare name another file now shares), the
next more specific form is tried: the shortest path suffix that is unique, then the path
from the content folder, then from the root. Every candidate is checked with the
resolver of the wiki after the move, so a rewritten link never lands anywhere else.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..resolve.resolver import normal_name


@dataclass(frozen=True, slots=True)
class Written:
    """A link's target as written, and where it pointed and points now."""

    target: str
    kind: str  # "wikilink" | "embed" | "markdown" | "source"
    old_target: str
    """The file (or folder) it reached, before the move."""
    new_target: str
    old_page: str
    new_page: str


def restyled(written: Written, content_dir: str, reaches: Callable[[str], bool]) -> str | None:
    """The target to write instead, in the link's style; `reaches(candidate)` says whether
    a candidate leads to `written.new_target` alone in the wiki after the move. None when
    no form does (a file that only a path outside the project could name)."""
    for candidate in _candidates(written, content_dir):
        if candidate and reaches(candidate):
            return candidate
    return None


def _candidates(written: Written, content_dir: str) -> Iterator[str]:
    """Forms of the new target, the link's own style first, more specific ones after."""
    text = normal_name(written.target)
    folder = text.endswith("/")
    keep_md = not folder and text.casefold().endswith(".md") and written.new_target.endswith(".md")
    old_name = _named(written.old_target, keep_md or not written.old_target.endswith(".md"))
    new_name = _named(written.new_target, keep_md or not written.new_target.endswith(".md"))
    trail = "/" if folder else ""
    content = "" if content_dir in (".", "") else content_dir + "/"
    bare = text.rstrip("/")
    if bare.startswith(("./", "../")) or bare in (".", "..") or _written_relative(written, bare, old_name):
        yield _relative(new_name, written.new_page, bare.startswith("./")) + trail
    elif bare.startswith("/"):
        rooted = old_name.startswith(content) and _same(bare[1:], old_name.removeprefix(content))
        yield "/" + (new_name.removeprefix(content) if rooted and new_name.startswith(content) else new_name) + trail
    elif "/" in bare:
        if _same(bare, old_name):
            yield new_name + trail
        elif content and _same(bare, old_name.removeprefix(content)) and new_name.startswith(content):
            yield new_name.removeprefix(content) + trail
        yield from (suffix + trail for suffix in _suffixes(new_name, min_parts=bare.count("/") + 1))
    yield from (suffix + trail for suffix in _suffixes(new_name, min_parts=1))
    if content and new_name.startswith(content):
        yield new_name.removeprefix(content) + trail
    yield new_name + trail


def _named(path: str, keep_extension: bool) -> str:
    """A file's path as links name it: a page without `.md`, unless the link wrote it."""
    return path if keep_extension else path.removesuffix(".md")


def _same(written: str, path: str) -> bool:
    """Whether a written path names `path` (case aside: a link that differs only in case
    found its file too, and keeps being a path of that kind)."""
    return posixpath.normpath(written).casefold() == path.casefold()


def _written_relative(written: Written, text: str, old_name: str) -> bool:
    """Whether a Markdown link (which the resolver reads relative to its page first)
    reached its file that way, rather than as a path from the root or a name."""
    if written.kind != "markdown" or text.startswith("/"):
        return False
    folder = posixpath.dirname(written.old_page)
    return _same(posixpath.join(folder, text) if folder else text, old_name)


def _relative(name: str, page: str, dotted: bool) -> str:
    """`name` relative to the folder `page` is in, with a leading `./` when the link had one."""
    path = posixpath.relpath(name, posixpath.dirname(page) or ".")
    return "./" + path if dotted and not path.startswith("../") else path


def _suffixes(name: str, min_parts: int) -> Iterator[str]:
    """The path suffixes of `name` of at least `min_parts` segments, shortest first."""
    parts = name.split("/")
    for count in range(max(min_parts, 1), len(parts) + 1):
        yield "/".join(parts[-count:])
