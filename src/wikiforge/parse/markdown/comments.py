"""A markdown-it-py plugin for Obsidian comments: `%%…%%`, inline or spanning lines.

Obsidian hides everything between two `%%` in reading view, so nothing inside a comment
is a link, embed, heading, block id or placeholder, and the site does not show it. Two
rules produce the same hidden tokens:

- a block rule for a comment that opens a line and closes on a later one (`%%` on its
  own line, then lines that may hold blank lines, headings or lists, then `%%`); text
  after the closing `%%` on its line is parsed as usual. A comment never closed runs
  to the end of its container (the page, or the quote or list item it opened in), as
  in Obsidian;
- an inline rule for `%%…%%` inside a paragraph, a heading or a table cell (across
  soft line breaks); an unclosed inline `%%` hides the rest of its paragraph.

Code spans and code blocks win, as in Obsidian: `` `%%` `` is code, not a comment.
Inline comment tokens carry `meta["wf_span"]`, so the placeholder scan masks them.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

_MARK = "%%"
BLOCK = "obsidian_comment"
INLINE = "obsidian_comment_inline"


def comments_plugin(md: MarkdownIt) -> None:
    """Attach both rules; comments render as nothing."""
    md.block.ruler.before("table", BLOCK, _block_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("wikilink", INLINE, _inline_rule)
    md.add_render_rule(BLOCK, _render_nothing)
    md.add_render_rule(INLINE, _render_nothing)


def _render_nothing(renderer: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return ""


def _block_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith(_MARK, begin):
        return False
    close_line, close_at = _closing(state, start_line, end_line, begin + len(_MARK))
    if close_line == start_line and (silent or _text_after(state, close_line, close_at) < state.eMarks[close_line]):
        return False  # `%% note %% text`, or a one-line comment inside a paragraph: inline
    if silent:
        return True
    last = close_line if close_line is not None else end_line - 1
    token = state.push(BLOCK, "", 0)
    token.map = [start_line, last + 1]
    token.markup = _MARK
    token.content = state.getLines(start_line, last + 1, state.blkIndent, False)
    state.line = last + 1
    if close_line is not None and close_line > start_line:
        after = close_at + len(_MARK)
        text_start = _text_after(state, close_line, close_at)
        if text_start < state.eMarks[close_line]:  # text after the closing `%%`: its own block
            state.bMarks[close_line], state.tShift[close_line] = after, text_start - after
            state.sCount[close_line] = state.blkIndent
            state.line = close_line
    return True


def _closing(state: StateBlock, start_line: int, end_line: int, after: int) -> tuple[int | None, int]:
    """The line and offset of the `%%` closing a comment opened just before `after`."""
    line, search_from = start_line, after
    while line < end_line:
        found = state.src.find(_MARK, search_from, state.eMarks[line])
        if found >= 0:
            return line, found
        line += 1
        if line < end_line:
            search_from = state.bMarks[line] + state.tShift[line]
    return None, -1


def _text_after(state: StateBlock, line: int, close_at: int) -> int:
    """Where text resumes after the `%%` at `close_at` (the line's end if it does not)."""
    return min(state.skipSpaces(close_at + len(_MARK)), state.eMarks[line])


def _inline_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith(_MARK, start):
        return False
    close = state.src.find(_MARK, start + len(_MARK), state.posMax)
    end = state.posMax if close < 0 else close + len(_MARK)
    if not silent:
        token = state.push(INLINE, "", 0)
        token.markup = _MARK
        token.content = state.src[start:end]
        token.meta["wf_span"] = (start, end)
    state.pos = end
    return True
