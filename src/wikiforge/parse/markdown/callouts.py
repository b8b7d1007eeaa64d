"""A markdown-it-py plugin for Obsidian callouts: `> [!type]± Title`, then the body.

A quote whose first line starts `[!type]` is a callout box of that type, titled by the
rest of its first line (the type, capitalised, when there is none) and foldable with `+`
(open) or `-` (closed). The plugin runs last among core rules and turns the quote's tokens
into `callout_open`, `callout_title_open`, an inline title, `callout_title_close`, the
body, `callout_close` (the shape of mdit-py-plugins' admonitions), so rendering follows
the tokens. The title and the body's first paragraph each keep their own content, line
range and source offsets (`wf_span`, `wf_label`), so harvesting places what they hold
exactly as before they were split.

GitHub's alerts (`> [!NOTE]`) are a subset of this syntax and are rendered as callouts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

_MARKER = re.compile(r"\[!([^\]\s]+)\]([+-]?)[ \t]*")
_OFFSET_KEYS = ("wf_span", "wf_label")
NO_BLOCK_ID = "wf_callout_title"
"""Meta key on a title followed by a body: a `^id` there names nothing (the body's does)."""


def callouts_plugin(md: MarkdownIt) -> None:
    """Attach the core rule and the renderers of the callout tokens."""
    md.core.ruler.push("callouts", _callouts)
    md.add_render_rule("callout_open", _render_open)
    md.add_render_rule("callout_title_open", _render_title_open)
    md.add_render_rule("callout_title_close", _render_title_close)
    md.add_render_rule("callout_close", _render_close)


def _callouts(state: StateCore) -> None:
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        if tokens[i].type == "blockquote_open" and _is_callout(tokens, i):
            _convert(tokens, i)
        i += 1


def _is_callout(tokens: list[Token], i: int) -> bool:
    if i + 2 >= len(tokens) or tokens[i + 1].type != "paragraph_open" or tokens[i + 2].type != "inline":
        return False
    children = tokens[i + 2].children or []
    return bool(children) and children[0].type == "text" and _MARKER.match(children[0].content) is not None


def _convert(tokens: list[Token], i: int) -> None:
    """Rewrite the quote opening at `i` into callout tokens, in place."""
    opener, inline = tokens[i], tokens[i + 2]
    children = inline.children or []
    match = _MARKER.match(children[0].content)
    assert match is not None
    kind, fold = match.group(1).lower(), match.group(2)
    split = _first_line_break(children)
    title_children = _trimmed([Token("text", "", 0, content=children[0].content[match.end() :]), *children[1:split]])
    if not title_children:
        title_children = [Token("text", "", 0, content=kind.capitalize())]
    title_end = _title_end(inline.content, children[:split]) if split < len(children) else len(inline.content)
    title = _inline_part(inline, title_children, 0, title_end)
    for token in (opener, tokens[closer(tokens, i)]):
        token.type = "callout_open" if token is opener else "callout_close"
        token.tag = "details" if fold else "div"
        token.meta.update(kind=kind, fold=fold)
    heading = [
        Token("callout_title_open", "summary" if fold else "div", 1, level=inline.level, meta={"fold": fold}),
        title,
        Token("callout_title_close", "summary" if fold else "div", -1, level=inline.level, meta={"fold": fold}),
    ]
    body = children[split + 1 :]
    if body:
        title.meta[NO_BLOCK_ID] = True
        tokens[i + 2] = _inline_part(inline, body, title_end + 1, len(inline.content))
        tokens[i + 1 : i + 1] = heading
    else:
        tokens[i + 1 : i + 4] = heading


def _trimmed(title: list[Token]) -> list[Token]:
    """The title without white space around it (a no-break space too, as Obsidian trims)."""
    if title and title[0].type == "text":
        title[0].content = title[0].content.lstrip()
    if title and title[-1].type == "text":
        title[-1].content = title[-1].content.rstrip()
    return [child for child in title if not (child.type == "text" and not child.content)]


def _first_line_break(children: list[Token]) -> int:
    """Index of the first line break outside any link or emphasis (the title's end)."""
    depth = 0
    for k, child in enumerate(children):
        depth += child.nesting
        if depth == 0 and child.type in ("softbreak", "hardbreak"):
            return k
    return len(children)


def _title_end(content: str, title: list[Token]) -> int:
    """Offset in `content` of the newline ending the title: the first one after the
    title's last construct that may span lines (code, HTML, math, links)."""
    after = max((child.meta["wf_span"][1] for child in title if "wf_span" in child.meta), default=0)
    end = content.find("\n", after)
    return end if end >= 0 else len(content)


def _inline_part(inline: Token, children: list[Token], start: int, end: int) -> Token:
    """An inline token for `content[start:end]` of `inline`, holding `children`, with
    their source offsets and its line range made relative to that part."""
    content = inline.content[start:end]
    part = Token("inline", "", 0, content=content, level=inline.level, children=children)
    if inline.map:
        first_line = inline.map[0] + inline.content.count("\n", 0, start)
        part.map = [first_line, first_line + content.count("\n") + 1]
    if start:
        for child in children:
            for key in _OFFSET_KEYS:
                if key in child.meta:
                    child.meta[key] = (child.meta[key][0] - start, child.meta[key][1] - start)
    return part


def closer(tokens: Sequence[Token], opener: int) -> int:
    """Index of the token closing the block that opens at `opener` (the last token if
    none does)."""
    level = tokens[opener].level
    for j in range(opener + 1, len(tokens)):
        if tokens[j].level == level and tokens[j].nesting == -1:
            return j
    return len(tokens) - 1


def _render_open(renderer: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    block_id = token.attrGet("id")
    attrs = f'class="callout" data-callout="{escape(token.meta["kind"], quote=True)}"'
    if block_id:
        attrs += f' id="{escape(str(block_id), quote=True)}"'
    return f"<{token.tag} {attrs}{' open' if token.meta['fold'] == '+' else ''}>"


def _render_title_open(renderer: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return f'<{tokens[idx].tag} class="callout-title">'


def _render_title_close(renderer: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return f'</{tokens[idx].tag}><div class="callout-content">\n'


def _render_close(renderer: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return f"</div></{tokens[idx].tag}>\n"
