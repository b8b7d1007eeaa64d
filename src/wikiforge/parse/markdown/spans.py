"""A markdown-it-py plugin that records where inline constructs sit in their source.

markdown-it tokens carry block line ranges but no inline offsets. Diagnostics need exact
columns, and placeholder scanning needs to know which characters are code, math, HTML or
link syntax rather than prose. This plugin wraps the inline rules that consume such markup and
stores `meta["wf_span"] = (start, end)` on the first token each one emits; links and images
also get `meta["wf_label"] = (start, end)` for their visible text. (Our own keys: plugins
such as footnotes keep their own `label` in `meta`.)
"""

from __future__ import annotations

from functools import partial

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from .dispatch import STARTS
from .ruler import InlineRule, wrap_inline_rule

# The rules that consume markup; each is called only at the characters it starts at
# (`dispatch.STARTS`: a rule is called at every markup position, so checking its trigger
# first keeps the wrapper nearly free).
_TRACKED = (
    "math_inline",
    "escape",
    "backticks",
    "link",
    "image",
    "footnote_ref",
    "autolink",
    "html_inline",
    "entity",
    "gfm_autolink_www",
    "gfm_autolink_protocol",
    "gfm_autolink_email",
)
_LABELLED = {"link": 0, "image": 1}


def source_spans_plugin(md: MarkdownIt) -> None:
    """Wrap every tracked inline rule present in `md` (call after other plugins)."""
    for name in _TRACKED:
        wrap_inline_rule(md, name, partial(_recorded, triggers=STARTS[name], label_offset=_LABELLED.get(name)))


def _recorded(fn: InlineRule, triggers: str, label_offset: int | None) -> InlineRule:
    def rule(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] not in triggers:
            return False
        start, first_new = state.pos, len(state.tokens)
        if not fn(state, silent):
            return False
        if not silent:
            token = next((t for t in state.tokens[first_new:] if t.type != "text"), None)
            if token is not None:
                token.meta["wf_span"] = (start, state.pos)
                if label_offset is not None:
                    label_end = state.md.helpers.parseLinkLabel(state, start + label_offset, True)
                    token.meta["wf_label"] = (start + label_offset + 1, max(label_end, start))
        return True

    return rule
