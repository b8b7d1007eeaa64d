"""The one place the Markdown parser is configured.

CommonMark plus GitHub's extensions (tables, strikethrough, task lists, footnotes, bare
URL autolinks; not GitHub's alerts, which are a subset of Obsidian's callouts and rendered
with them), our wikilink rule, Obsidian comments (`%%…%%`), and source-span recording. Every stage that reads
Markdown gets its parser here, so check and build see a page the same way.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.gfm import gfm_plugin

from .comments import comments_plugin
from .ruler import InlineRule, wrap_inline_rule
from .spans import source_spans_plugin
from .wikilinks import wikilinks_plugin


@lru_cache(maxsize=1)
def make_parser() -> MarkdownIt:
    """Return the shared parser (built once per process)."""
    md = MarkdownIt("commonmark").use(gfm_plugin).use(wikilinks_plugin).use(comments_plugin)
    md.options["alerts"] = False  # `> [!NOTE]` is an Obsidian callout, rendered by us with the rest
    wrap_inline_rule(md, "gfm_autolink_protocol", _line_bounded)
    md.use(source_spans_plugin)
    return md


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
