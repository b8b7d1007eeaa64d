"""Property tests for WF201's marker rule and its screen.

A marker word inside a sentence is never a finding, a marker that opens a line with `:`
always is, every finding points at its own text, and the one-search screen that skips
pages without placeholders never skips a page the full scan would report.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wikiforge.config.marker_pattern import MARKER_PATTERN, MARKERS
from wikiforge.parse.markdown.harvest import harvest
from wikiforge.parse.markdown.parser import make_parser
from wikiforge.parse.markdown.placeholders import DEFAULT_PATTERNS, PlaceholderPatterns, _screen_part
from wikiforge.parse.page import ParseOptions, parse_page

OPTIONS = ParseOptions(DEFAULT_PATTERNS)
WORDS = st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=6).map(" ".join)
BLOCKS = st.sampled_from(["", "- ", "- [ ] ", "1. ", "> ", "## ", "| a | ", "> [!note] "])
PIECES = st.sampled_from(
    [*MARKERS, " ", "\n", "\n\n", ":", "(", ")", "[", "]", "{", "}", "**", "_", "- ", "> ", "# ", "| ", "|---|\n",
     "[ ] ", "`", "#", "/", "-", " — ", ".", "word", "Name", "lists", "[1]", "[^1]: n\n", "[1]: u\n", "[2] A\n",
     "{{v}}", "Owner: ", "<!-- x -->"]
)  # fmt: skip


def placeholders(text: str) -> list[Any]:
    return list(parse_page("wiki/p.md", text.encode("utf-8"), "page", OPTIONS).placeholders)


@settings(max_examples=200, deadline=None)
@given(BLOCKS, WORDS, st.sampled_from(MARKERS), WORDS, st.sampled_from(["", ".", ",", "!"]))
def test_a_marker_inside_a_sentence_is_prose(block: str, before: str, marker: str, after: str, end: str) -> None:
    text = f"# Page\n\n{block}{before} {marker} {after}{end}\n"
    assert [p for p in placeholders(text) if p.kind == "marker"] == []


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=5), st.data())
def test_a_marker_opening_a_line_with_a_colon_is_found(lines: list[str], data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(lines)))
    marker = data.draw(st.sampled_from(MARKERS))
    lines.insert(at, f"{marker}: {data.draw(WORDS)}")
    found = placeholders("# Page\n\n" + "\n".join(lines) + "\n")
    assert (marker, 3 + at, 1) in [(p.text, p.span.line, p.span.column) for p in found]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=40).map("".join))
def test_findings_point_at_their_text_and_survive_the_screen(body: str) -> None:
    text = "# Page\n\n" + body
    lines = text.split("\n")
    for found in placeholders(text):
        if found.span.line == found.span.end_line:
            assert lines[found.span.line - 1][found.span.column - 1 : found.span.end_column - 1] == found.text
    unscreened = PlaceholderPatterns(DEFAULT_PATTERNS)
    unscreened._screen = None
    env: dict[str, Any] = {}
    full = harvest(make_parser().parse(text, env), lines, unscreened.screen(text), env).placeholders
    assert placeholders(text) == full  # the screen, by page and by line, leaves out no placeholder


def test_the_screen_of_a_pattern_with_a_placeholder_group_is_that_group() -> None:
    assert _screen_part(MARKER_PATTERN) == "|".join(MARKERS)
    assert _screen_part(r"a[(\]](?P<placeholder>[)(]x\)(y))b") == r"[)(]x\)(y)"
    assert _screen_part(r"\bWIP\b") == r"\bWIP\b"


def test_a_placeholder_group_reports_only_itself_and_respects_masks() -> None:
    patterns = PlaceholderPatterns((("status", r"Status: (?P<placeholder>WIP)"),))
    assert list(patterns.scan("Status: WIP", [])) == [("status", 8, 11)]
    assert list(patterns.scan("Status: WIP", [(0, 2)])) == []


LOOK_BEHIND_FIRST = {
    "lorem ipsum": r"(?i:\blorem ipsum\b)",
    "reference marker": r"(?<![\w\\\]!^])\[\d{1,3}\](?![\[(:])",
    "empty query result": r"\bNo items found\.",
}
"""The default patterns as first written, with the look-behind before the text; the
shipped ones open with their text so the engine can skip to it."""


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["lorem", "Lorem", "LOREM", " ipsum", " IPSUM", "[", "]", "1", "42", "1234", "x", "\\",
                                 "!", "^", " ", "\n", "(", ":", "No", " items", " found", ".", "a", "ſ", "ı"]),
                max_size=14).map("".join))  # fmt: skip
def test_the_default_patterns_match_as_their_look_behind_first_forms(text: str) -> None:
    import re

    shipped = dict(DEFAULT_PATTERNS)
    for kind, first_form in LOOK_BEHIND_FIRST.items():
        assert [m.span() for m in re.finditer(shipped[kind], text)] == [
            m.span() for m in re.finditer(first_form, text)
        ], kind
