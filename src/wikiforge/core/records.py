"""The picklable records the per-page stage produces and every later stage reads.

Everything here is a frozen dataclass of plain values, so a page record can cross a
process boundary or be cached by content hash without the code that made it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from .diagnostic import Span
from .pickling import ByFields


def content_hash(data: bytes) -> str:
    """The hash of a file's bytes, which a record is made from: the record cache keys
    records by it, and a build tells an unchanged record by it without hashing the record."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class Link(ByFields):
    """A reference from a page to something: wikilink, embed or Markdown link.

    `target` is the path or name as written (no anchor, no label); it is empty for a
    same-page link such as `[[#Heading]]`. `anchor` is the text after the first `#`
    (`H1#H2` for nested headings, `^id` for a block), or None when there is no `#`.
    `origin` says whether the link sits in the body or in a frontmatter value.
    """

    kind: str  # "wikilink" | "embed" | "markdown"
    target: str
    anchor: str | None
    label: str | None
    span: Span
    origin: str = "body"  # "body" | "frontmatter"

    @property
    def is_empty(self) -> bool:
        """`[[]]`, `[[|label]]`, `[[#]]`, `[text]()`: nothing to point at."""
        return not self.target and not (self.anchor or "").strip()

    @property
    def text(self) -> str:
        """The link as a reader would quote it in a message."""
        if self.kind == "markdown":
            return f"({self.target}{'#' + self.anchor if self.anchor is not None else ''})"
        anchor = f"#{self.anchor}" if self.anchor is not None else ""
        return f"{'!' if self.kind == 'embed' else ''}[[{self.target}{anchor}]]"


@dataclass(frozen=True, slots=True)
class Heading(ByFields):
    """A heading with its plain text (formatting stripped) and level.

    `source` is its text as written (`_definition:_ group`): Obsidian writes and follows
    heading links by that, with its punctuation as spaces (`#_definition _ group`).
    """

    level: int
    text: str
    span: Span
    source: str = ""


@dataclass(frozen=True, slots=True)
class BlockId(ByFields):
    """An Obsidian block id (`^id`) that `[[page#^id]]` may point at."""

    id: str
    span: Span


@dataclass(frozen=True, slots=True)
class Placeholder(ByFields):
    """Leftover placeholder text such as TODO, `{{client_name}}` or an orphan `[1]`."""

    kind: str
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class SourceRef(ByFields):
    """One `source_docs` entry and where it is written."""

    path: str
    span: Span


@dataclass(frozen=True, slots=True)
class BaseBlock(ByFields):
    """A ```` ```base ```` block: an Obsidian base written in the page. `text` is the
    block's YAML, whose first line is file line `line` and whose columns start after
    `indent` characters (a block in a list item is indented); `span` is the whole block,
    fences included."""

    text: str
    line: int
    indent: int
    span: Span


@dataclass(frozen=True, slots=True)
class Problem(ByFields):
    """A per-page problem found while reading or parsing (unreadable file, bad YAML)."""

    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class Suppression(ByFields):
    """A request not to report some findings: an inline `wikiforge-disable…` comment or
    an entry of the frontmatter key `wikiforge: {ignore: [...]}`.

    `scope` is "next-line" (applies to `line`), "rest" (from `line` to the end of the
    file, and to findings about the page as a whole) or "file" (the whole page). `codes`
    holds rule codes or names as written; empty means every rule. `span` is where the
    suppression itself is written, so an unused one can be reported there.
    """

    scope: str
    codes: tuple[str, ...]
    line: int
    span: Span


@dataclass(frozen=True, slots=True)
class RenderedBody(ByFields):
    """A page body rendered to HTML before anything about other pages is known.

    Every link to a local file is left as a slot, `<!--wf:KINDn-->` where n indexes the
    record's `links`: `w` a whole wikilink or embed, `i` a whole image, `a`/`c` the
    opening/closing tag of a Markdown link, and `q` the record's base block n (`bases`);
    the site builder fills them in once links are resolved and bases evaluated.
    `sections` (one per heading, by index) and `blocks` (block id → range) are
    character ranges of `html` that embeds transclude. `contexts` holds, per link,
    the sentence it sits in, for backlinks. `lead_end` is where a leading `# Title` ends
    (0 if the body does not start with a level-1 heading), so a page can show its title
    once. `raw_html` says the page holds HTML of its own (already sanitised unless
    trusted).
    """

    html: str
    heading_ids: tuple[str, ...]
    sections: tuple[tuple[int, int], ...]
    blocks: tuple[tuple[str, int, int], ...]
    contexts: tuple[str, ...]
    lead_end: int = 0
    raw_html: bool = False

    def block(self, block_id: str) -> tuple[int, int] | None:
        return next(((start, end) for found, start, end in self.blocks if found == block_id), None)


@dataclass(frozen=True, slots=True)
class SearchText(ByFields):
    """What full-text search reads of a page, made with its rendered body.

    `words` is the body as a reader sees it (no markup, a wikilink as its label or its
    target as written, no leading title), words separated by one space, so a browser
    splitting on spaces finds the very words the index counted. `headings` says where
    the body's headings start: (word index, heading number in the record), so a
    result can link to the section its excerpt is in. `terms` are the page's search
    terms with their weights (`parse.search_terms`), made here, on every core, rather
    than in the build."""

    words: str
    headings: tuple[tuple[int, int], ...]
    terms: tuple[tuple[str, int], ...]


Anchors = tuple[tuple[tuple[int, str, str], ...], tuple[str, ...]]
"""What anchors into a page are judged by: its headings' (level, text, text as written),
and its block ids; not where they are written (an edit above a heading moves it)."""


@dataclass(frozen=True, slots=True)
class PageRecord(ByFields):
    """Everything wikiforge knows about one file after the per-page stage.

    `role` is "page" for files under the content folder and "source" for Markdown
    documents under the sources folder (parsed for their headings only).
    """

    path: str
    role: str
    title: str
    title_span: Span
    title_is_explicit: bool
    read_error: Problem | None = None
    frontmatter_error: Problem | None = None
    frontmatter: dict[str, Any] = field(default_factory=dict)
    field_spans: dict[str, Span] = field(default_factory=dict)
    links: tuple[Link, ...] = ()
    headings: tuple[Heading, ...] = ()
    block_ids: tuple[BlockId, ...] = ()
    placeholders: tuple[Placeholder, ...] = ()
    source_docs: tuple[SourceRef, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    body: RenderedBody | None = None
    bases: tuple[BaseBlock, ...] = ()
    inline_tags: tuple[str, ...] = ()
    """`#tags` written in the body, in order (`tags` are the frontmatter's)."""
    made_from: str = ""
    """`content_hash` of the bytes parsed, or "" for a file never read: with the path,
    the parse options and the code, it decides everything else here."""
    search: SearchText | None = None
    """What full-text search indexes of the page; made with `body`."""

    @classmethod
    def unreadable(cls, path: str, role: str, why: str) -> PageRecord:
        """The record of a file whose text could not be had; `why` completes "file …"."""
        title = PurePosixPath(path).stem
        return cls(path, role, title, Span.point(1), False, read_error=Problem(f"file {why}", Span.point(1)))

    @property
    def page_type(self) -> str | None:
        value = self.frontmatter.get("type")
        return value if isinstance(value, str) else None

    @property
    def anchors(self) -> Anchors:
        return tuple((h.level, h.text, h.source) for h in self.headings), tuple(b.id for b in self.block_ids)

    def field_span(self, key: str) -> Span:
        """Where a frontmatter key's value is written, or line 1 if it is absent.

        A dotted key (`okrs.0.key_results.1`) names an item inside a value; when that
        item has no position of its own, the nearest enclosing one is used.
        """
        while key not in self.field_spans and "." in key:
            key = key.rsplit(".", 1)[0]
        return self.field_spans.get(key, Span.point(1))
