"""A markdown-it-py plugin for Obsidian wikilinks and embeds.

`[[target]]`, `[[target|label]]`, `[[target#Heading]]`, `[[target#^block]]`,
`[[#Heading]]` and the embed forms `![[…]]` become one `wikilink` token each, whose
`meta` holds `target`, `anchor`, `label`, `embed` and `wf_span` (start and end offsets in
the inline source). Because this is an inline rule, markdown-it's own rules keep code
spans, code blocks, HTML and backslash escapes (`\\[[`) from ever reaching it.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

_MEMO_KEY = "wikiforge.wikilink_close"


def wikilinks_plugin(md: MarkdownIt) -> None:
    """Attach the wikilink rule before markdown-it's `link`, so `[[` is ours first."""
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)


def split_wikilink(inner: str) -> tuple[str, str | None, str | None]:
    """Split the text between the brackets into (target, anchor, label).

    The label is whatever follows the first `|`; a `\\|` (the escaped pipe Obsidian
    writes inside table cells) separates the label too. The anchor is everything after
    the first `#` of the target, so `H1#H2` and `^block` stay whole.
    """
    target_part, bar, label = inner.partition("|")
    target_part = target_part.removesuffix("\\")
    target, hash_mark, anchor = target_part.partition("#")
    return (
        target.strip(),
        anchor.strip() if hash_mark else None,
        label.strip() if bar else None,
    )


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    embed = src.startswith("![[", pos)
    if not embed and not src.startswith("[[", pos):
        return False
    inner_start = pos + (3 if embed else 2)
    close = _find_close(state, inner_start)
    if close < 0 or src.find("[[", inner_start, close) >= 0:  # a slice copied the rest of the line each time
        return False
    if not silent:
        inner = src[inner_start:close]
        target, anchor, label = split_wikilink(inner)
        token = state.push("wikilink", "", 0)
        token.markup = "![[" if embed else "[["
        token.content = inner
        token.meta = {
            "target": target,
            "anchor": anchor,
            "label": label,
            "embed": embed,
            "wf_span": (pos, close + 2),
        }
    state.pos = close + 2
    return True


def _find_close(state: StateInline, start: int) -> int:
    """Offset of the `]]` closing a wikilink opened before `start`, on the same line.

    The last search is remembered per source string, with the end of its line and the
    first `]]` found on it: a line of ten thousand `[[` with no `]]`, or of a hundred
    thousand wikilinks, costs one scan for its end, not one per `[[`.
    """
    src = state.src
    memo = state.env.get(_MEMO_KEY)
    if memo is not None and memo[0] is src and memo[1] <= start <= memo[2]:
        line_end, found = memo[2], memo[3]
        if found >= 0 and found < start:
            found = src.find("]]", start, line_end)
    else:
        line_end = src.find("\n", start)
        if line_end < 0:
            line_end = len(src)
        found = src.find("]]", start, line_end)
    state.env[_MEMO_KEY] = (src, start, line_end, found)
    return found if found >= 0 and found + 2 <= state.posMax else -1
