"""Collect what lint and resolution need from a page's markdown-it tokens, in one walk.

Links, headings, block ids, placeholders and suppression comments, each with its exact
file position. The walk also marks the tokens it took them from (`meta["wf_link"]` and
`["wf_heading"]`: the index in this page's lists), so the renderer, which reads the same
tokens, knows each one without parsing again; block ids were found by the parser's
plugin (`block_ids.py`), which left them in `meta["wf_block"]`. Only inline
tokens are read, so fenced and indented code never yields a link; inside inline content,
code spans, math, HTML, autolinks and link syntax are masked out before placeholder
patterns run, so `TODO` in a URL, in backticks or in `$…$` is not a finding. Block math
(`$$` lines) is a block token of its own, never read.

A reference marker such as `[1]` is a placeholder only if nothing on the page explains it,
which is known only once the whole page is read: a footnote `[^1]:` or a reference
definition `[1]: …` (the parser's `env` holds both, even unreferenced footnotes that leave no
token), or a line of a manual notes list that starts `[1] Author…`. Such a line defines
the number rather than citing it. The filter runs at the end of the walk, so the harvest
stays a function of the page alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote

from markdown_it.token import Token

from ...core.diagnostic import Span
from ...core.records import BaseBlock, BlockId, Heading, Link, Placeholder, Suppression
from .comments import BLOCK as BLOCK_COMMENT
from .locate import Locator, Placement
from .placeholders import Screen

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SUPPRESS = re.compile(r"<!--\s*wikiforge-(disable-next-line|disable)\b(.*?)-->", re.DOTALL)
_NOTE_NUMBER = re.compile(r"\[(\d+)\]")
_TAG = re.compile(r"(?<!\S)#([\w/-]+)")
_NOTE_DEFINITION = re.compile(r"^[ \t]*\[(\d+)\](?=[ \t]|$)", re.MULTILINE)


@dataclass
class Harvest:
    """What one page's body yields, in document order."""

    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    block_ids: list[BlockId] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    opens_with_h1: bool = False
    """Whether the first block a reader sees is a level-1 heading (`headings[0]`)."""
    note_numbers: set[int] = field(default_factory=set)
    """Numbers of `[N] …` lines: notes that explain the page's `[N]` markers."""
    bases: list[BaseBlock] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    """`#tags` written in the text (not in code, math, HTML or links), in order."""


def harvest(
    tokens: Sequence[Token],
    lines: list[str],
    patterns: Screen | None,
    env: Mapping[str, object] | None = None,
) -> Harvest:
    """Walk block tokens once; `lines` are the file's lines (frontmatter included).

    `patterns` is None when the caller knows no placeholder can occur in the page, else
    the patterns with the lines they may match on (`Screen.screen`); `env` is
    the environment the parser filled while producing `tokens` (footnotes, references).
    """
    result = Harvest()
    lead = lead_index(tokens)
    result.opens_with_h1 = lead is not None and tokens[lead].type == "heading_open" and tokens[lead].tag == "h1"
    locator = Locator(lines)
    heading_level = 0
    for token in tokens:
        if token.type == "heading_open":
            heading_level = int(token.tag[1:])
            token.meta["wf_heading"] = len(result.headings)
        elif token.type == "inline" and token.map:
            placement = locator.place(token.content, token.map[0])
            if heading_level:
                _heading(token, placement, heading_level, result)
            elif "wf_block" in token.meta:
                block_id, start, end = token.meta["wf_block"]
                result.block_ids.append(BlockId(block_id, _span(placement, start, end)))
            _inline(token, placement, patterns, result)
            heading_level = 0
        elif token.type == "html_block" and token.map and "wikiforge-" in token.content:
            _suppressions(token.content, locator.place(token.content, token.map[0]), 0, result)
        elif token.type == "fence" and token.map and token.info.strip().split(maxsplit=1)[:1] == ["base"]:
            _base(token, lines, result)
    if result.placeholders:
        result.placeholders = _unexplained(result.placeholders, result.note_numbers | _defined_numbers(env or {}))
    return result


def _base(token: Token, lines: list[str], result: Harvest) -> None:
    """A ```` ```base ```` block; the renderer leaves its slot (`meta["wf_base"]`)."""
    assert token.map is not None
    start, end = token.map
    fence = lines[start] if start < len(lines) else ""
    indent = len(fence) - len(fence.lstrip(" >\t"))
    last = lines[end - 1] if 0 < end <= len(lines) else ""
    token.meta["wf_base"] = len(result.bases)
    span = Span(start + 1, indent + 1, end, len(last) + 1)
    result.bases.append(BaseBlock(token.content, start + 2, indent, span))


def lead_index(tokens: Sequence[Token]) -> int | None:
    """Index of the token opening the first block a reader sees, or None if none.

    Comments (`%%…%%`, `<!-- … -->`) are skipped: a page that opens with a comment and
    then `# Title` still opens with its title.
    """
    for index, token in enumerate(tokens):
        if token.type == BLOCK_COMMENT or (token.type == "html_block" and _is_html_comment(token.content)):
            continue
        return index
    return None


def _is_html_comment(html: str) -> bool:
    text = html.strip()
    return text.startswith("<!--") and text.endswith("-->") and "-->" not in text[4:-3]


def _defined_numbers(env: Mapping[str, object]) -> set[int]:
    """Numbers the page defines as footnotes (`[^1]:`) or reference definitions (`[1]: url`)."""
    footnotes = env.get("footnotes")
    labels = list(footnotes.get("refs", {})) if isinstance(footnotes, dict) else []
    references = env.get("references")
    labels += list(references) if isinstance(references, dict) else []
    return {int(label.lstrip(":")) for label in labels if label.lstrip(":").isdigit()}


def _unexplained(found: list[Placeholder], explained: set[int]) -> list[Placeholder]:
    """`found` without the `[N]` markers whose N the page explains."""
    if not explained:
        return found
    kept = []
    for placeholder in found:
        number = _NOTE_NUMBER.fullmatch(placeholder.text)
        if number is None or int(number.group(1)) not in explained:
            kept.append(placeholder)
    return kept


def _inline(token: Token, placement: Placement, patterns: Screen | None, out: Harvest) -> None:
    masked: list[tuple[int, int]] = []
    source = token.content
    for child in token.children or ():
        span = child.meta.get("wf_span") if child.meta else None
        if child.type == "wikilink":
            masked.append(child.meta["wf_span"])
            child.meta["wf_link"] = len(out.links)
            out.links.append(_wikilink(child, placement))
        elif span is None:
            continue
        elif "wf_label" in child.meta:
            label_start, label_end = child.meta["wf_label"]
            masked += [(span[0], label_start), (label_end, span[1])]
            link = _markdown_link(child, source, placement)
            if link is not None:
                child.meta["wf_link"] = len(out.links)
                out.links.append(link)
        else:
            masked.append(span)
            if child.type == "html_inline" and "wikiforge-" in child.content:
                _suppressions(child.content, placement, span[0], out)
    if "#" in source:
        out.tags.extend(_inline_tags(source, masked))
    if patterns is None:
        return
    if "[" in source:
        out.note_numbers.update(int(number) for number in _NOTE_DEFINITION.findall(source))
    first, end_line = token.map or (0, 0)
    for kind, start, end in patterns.scan(source, masked, first, max(first, end_line - 1)):
        out.placeholders.append(Placeholder(kind, source[start:end], _span(placement, start, end)))


def _inline_tags(source: str, masked: list[tuple[int, int]]) -> list[str]:
    """Obsidian's `#tags` in `source`: after a space or at the start, letters, digits,
    `_`, `-` and `/`, not digits alone; none inside a masked span (code, a link)."""
    found = []
    for match in _TAG.finditer(source):
        name = match.group(1)
        if name.strip("0123456789") and not any(start <= match.start() < end for start, end in masked):
            found.append(name)
    return found


def _wikilink(child: Token, placement: Placement) -> Link:
    meta = child.meta
    return Link(
        kind="embed" if meta["embed"] else "wikilink",
        target=meta["target"],
        anchor=meta["anchor"],
        label=meta["label"],
        span=_span(placement, *meta["wf_span"]),
    )


def _markdown_link(child: Token, source: str, placement: Placement) -> Link | None:
    """A `[text](dest)` or `![alt](dest)` to a local file, or None for external URLs."""
    start, end = child.meta["wf_span"]
    label_end = child.meta["wf_label"][1]
    href = str(child.attrGet("src" if child.type == "image" else "href") or "")
    written = source[label_end + 1 : end]
    if not href:
        inline_empty = written.startswith("(") and written[1:-1].strip() in ("", "<>")
        if not inline_empty:
            return None  # a reference we cannot see, or a URL markdown-it refused
    elif _SCHEME.match(href) or href.startswith("//"):
        return None
    path, hash_mark, fragment = href.partition("#")
    path = path.partition("?")[0]
    return Link(
        kind="markdown",
        target=unquote(path),
        anchor=unquote(fragment) if hash_mark else None,
        label=child.content if child.type == "image" else None,
        span=_span(placement, start, end),
    )


def _heading(token: Token, placement: Placement, level: int, out: Harvest) -> None:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif child.type in ("math_inline", "math_inline_double"):
            parts.append(child.markup + child.content + child.markup)  # as written: `#The $O(n)$ bound`
        elif child.type == "wikilink":
            parts.append(child.meta["label"] or child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    text = " ".join("".join(parts).split())
    out.headings.append(Heading(level, text, _span(placement, 0, len(token.content)), token.content.strip()))


def _suppressions(html: str, placement: Placement, offset: int, out: Harvest) -> None:
    """Suppression comments in `html`, which starts at `offset` of the placed content."""
    for match in _SUPPRESS.finditer(html):
        codes = tuple(c for c in re.split(r"[\s,]+", match.group(2).strip()) if c)
        span = _span(placement, offset + match.start(), offset + match.end())
        if match.group(1) == "disable-next-line":
            out.suppressions.append(Suppression("next-line", codes, span.end_line + 1, span))
        else:
            out.suppressions.append(Suppression("rest", codes, span.line, span))


def _span(placement: Placement, start: int, end: int) -> Span:
    line, column = placement.position(start)
    end_line, end_column = placement.position(end)
    return Span(line, column, end_line, end_column)
