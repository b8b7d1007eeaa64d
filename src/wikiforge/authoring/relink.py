"""Rewrite the targets of links in a page's text, byte for byte everywhere else.

A `Rewrite` names a link by where the check found it and the target it wrote; before
anything changes, the text at that place is read again and must still hold that link
(the file may have changed since it was parsed). Only the target's characters change:
in a wikilink or embed the text before `#` or `|` (located by the `--fix` machinery,
`lint/fixes.py`, which also checks the link reads back as meant); in a Markdown link the
destination's path, URL-encoded as the link was (or inside `<…>` as it was), its
`#fragment` and title kept; in a `source_docs` entry the path inside the YAML scalar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, unquote

from ..core.diagnostic import Fix, Span
from ..lint.fixes import line_bounds, locate_fix
from ..parse.markdown.slugs import slugify

# `](dest)` or `](dest "title")` closing a Markdown link: dest in <…>, or without spaces.
_DESTINATION = re.compile(r"\]\(\s*(<[^<>\n]*>|[^\s<]*?)(\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)\Z")
_URL_SAFE = "/!$&'*+,;=:@-._~"


@dataclass(frozen=True, slots=True)
class Rewrite:
    """Change the target `old` of the link written at `span` on `page` to `new`."""

    page: str
    kind: str  # "wikilink" | "embed" | "markdown" | "source"
    span: Span
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace `text[start:end]` with `new`."""

    start: int
    end: int
    new: str


def plan_edits(text: str, rewrites: Iterable[Rewrite]) -> tuple[list[TextEdit], list[Rewrite]]:
    """The edits that make `rewrites` in `text` (BOM removed), in text order, and the
    rewrites that could not be made: the link is no longer where it was, or the new
    target would not read back as written."""
    bounds = line_bounds(text)
    edits: list[TextEdit] = []
    failed: list[Rewrite] = []
    for rewrite in rewrites:
        edit = _edit(text, bounds, rewrite)
        if edit is None or any(edit.start < other.end and other.start < edit.end for other in edits):
            failed.append(rewrite)
        else:
            edits.append(edit)
    return sorted(edits, key=lambda e: e.start), failed


def apply_edits(text: str, edits: Sequence[TextEdit]) -> str:
    """`text` with non-overlapping `edits` made (from the end, so offsets stay valid)."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.new + text[edit.end :]
    return text


def anchor_edit(text: str, kind: str, span: Span, new: str) -> TextEdit | None:
    """The edit that makes the link at `span` name the heading `new` instead: in a
    wikilink, the last `#` part of its anchor (`[[Page#A#Old|x]]` → `[[Page#A#New|x]]`);
    in a Markdown link, its fragment, as the heading's id. None when the link is not
    there or `new` cannot be written in it."""
    located = _offsets(line_bounds(text), span)
    if located is None or not new.strip() or any(c in new for c in "\n\r#|[]^"):
        return None
    start, end = located
    link = text[start:end]
    if kind == "markdown":
        hash_mark = link.rfind("#")
        close = link.rfind(")")
        if hash_mark < 0 or close < hash_mark:
            return None
        fragment_end = hash_mark + 1 + len(re.split(r"[\s)]", link[hash_mark + 1 :], maxsplit=1)[0])
        return TextEdit(start + hash_mark + 1, start + fragment_end, slugify(new))
    opener = 3 if link.startswith("![[") else 2
    core = link[opener:-2].partition("|")[0].removesuffix("\\")
    last = core.rfind("#")
    if last < 0:
        return None
    segment = core[last + 1 :]
    lead = len(segment) - len(segment.lstrip())
    at = start + opener + last + 1 + lead
    return TextEdit(at, at + len(segment.strip()), new.strip())


def _edit(text: str, bounds: tuple[list[int], list[int]], rewrite: Rewrite) -> TextEdit | None:
    if rewrite.kind in ("wikilink", "embed"):
        found = locate_fix(text, *bounds, Fix(rewrite.span, rewrite.old, rewrite.new))
        return TextEdit(found.target_start, found.target_end, rewrite.new) if found is not None else None
    located = _offsets(bounds, rewrite.span)
    if located is None:
        return None
    start, end = located
    if rewrite.kind == "markdown":
        return _markdown_edit(text, start, end, rewrite)
    return _scalar_edit(text, start, end, rewrite)


def _offsets(bounds: tuple[list[int], list[int]], span: Span) -> tuple[int, int] | None:
    """The text offsets of a one-line span, or None if it is not inside the text."""
    starts, ends = bounds
    if span.line != span.end_line or not 1 <= span.line <= len(starts) or span.column < 1:
        return None
    start = starts[span.line - 1] + span.column - 1
    end = starts[span.line - 1] + span.end_column - 1
    return (start, end) if start < end <= ends[span.line - 1] else None


def _markdown_edit(text: str, start: int, end: int, rewrite: Rewrite) -> TextEdit | None:
    """The edit of a Markdown link's destination path, if the span still holds a link
    whose decoded path is `rewrite.old`."""
    link = text[start:end]
    for opener in (m.start() for m in re.finditer(r"\]\(", link)):
        match = _DESTINATION.match(link, opener)
        if match is None:
            continue
        raw = match.group(1)
        bracketed = raw.startswith("<")
        inner = raw[1:-1] if bracketed else raw
        path = re.split(r"[#?]", inner, maxsplit=1)[0]
        if unquote(path) != rewrite.old or any(c in rewrite.new for c in "\n\r<>"):
            continue
        written = rewrite.new.replace("#", "%23").replace("?", "%3F") if bracketed else quote(rewrite.new, _URL_SAFE)
        at = start + match.start(1) + (1 if bracketed else 0)
        return TextEdit(at, at + len(path), written)
    return None


def _scalar_edit(text: str, start: int, end: int, rewrite: Rewrite) -> TextEdit | None:
    """The edit of a `source_docs` path in its YAML scalar, when the scalar holds it
    exactly once and the new path needs no quoting that the old one did not have."""
    scalar = text[start:end]
    if scalar.count(rewrite.old) != 1 or any(c in rewrite.new for c in "\n\r\"'\\"):
        return None
    if scalar[:1] not in ("'", '"') and (rewrite.new[:1] in "!&*?|>%@`#[]{},-" or ": " in rewrite.new):
        return None  # plain YAML that would read as something else
    at = start + scalar.index(rewrite.old)
    return TextEdit(at, at + len(rewrite.old), rewrite.new)
