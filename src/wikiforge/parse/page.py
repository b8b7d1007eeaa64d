"""The per-page stage: one pure function from a file's bytes to a `PageRecord`.

Nothing here looks at other pages or the file system, so pages can be parsed in any
order, on any core, and cached by content hash. Whatever a page contains, the result is
a record: undecodable bytes and broken YAML become problems on the record, not exceptions.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

import yaml

from ..core.diagnostic import Span
from ..core.records import Heading, Link, PageRecord, Problem, SearchText, SourceRef, Suppression, content_hash
from .frontmatter import (
    FrontmatterBlock,
    FrontmatterError,
    duplicate_keys,
    load_yaml,
    node_span,
    split_frontmatter,
)
from .markdown.harvest import Harvest, harvest
from .markdown.parser import make_parser
from .markdown.placeholders import compile_patterns
from .markdown.plain import plain_words
from .markdown.wikilinks import split_wikilink
from .options import SETTINGS_KEY, ParseOptions
from .search_terms import Searchable, description, term_weights

_FRONTMATTER_LINK = re.compile(r"(!?)\[\[([^\[\]\n]*)\]\]")


def parse_page(path: str, data: bytes, role: str, options: ParseOptions) -> PageRecord:
    """Parse one file. `path` is relative to the project root; `role` is page|source."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return PageRecord.unreadable(
            path, role, f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        )
    # A NUL byte is U+FFFD, as CommonMark reads it (YAML refuses NUL): the note stays text.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    lines = text.split("\n")
    block = split_frontmatter(text)
    fm = _Frontmatter.read(block, options.located_keys) if block else _Frontmatter()
    if options.body_types is not None and fm.data.get("type") not in options.body_types:
        title, title_span, explicit = _title(fm, None, PurePosixPath(path).stem)
        return PageRecord(
            path, role, title, title_span, explicit, None, fm.error, fm.data, fm.spans, made_from=content_hash(data)
        )
    body = "\n" * block.body_line + text[block.body_offset :] if block else text
    patterns = compile_patterns(options.placeholder_patterns)
    env: dict[str, Any] = {}
    tokens = make_parser().parse(body, env)
    found = harvest(tokens, lines, patterns.screen(body), env)
    title, title_span, explicit = _title(fm, _title_heading(found), PurePosixPath(path).stem)
    rendered = None
    if options.render:
        from .markdown.render import render_body  # on demand: a check renders nothing (math, highlighting)

        rendered = render_body(tokens, found.headings, len(fm.links), len(found.links), options.trust_html)
    record = PageRecord(
        path=path,
        role=role,
        title=title,
        title_span=title_span,
        title_is_explicit=explicit,
        frontmatter_error=fm.error,
        frontmatter=fm.data,
        field_spans=fm.spans,
        links=tuple(fm.links + found.links),
        headings=tuple(found.headings),
        block_ids=tuple(found.block_ids),
        placeholders=tuple(found.placeholders),
        source_docs=tuple(fm.sources),
        suppressions=tuple(fm.suppressions + found.suppressions),
        aliases=_strings(fm.data.get("aliases")),
        tags=tuple(t.lstrip("#") for t in _strings(fm.data.get("tags"))),
        body=rendered,
        bases=tuple(found.bases),
        inline_tags=tuple(dict.fromkeys(found.tags)),
        made_from=content_hash(data),
    )
    return replace(record, search=search_text(record)) if rendered is not None else record


def search_text(record: PageRecord) -> SearchText:
    """What full-text search indexes of a rendered page (see `SearchText`)."""
    assert record.body is not None
    words, headings = plain_words(record.body, record.links)
    text = " ".join(words)
    doc = Searchable(
        record.title,
        record.aliases,
        record.tags,
        tuple(record.headings[number].text for _, number in headings),
        description(record.frontmatter),
        tuple(ref.path for ref in record.source_docs),
        text,
    )
    return SearchText(text, tuple(headings), term_weights(doc))


def _title(fm: _Frontmatter, heading: Heading | None, stem: str) -> tuple[str, Span, bool]:
    """`title` in frontmatter, else the title heading (`_title_heading`), else the file name."""
    title = _as_text(fm.data.get("title"))
    if title:
        return title, fm.spans.get("title", Span.point(1)), True
    if heading is not None and heading.text:
        return heading.text, heading.span, True
    return stem, Span.point(1), False


def _title_heading(found: Harvest) -> Heading | None:
    """The level-1 heading that opens the body, if it is the page's only one.

    A `# Installation` after a paragraph is a section, not the page's title, and so is
    an opening `# Definition` followed by `# Proof`: a page with several level-1
    headings uses them for sections. Taking either for the title made thousands of
    pages of real vaults "share" titles such as Installation, Process and Todo.
    """
    if not found.opens_with_h1 or sum(1 for heading in found.headings if heading.level == 1) > 1:
        return None
    return found.headings[0]


def _strings(value: Any) -> tuple[str, ...]:
    """A string-or-list frontmatter value as strings; other items are the schema rule's."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(text for text in map(_as_text, items) if text)


def _as_text(value: Any) -> str | None:
    """A string or number as stripped text (`title: 1984` is a title); anything else None."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    return None


class _Frontmatter:
    """Data, key positions, `source_docs` entries and links of one frontmatter block."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.spans: dict[str, Span] = {}
        self.sources: list[SourceRef] = []
        self.links: list[Link] = []
        self.suppressions: list[Suppression] = []
        self.error: Problem | None = None

    @classmethod
    def read(cls, block: FrontmatterBlock, located_keys: tuple[str, ...] = ()) -> _Frontmatter:
        fm = cls()
        try:
            data, node = load_yaml(block)
        except FrontmatterError as exc:
            fm.error = Problem(exc.message, exc.span)
            return fm
        if node is None:
            return fm
        if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
            kind = type(data).__name__ if data is not None else "empty"
            fm.error = Problem(f"frontmatter must be a mapping of keys to values, not {kind}", node_span(block, node))
            return fm
        repeats = duplicate_keys(node)
        if repeats:
            fm.error = Problem(
                f"frontmatter key {repeats[0].value!r} appears more than once", node_span(block, repeats[0])
            )
        fm.data = {str(k): v for k, v in data.items()}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            fm.spans.setdefault(key, node_span(block, value_node))
            if key in located_keys:
                _nested_spans(block, value_node, key, fm.spans, depth=3)
            if key == "source_docs":
                fm.sources += _source_refs(block, value_node)
            elif key == SETTINGS_KEY:
                fm.suppressions += _ignored_rules(block, value_node)
            else:
                fm.links += _links_in(block, value_node, set())
        return fm


def _nested_spans(block: FrontmatterBlock, node: yaml.Node, key: str, spans: dict[str, Span], depth: int) -> None:
    """Spans of the items inside a value, keyed by dotted path, `depth` levels down."""
    if depth == 0:
        return
    if isinstance(node, yaml.SequenceNode):
        children = [(str(number), item) for number, item in enumerate(node.value)]
    elif isinstance(node, yaml.MappingNode):
        children = [(str(k.value), v) for k, v in node.value]
    else:
        return
    for name, child in children:
        path = f"{key}.{name}"
        spans.setdefault(path, node_span(block, child))
        _nested_spans(block, child, path, spans, depth - 1)


def _source_refs(block: FrontmatterBlock, node: yaml.Node) -> list[SourceRef]:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    refs = []
    for item in items:
        if isinstance(item, yaml.ScalarNode) and isinstance(item.value, str) and item.value.strip():
            value = item.value.strip()
            link = _FRONTMATTER_LINK.fullmatch(value)
            if link:
                value = split_wikilink(link.group(2))[0]
            refs.append(SourceRef(value, node_span(block, item)))
    return refs


def _ignored_rules(block: FrontmatterBlock, node: yaml.Node) -> list[Suppression]:
    """`wikiforge: {ignore: [WF401, placeholder]}`: one whole-page suppression per entry.

    Entries that are not strings are left for the schema rule to report.
    """
    if not isinstance(node, yaml.MappingNode):
        return []
    found = []
    for key_node, value_node in node.value:
        if key_node.value != "ignore":
            continue
        items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for item in items:
            if isinstance(item, yaml.ScalarNode) and item.tag.endswith(":str") and item.value.strip():
                span = node_span(block, item)
                found.append(Suppression("file", (item.value.strip(),), span.line, span))
    return found


def _links_in(block: FrontmatterBlock, node: yaml.Node, seen: set[int]) -> list[Link]:
    """Wikilinks in a value: quoted `"[[x]]"`, or unquoted `[[x]]` (a nested YAML list).

    `seen` guards against YAML aliases, which can make a small file a huge tree.
    """
    if id(node) in seen:
        return []
    seen.add(id(node))
    start, end = node.start_mark.index, node.end_mark.index
    if (
        isinstance(node, yaml.ScalarNode)
        and "[[" in str(node.value)
        or (isinstance(node, yaml.SequenceNode) and block.yaml_text.startswith("[[", start))
    ):
        return [_frontmatter_link(block, start, m) for m in _FRONTMATTER_LINK.finditer(block.yaml_text, start, end)]
    if isinstance(node, yaml.SequenceNode):
        return [link for item in node.value for link in _links_in(block, item, seen)]
    if isinstance(node, yaml.MappingNode):
        return [link for _, value in node.value for link in _links_in(block, value, seen)]
    return []


def _frontmatter_link(block: FrontmatterBlock, start: int, match: re.Match[str]) -> Link:
    target, anchor, label = split_wikilink(match.group(2))
    return Link(
        kind="embed" if match.group(1) else "wikilink",
        target=target,
        anchor=anchor,
        label=label,
        span=block.span(match.start(), match.end()),
        origin="frontmatter",
    )
