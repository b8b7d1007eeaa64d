"""Wrap an inline rule already registered on a parser, keeping its name and chains."""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

InlineRule = Callable[[StateInline, bool], bool]


def wrap_inline_rule(md: MarkdownIt, name: str, wrap: Callable[[InlineRule], InlineRule]) -> None:
    """Replace inline rule `name` by `wrap(original)`; no-op if the parser lacks it."""
    ruler = md.inline.ruler
    index = ruler.__find__(name)
    if index >= 0:
        rule = ruler.__rules__[index]
        ruler.at(name, wrap(rule.fn), {"alt": rule.alt})
