"""A markdown-it-py plugin for Obsidian block ids: `text ^id` at the end of a block.

`^id` at the end of a paragraph's last line names that paragraph, or the list item the
paragraph opens; a paragraph of nothing but `^id` names the block just before it (a list,
table, quote, callout or code block), and a callout title with no body names its callout,
as in Obsidian. The marker is hidden, as Obsidian hides it. The plugin runs after every
other core rule (callouts included) and leaves, for harvesting and rendering:

- `meta["wf_block"] = (id, start, end)` on the inline token that holds the marker, with
  the marker's offsets in that token's content;
- `meta["wf_block_id"] = id` and the element id `^id` on the token opening the block
  it names; a paragraph that only held a marker becomes `block_id_marker_open`/`_close`,
  which render as nothing (not `hidden`, which would put a line break after it).

Headings are not blocks here: `## Title ^id` is a heading named by its text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .callouts import NO_BLOCK_ID

# `^id` ends a paragraph's last line after a space, or right after an embed, as
# Obsidian's own help writes one: `![[chart.png]]^chart`.
MARKER_OPEN = "block_id_marker_open"
MARKER_CLOSE = "block_id_marker_close"
_BLOCK_ID = re.compile(r"(?:^|[ \t]|(?<=\]\]))(\^([A-Za-z0-9][A-Za-z0-9-]*))[ \t]*$", re.MULTILINE)


def block_ids_plugin(md: MarkdownIt) -> None:
    """Attach the core rule, last (so after the callouts rule when that is attached)."""
    md.core.ruler.push("block_ids", _block_ids)
    md.add_render_rule(MARKER_OPEN, _render_nothing)
    md.add_render_rule(MARKER_CLOSE, _render_nothing)


def _render_nothing(renderer: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return ""


def _block_ids(state: StateCore) -> None:
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "inline" or not token.map or NO_BLOCK_ID in token.meta:
            continue
        if i > 0 and tokens[i - 1].type == "heading_open":
            continue
        content = token.content
        last_line = content.rfind("\n") + 1
        if content.find("^", last_line) < 0:
            continue  # no `^` on its last line: no id (most inlines; the search cost more)
        match = _BLOCK_ID.search(content, last_line)
        if match is None:
            continue
        block_id = match.group(2)
        token.meta["wf_block"] = (block_id, *match.span(1))
        _hide_marker(token, block_id)
        _name_block(tokens, i, block_id)


def _hide_marker(inline: Token, block_id: str) -> None:
    for child in reversed(inline.children or ()):
        if child.type == "text":
            child.content = re.sub(rf"[ \t]*\^{re.escape(block_id)}[ \t]*$", "", child.content)
            return


def _name_block(tokens: list[Token], i: int, block_id: str) -> None:
    """Give the block that the marker in inline `tokens[i]` names its id."""
    opener = tokens[i - 1] if i > 0 else None
    if opener is None:
        return
    if opener.type == "callout_title_open":
        named = i - 2
    elif opener.type != "paragraph_open":
        return  # a table cell: the id is known, but names no element of its own
    elif not tokens[i].content.replace(f"^{block_id}", "").strip():
        previous = _previous_sibling(tokens, i - 1)
        if previous is None:
            named = i - 1
        else:
            named = previous
            tokens[i - 1].type, tokens[i + 1].type = MARKER_OPEN, MARKER_CLOSE
    elif i >= 2 and tokens[i - 2].type == "list_item_open":
        named = i - 2
    else:
        named = i - 1
    tokens[named].attrSet("id", f"^{block_id}")
    tokens[named].meta["wf_block_id"] = f"^{block_id}"


def _previous_sibling(tokens: list[Token], index: int) -> int | None:
    """The opening token of the block just before tokens[index], at its depth."""
    j = index - 1
    if j < 0 or tokens[j].level != tokens[index].level:
        return None
    if tokens[j].nesting == 0:
        return j
    while j >= 0 and not (tokens[j].level == tokens[index].level and tokens[j].nesting == 1):
        j -= 1
    return j if j >= 0 else None
