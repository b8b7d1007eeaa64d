"""Math as Obsidian reads it: which dollars open math, and MathML that TeX cannot break out of.

The golden cases (`tests/cases/*/…math…`, `tests/site_cases/math`) show the examples; these
properties try many more inputs than a case can list.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikiforge.parse.markdown.mathml import _ATTRIBUTES, _ELEMENTS, math_html
from wikiforge.parse.markdown.parser import make_parser

_TEX_PIECES = st.sampled_from(
    [
        "x", "1", " ", "{", "}", "^", "_", "&", "<", ">", '"', "'", "\\\\", "\\frac", "\\text", "\\href",
        "\\style", "\\class", "\\mbox", "\\sqrt", "\\begin{matrix}", "\\end{matrix}", "\\left(", "\\right)",
        "\\unicode", "\\color", "javascript:", "<script>", "</math>", "&#x3C;", "%", "\\nosuch",
    ]
)  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEX_PIECES, max_size=14).map("".join), st.booleans())
def test_any_tex_becomes_mathml_or_code_and_nothing_else(tex: str, display: bool) -> None:
    html = math_html(tex, display)
    seen = _Tags()
    seen.feed(html)
    seen.close()
    assert set(seen.tags) <= _ELEMENTS | {"code"}
    if seen.tags[:1] == ["code"]:
        assert seen.tags == ["code"] and seen.attributes == [("class", "math")]
    else:
        assert seen.tags[0] == "math"
        assert all(name in _ATTRIBUTES and value and ":" not in value for name, value in seen.attributes)


def _math(text: str) -> list[str]:
    tokens = make_parser().parse(text)
    found = [t.content for t in tokens if t.type.startswith("math_block")]
    for token in tokens:
        found += [c.content for c in token.children or () if c.type.startswith("math_inline")]
    return found


@pytest.mark.parametrize(
    ("text", "math"),
    [
        ("This is an inline math expression $e^{2i\\pi} = 1$.", ["e^{2i\\pi} = 1"]),
        ("$x$ opens the paragraph and 2 ends it 2", ["x"]),
        ("costs $5 and $10 a month", []),
        ("$100-$200 a year, $5, $x$", ["x"]),
        ("$ x $ and $x $ and $ x$ have spaces", []),
        ("from $5 to 10$20", []),
        ("escaped \\$x$ is text", []),
        ("a `$x$` code span", []),
        ("display in a line $$\\sum_i i$$ here", ["\\sum_i i"]),
        ("$$\n\\begin{matrix}a & b\\\\\nc\n\\end{matrix}\n$$", ["\n\\begin{matrix}a & b\\\\\nc\n\\end{matrix}\n"]),
        ("$$\nx\n\n# a heading, as a blank line ends a TeX block\n$$", []),
        ("$[(TS)R](u)$ then [[page]]", ["[(TS)R](u)"]),
    ],
)  # fmt: skip
def test_which_dollars_are_math(text: str, math: list[str]) -> None:
    assert _math(text) == math
