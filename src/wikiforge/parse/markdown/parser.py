"""The one place the Markdown parser is configured.

CommonMark plus GitHub's extensions (tables, strikethrough, task lists, footnotes, bare
URL autolinks; not GitHub's alerts, which are a subset of Obsidian's callouts and rendered
with them), Obsidian's math, comments (`%%…%%`), callouts and block ids (`^id`), our
wikilink rule, and source-span recording. Every stage that reads Markdown gets its parser here, so check and build see
a page the same way.

Math follows Obsidian, so that what it shows as math holds no link, heading, block id
or placeholder here either (DESIGN §2): `$$` on its own line opens a block that ends at a
line ending in `$$` (no blank line inside, as in TeX); `$…$` is inline math when the
opening `$` is not followed by a space, the closing `$` is not preceded by one and not
followed by a digit, so "costs $5 and $10 a month" stays prose; `$$…$$` inside a
paragraph is display math. Obsidian has no equation labels (`$$…$$ (1)`).
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.gfm import gfm_plugin

from .block_ids import block_ids_plugin
from .callouts import callouts_plugin
from .comments import comments_plugin
from .dispatch import dispatch_blocks_by_first_character, dispatch_by_first_character
from .ruler import InlineRule, wrap_inline_rule
from .spans import source_spans_plugin
from .wikilinks import wikilinks_plugin

_LAST_BRACKET_KEY = "wikiforge.last_bracket"


@lru_cache(maxsize=1)
def make_parser() -> MarkdownIt:
    """Return the shared parser (built once per process)."""
    md = configured_parser()
    dispatch_by_first_character(md)
    dispatch_blocks_by_first_character(md)
    return md


def configured_parser() -> MarkdownIt:
    """A parser with every rule and plugin, trying each inline rule at every position
    as markdown-it-py does (`make_parser` dispatches them; tests compare the two)."""
    md = MarkdownIt("commonmark").use(gfm_plugin).use(wikilinks_plugin).use(comments_plugin)
    md.options["alerts"] = False  # `> [!NOTE]` is an Obsidian callout, rendered by us with the rest
    md.use(callouts_plugin).use(block_ids_plugin)
    md.use(
        dollarmath_plugin,
        allow_labels=False,
        allow_space=False,
        allow_digits=True,  # the plugin's digit test misreads a `$` that opens the paragraph
        allow_blank_lines=False,
        double_inline=True,
    )
    wrap_inline_rule(md, "math_inline", _not_before_digit)
    wrap_inline_rule(md, "gfm_autolink_protocol", _line_bounded)
    for name in ("link", "image", "footnote_ref"):
        wrap_inline_rule(md, name, _closing_bracket_ahead)
    md.use(source_spans_plugin)
    return md


def _not_before_digit(math_rule: InlineRule) -> InlineRule:
    """Refuse inline math whose closing `$` is followed by a digit (`$5 to 10$20`), as
    Pandoc does: such a `$` is currency, not the end of a formula."""

    def rule(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if state.src[start] != "$" or not math_rule(state, True):
            return False
        if state.pos < len(state.src) and state.src[state.pos].isdigit():
            state.pos = start
            return False
        if silent:
            return True
        state.pos = start
        return math_rule(state, False)

    return rule


def _line_bounded(protocol_rule: InlineRule) -> InlineRule:
    """Run mdit-py-plugins' `scheme:` autolink rule only at a `:`, on the current line.

    The rule copies the rest of the paragraph on every call, which is quadratic on a
    long paragraph (20 s for one 5 MB page). A URL never crosses a line, so the rule
    loses nothing by seeing only the current line.
    """

    def rule(state: StateInline, silent: bool) -> bool:
        pos = state.pos
        if state.src[pos] != ":":
            return False
        line_end = state.src.find("\n", pos, state.posMax)
        if line_end < 0:
            return protocol_rule(state, silent)
        full_max, state.posMax = state.posMax, line_end
        try:
            return protocol_rule(state, silent)
        finally:
            state.posMax = full_max

    return rule


def _closing_bracket_ahead(label_rule: InlineRule) -> InlineRule:
    """Run a rule that needs a `]` (links, images, footnote references) only when one
    follows in the inline source.

    Each such rule scans forward from its `[` for the closing `]`; on a paragraph of
    50,000 `![[` and no `]` that was 50,000 scans to the end. The last `]` of the source
    is found once (and remembered with the source it belongs to), so the rule is skipped
    where it could never succeed.
    """

    def rule(state: StateInline, silent: bool) -> bool:
        memo = state.env.get(_LAST_BRACKET_KEY)
        if memo is None or memo[0] is not state.src:
            memo = state.env[_LAST_BRACKET_KEY] = (state.src, state.src.rfind("]"))
        if state.pos > memo[1]:
            return False
        return label_rule(state, silent)

    return rule
