"""Render a page's tokens to HTML in the per-page stage, leaving links as slots.

The renderer reads the very tokens `harvest` walked (and marked), so a page is parsed
once for check and build alike. What depends on other pages, where each link goes and
what an embed shows, is left as a slot (`<!--wf:KINDn-->`, see `RenderedBody`) for the
site builder. Beyond CommonMark and GFM (and the tokens of our parser plugins, such as
callouts, which render themselves) it renders heading ids with a permalink, the ranges of
blocks named by `^id` (for block embeds), code blocks highlighted by Pygments, and math as
MathML (`mathml.py`). Raw HTML is
sanitised here, with nh3, unless the project trusts it; math is put in after that, as
slots (`<!--wf:mN-->`) the sanitiser keeps, because nh3 allows no MathML and `mathml.py`
has already allowed only what is safe.

A page cannot forge a slot: while rendering, our own slots carry a random nonce
(`<!--wf7f3a…:w0-->`), so after sanitising, any `<!--wf:…-->` left is the page's own
(written as a comment, or made one by nh3 from `<!wf:w0>`) and is dropped; then ours lose
the nonce. The nonce never reaches the output, which stays the same from run to run.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from ...core.records import Heading, RenderedBody
from .callouts import closer
from .harvest import lead_index
from .highlight import highlight_code
from .mathml import math_html
from .parser import make_parser
from .sanitise import sanitise
from .sentences import link_contexts
from .slugs import slugify

MARKER = re.compile(r"<!--wf:([a-z])(\d+)-->")
"""Slots and range markers in rendered HTML: a kind letter and a number."""


def render_body(
    tokens: list[Token], headings: Sequence[Heading], link_base: int, link_count: int, trust_html: bool
) -> RenderedBody:
    """Render `tokens` (already harvested) of a page whose body links start at index
    `link_base` of its record's links, of which there are `link_count` in the body."""
    plan = _plan(tokens, headings)
    maths: list[str] = []
    env: dict[str, Any] = {"wf": plan, "wf_link_base": link_base, "wf_math": maths}
    contexts = [""] * link_base + link_contexts(tokens, link_base, link_count)
    html = _renderer().render_marked(tokens, plan, env)
    if plan.raw_html:
        html = MARKER.sub("", sanitise(html) if not trust_html else html)
    if maths:
        html = _fill_math(html, maths, plan.marker_prefix)
    html, offsets = _take_markers(html.replace(plan.marker_prefix, "<!--wf:"))
    sections = tuple((offsets.get(("s", k), 0), offsets.get(("e", k), 0)) for k in range(len(plan.heading_ids)))
    blocks = tuple(
        (block_id, offsets.get(("b", k), 0), offsets.get(("x", k), 0)) for k, block_id in enumerate(plan.block_ids)
    )
    lead_end = offsets.get(("t", 0), 0)
    return RenderedBody(html, tuple(plan.heading_ids), sections, blocks, tuple(contexts), lead_end, plan.raw_html)


@dataclass
class _Plan:
    """What the render loop does beyond markdown-it's defaults, decided per token index."""

    heading_ids: list[str] = field(default_factory=list)
    block_ids: list[str] = field(default_factory=list)
    before: dict[int, list[str]] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)
    raw_html: bool = False
    marker_prefix: str = field(default_factory=lambda: f"<!--wf{secrets.token_hex(16)}:")
    """How this render's own slots open, unguessable by the page (see the module doc)."""

    def mark(self, index: int, kind: str, number: int) -> None:
        self.before.setdefault(index, []).append(self.marker(kind, number))

    def marker(self, kind: str, number: int) -> str:
        return f"{self.marker_prefix}{kind}{number}-->"


def _plan(tokens: list[Token], headings: Sequence[Heading]) -> _Plan:
    plan = _Plan(raw_html=_has_raw_html(tokens))
    plan.heading_ids = _heading_ids(headings)
    _plan_sections(tokens, plan)
    for i, token in enumerate(tokens):
        if "wf_block_id" in token.meta:
            _plan_block(tokens, i, plan)
        elif token.type == "paragraph_open" and _lone_embed(tokens, i):
            plan.hidden.update((i, i + 2))  # a transclusion is a block, not part of a <p>
    lead = lead_index(tokens)
    if lead is not None and tokens[lead].type == "heading_open" and tokens[lead].tag == "h1":
        plan.mark(lead + 3, "t", 0)
    return plan


def _has_raw_html(tokens: list[Token]) -> bool:
    """Whether the page holds raw HTML anywhere (then the page's HTML is sanitised)."""
    return any(
        token.type in ("html_block", "html_inline")
        or (token.type == "inline" and any(child.type == "html_inline" for child in token.children or ()))
        for token in tokens
    )


def _lone_embed(tokens: list[Token], i: int) -> bool:
    """Whether the paragraph opening at `i` holds one embed and nothing else."""
    if i + 2 >= len(tokens) or tokens[i + 1].type != "inline":
        return False
    children = [c for c in tokens[i + 1].children or () if not (c.type == "text" and not c.content.strip())]
    if "wf_block_id" in tokens[i].meta:
        return False  # `![[chart.png]]^chart`: the paragraph carries the id
    return len(children) == 1 and children[0].type == "wikilink" and bool(children[0].meta.get("embed"))


def _heading_ids(headings: Sequence[Heading]) -> list[str]:
    """GitHub-style ids: the slug, then `-1`, `-2`… for repeats."""
    used: set[str] = set()
    next_suffix: dict[str, int] = {}
    ids = []
    for heading in headings:
        base = slugify(heading.text) or "section"
        candidate = base
        while candidate in used:
            next_suffix[base] = next_suffix.get(base, 0) + 1
            candidate = f"{base}-{next_suffix[base]}"
        used.add(candidate)
        ids.append(candidate)
    return ids


def _plan_sections(tokens: list[Token], plan: _Plan) -> None:
    """Mark where each heading's section starts and ends: at the next heading of the
    same or a higher level in the same container, or where the container closes."""
    open_sections: list[tuple[int, int, int]] = []  # (heading index, level, depth)
    for i, token in enumerate(tokens):
        while open_sections and token.level < open_sections[-1][2]:
            plan.mark(i, "e", open_sections.pop()[0])
        if token.type == "heading_open" and "wf_heading" in token.meta:
            level = int(token.tag[1:])
            while open_sections and open_sections[-1][2] == token.level and open_sections[-1][1] >= level:
                plan.mark(i, "e", open_sections.pop()[0])
            number = token.meta["wf_heading"]
            plan.mark(i, "s", number)
            open_sections.append((number, level, token.level))
    while open_sections:
        plan.mark(len(tokens), "e", open_sections.pop()[0])


def _plan_block(tokens: list[Token], opener: int, plan: _Plan) -> None:
    """Mark the range of the block a `^id` names (see `block_ids.py`), for block embeds."""
    end = opener if tokens[opener].nesting == 0 else closer(tokens, opener)
    number = len(plan.block_ids)
    plan.block_ids.append(tokens[opener].meta["wf_block_id"])
    plan.mark(opener, "b", number)
    plan.mark(end + 1, "x", number)


class _Renderer(RendererHTML):
    """markdown-it's HTML renderer with our slots, ids, callouts and highlighting."""

    def __init__(self) -> None:
        super().__init__()
        plugins = make_parser().renderer
        assert isinstance(plugins, RendererHTML)
        for name, rule in plugins.rules.items():
            self.rules.setdefault(name, rule)  # plugins' rules: footnotes and the like

    def render_marked(self, tokens: Sequence[Token], plan: _Plan, env: EnvType) -> str:
        """Like `render`, but honouring the plan: markers and hidden tokens."""
        options = make_parser().options
        out: list[str] = []
        for i, token in enumerate(tokens):
            out += plan.before.get(i, ())
            if i in plan.hidden:
                continue
            if token.type == "inline":
                out.append(self.renderInline(token.children or [], options, env))
            elif token.type in self.rules:
                out.append(self.rules[token.type](tokens, i, options, env))
            else:
                out.append(self.renderToken(tokens, i, options, env))
        out += plan.before.get(len(tokens), ())
        return "".join(out)

    def heading_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        number = token.meta.get("wf_heading")
        ids = env["wf"].heading_ids
        if number is not None and number < len(ids):
            token.attrSet("id", ids[number])
        return self.renderToken(tokens, idx, options, env)

    def heading_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        opener = tokens[idx - 2] if idx >= 2 else None
        anchor = opener.attrGet("id") if opener is not None else None
        link = ""
        if anchor:
            href = escape(str(anchor), quote=True)
            link = f'<a class="heading-anchor" href="#{href}" tabindex="-1" aria-hidden="true">#</a>'
        return f"{link}</{tokens[idx].tag}>\n"

    def list_item_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        """A task item's checkbox, named for screen readers (markdown-it leaves it unnamed)."""
        html = super().list_item_open(tokens, idx, options, env)
        meta = tokens[idx].meta
        if meta and "checked" in meta:
            state = "done" if meta["checked"] else "to do"
            html = html.replace(
                '<input class="task-list-item-checkbox"',
                f'<input aria-label="{state}" class="task-list-item-checkbox"',
                1,
            )
        return html

    def wikilink(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return _slot("w", tokens[idx], env)

    def link_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        if "wf_link" in token.meta:
            env["wf_open_link"] = token
            return _slot("a", token, env)
        return self.renderToken(tokens, idx, options, env)

    def link_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        opener = env.pop("wf_open_link", None)
        if opener is not None:
            return _slot("c", opener, env)
        return self.renderToken(tokens, idx, options, env)

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        if "wf_link" in token.meta:
            return _slot("i", token, env)
        return super().image(tokens, idx, options, env)

    def math_inline(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return _math_slot(math_html(tokens[idx].content.strip(), display=False), env)

    def math_inline_double(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        """`$$…$$` inside a paragraph: display math, in a span as a `<p>` allows no `<div>`."""
        html = math_html(tokens[idx].content.strip(), display=True)
        return _math_slot(f'<span class="math-block">{html}</span>', env)

    def math_block(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        block_id = token.attrGet("id")
        id_attr = f' id="{escape(str(block_id), quote=True)}"' if block_id else ""
        html = math_html(token.content.strip(), display=True)
        return _math_slot(f'<div class="math-block"{id_attr}>{html}</div>', env) + "\n"

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        if "wf_base" in token.meta:  # a base, drawn by the site once every page is known
            return str(env["wf"].marker("q", token.meta["wf_base"])) + "\n"
        return _code(token, token.info.strip().split(maxsplit=1)[0] if token.info.strip() else "")

    def code_block(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return _code(tokens[idx], "")


def _code(token: Token, language: str) -> str:
    html = highlight_code(token.content, language)
    block_id = token.attrGet("id")
    if block_id:
        return f'<div id="{escape(str(block_id), quote=True)}">{html}</div>\n'
    return html


def _math_slot(html: str, env: EnvType) -> str:
    env["wf_math"].append(html)
    return str(env["wf"].marker("m", len(env["wf_math"]) - 1))


def _fill_math(html: str, maths: list[str], prefix: str) -> str:
    """Put each rendered formula in its slot."""

    def formula(match: re.Match[str]) -> str:
        return maths[int(match.group(1))]

    return re.sub(re.escape(prefix) + r"m(\d+)-->", formula, html)


def _slot(kind: str, token: Token, env: EnvType) -> str:
    return str(env["wf"].marker(kind, env["wf_link_base"] + token.meta["wf_link"]))


@lru_cache(maxsize=1)
def _renderer() -> _Renderer:
    return _Renderer()


def _take_markers(html: str) -> tuple[str, dict[tuple[str, int], int]]:
    """Remove range markers (not link slots) and return where each one stood."""
    offsets: dict[tuple[str, int], int] = {}
    pieces: list[str] = []
    length = 0
    last = 0
    for match in MARKER.finditer(html):
        kind = match.group(1)
        if kind in "waciq":
            continue
        piece = html[last : match.start()]
        pieces.append(piece)
        length += len(piece)
        offsets[(kind, int(match.group(2)))] = length
        last = match.end()
    pieces.append(html[last:])
    return "".join(pieces), offsets
