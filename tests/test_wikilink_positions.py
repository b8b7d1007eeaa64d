"""Property tests for the wikilink plugin and the harvester's positions.

For any text: parsing never raises, and every link it reports starts, at its reported
line and column, with the `[[` / `![[` it names and ends with `]]` at its end column.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from wikiforge.parse.markdown.placeholders import DEFAULT_PATTERNS
from wikiforge.parse.page import ParseOptions, parse_page

OPTIONS = ParseOptions(DEFAULT_PATTERNS)

# Pieces that exercise the parser's corners: wikilinks of every form, code, escapes,
# comments, tables, lists, quotes, headings and line endings.
PIECES = st.sampled_from(
    [
        "[[",
        "]]",
        "![[",
        "[[a]]",
        "[[b|c]]",
        "[[d#H]]",
        "![[e.png|600]]",
        "[[#x]]",
        "[[f\\|g]]",
        "`",
        "``",
        "\\",
        "\\[[h]]",
        "<!--",
        "-->",
        "|",
        " | ",
        "|---|",
        "\n",
        "\r\n",
        "\n\n",
        "- ",
        "1. ",
        "> ",
        "# ",
        "## ",
        "    ",
        "\t",
        "```\n",
        "~~~\n",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "](x.md)",
        "[t](y.md#z)",
        "^blk",
        " TODO ",
        "{{v}}",
        "é",
        "☕",
        "\ufeff",
        "---\n",
        "a",
        "b c",
        "#",
        "!",
    ]
)
TEXTS = st.one_of(st.lists(PIECES, max_size=40).map("".join), st.text(max_size=200))


def lines_of(text: str) -> list[str]:
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
@example("|---|[[a]]---\n|---|---\n")  # a first cell equal to the row's end was placed there
def test_every_wikilink_position_points_at_its_brackets(text: str) -> None:
    record = parse_page("wiki/p.md", text.encode("utf-8"), "page", OPTIONS)
    if record.read_error is not None:
        assert "\x00" in text
        return
    lines = lines_of(text)
    for link in record.links:
        if link.kind == "markdown" or link.origin != "body":
            continue
        span = link.span
        assert span.line == span.end_line
        written = lines[span.line - 1][span.column - 1 : span.end_column - 1]
        opener = "![[" if link.kind == "embed" else "[["
        assert written.startswith(opener), (text, link)
        assert written.endswith("]]"), (text, link)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_record_not_an_exception(data: bytes) -> None:
    record = parse_page("wiki/p.md", data, "page", OPTIONS)
    assert record.path == "wiki/p.md"


def test_table_cell_with_escaped_pipe_keeps_exact_columns() -> None:
    text = "| a | b |\n|---|---|\n| x [[t\\|label]] | [[u]] |\n"
    record = parse_page("wiki/p.md", text.encode(), "page", OPTIONS)
    assert [(k.target, k.label, k.span.line, k.span.column, k.span.end_column) for k in record.links] == [
        ("t", "label", 3, 5, 17),
        ("u", None, 3, 20, 25),
    ]


def test_code_comments_and_escapes_are_never_links() -> None:
    text = "`[[a]]`\n\n```\n[[b]]\n```\n\n    [[c]]\n\n<!-- [[d]] -->\n\n\\[[e]]\n\n<!--\n[[f]]\n-->\n"
    record = parse_page("wiki/p.md", text.encode(), "page", OPTIONS)
    assert record.links == ()


def test_unclosed_brackets_on_a_huge_line_are_fast_and_linkless() -> None:
    record = parse_page("wiki/p.md", ("[[" * 200_000).encode(), "page", OPTIONS)
    assert record.links == ()
