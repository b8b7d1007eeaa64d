"""The dispatched rules (`markdown/dispatch.py`) must parse exactly as markdown-it-py
trying every rule at every position and every line: same tokens, same spans, same
positions, on generated Markdown dense with every character a rule starts at, inline
and at the start of lines."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from wikiforge.parse.markdown import wikilinks
from wikiforge.parse.markdown.dispatch import BLOCK_STARTS, STARTS
from wikiforge.parse.markdown.parser import configured_parser, make_parser

MARKUP = sorted({char for starts in STARTS.values() for char in starts} | set("]()#^|{}>-+=:.\"' \t"))
PIECES = [
    "[[",
    "]]",
    "![[",
    "[^1]",
    "$$",
    "%%",
    "<a>",
    "<!--",
    "-->",
    "www.x.org",
    "http://a.b",
    "a@b.co",
    "&amp;",
    "\n\n",
    "> [!note] ",
    "- ",
    "`` ` ``",
    "[x](y)",
    "[^1]: note\n",
]
LINE_STARTS = [
    "",
    " ",
    "  ",
    "    ",
    "\t",
    "> ",
    ">> ",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "# ",
    "###### ",
    "#",
    "---",
    "***",
    "___",
    "===",
    "```",
    "~~~",
    "$$",
    "%%",
    "<div>",
    "<!-- ",
    "<?x",
    "[a]: /u",
    "[^1]: ",
    "| a | b |",
    "|---|---|",
    "    code",
]
LINE_STARTS += sorted({char for starts in BLOCK_STARTS.values() for char in starts})
fragments = st.lists(
    st.sampled_from(MARKUP) | st.sampled_from(PIECES) | st.text("ab", min_size=1, max_size=3), max_size=60
)


lines = st.lists(
    st.tuples(
        st.sampled_from(LINE_STARTS),
        st.lists(st.sampled_from(MARKUP) | st.sampled_from(PIECES) | st.just("a"), max_size=6),
    ),
    max_size=25,
)


def _tokens(tokens: list[Token]) -> list[dict[str, Any]]:
    return [token.as_dict() for token in tokens]


def _same(text: str) -> None:
    plain, dispatched = configured_parser(), make_parser()
    assert _tokens(dispatched.parse(text, {})) == _tokens(plain.parse(text, {}))


@settings(max_examples=400, deadline=None)
@given(fragments)
def test_dispatched_rules_parse_like_every_rule_tried(parts: list[str]) -> None:
    _same("".join(parts))


@settings(max_examples=400, deadline=None)
@given(lines)
def test_dispatched_block_rules_parse_like_every_rule_tried(page: list[tuple[str, list[str]]]) -> None:
    _same("\n".join(start + "".join(rest) for start, rest in page))


def test_dispatched_rules_parse_a_page_of_every_construct_alike() -> None:
    _same(
        "# Title\n\nText with *em*, __strong__, ~~gone~~, `code`, $x^2$, %%hidden%%, [[page#H|label]],"
        ' ![[image.png]], [link](<a b> "t"), ![alt](i.png), [ref][r], <http://x.y>, <b>html</b>,'
        " &copy;, www.example.com, https://example.com/a, me@example.com, a\\*b and a footnote[^n].\n\n"
        "[r]: /url\n[^n]: the note\n\n| a | b |\n|---|---|\n| [[x]] | `y` |\n\n"
        "> [!note] Callout\n> - item\n>   1. nested\n\n    indented code\n\n```py\nfenced\n```\n\n"
        "$$\nx^2\n$$\n\n%%\nhidden\n%%\n\n<div>\nhtml\n</div>\n\nSetext\n===\n\n***\n~~~\ntilde\n~~~\n"
    )


def _closing_scanned_afresh(state: StateInline, start: int) -> int:
    """The `]]` search of `wikilinks._find_close` with nothing remembered between calls."""
    line_end = state.src.find("\n", start, state.posMax)
    return state.src.find("]]", start, state.posMax if line_end < 0 else line_end)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["[[a]]", "[[", "]]", "![[", "[x ", "](u)", "]", "\n", " ", "b", "`", "|"]), max_size=40)
)
def test_the_remembered_closing_search_finds_what_a_fresh_one_finds(parts: list[str]) -> None:
    """`_find_close` remembers the end of its line and the `]]` it found; links inside a
    link's label are parsed with a shorter end, where a remembered `]]` may lie beyond it."""
    text = "".join(parts)
    remembered = _tokens(make_parser().parse(text, {}))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(wikilinks, "_find_close", _closing_scanned_afresh)
        assert _tokens(make_parser().parse(text, {})) == remembered
