"""Output formats of `wikiforge check`: one golden per format for the project in
`tests/formats/`, plus the details a golden cannot show at a glance (escaping, caret
alignment, colour, windowing, unreadable files, JUnit pass/fail, SARIF schema).

Refresh after an intended change: `pytest tests/test_formats.py --update-goldens`, then
review the diff by eye.
"""

from __future__ import annotations

import json
import re
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikiforge.analysis import CheckResult
from wikiforge.config.settings import load_config
from wikiforge.core.diagnostic import Diagnostic, Fix, Severity, Span
from wikiforge.pipeline import run_check
from wikiforge.report import FORMATS, ReportOptions, format_report, format_statistics, summary
from wikiforge.report.excerpt import display_width, excerpt
from wikiforge.report.github import annotation, escape_data, escape_property
from wikiforge.report.source import SourceLines, split_lines

PROJECT = Path(__file__).parent / "formats"
SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"
ESC = "\x1b"


def check(root: Path) -> CheckResult:
    return run_check(load_config(root))


def mask(text: str, root: Path) -> str:
    """Hide what changes from run to run: timings and the project's absolute location."""
    text = re.sub(r"in \d+\.\d\ds\.", "in X.XXs.", text)
    text = re.sub(r'"seconds": [\d.e-]+', '"seconds": 0', text)
    text = re.sub(r'time="[\d.]+"', 'time="X"', text)
    return text.replace(root.resolve().as_uri(), "file:///PROJECT")


def render(fmt: str, result: CheckResult) -> str:
    return format_statistics(result) if fmt == "statistics" else format_report(result, fmt)


@pytest.mark.parametrize("fmt", [*FORMATS, "statistics"])
def test_format_matches_golden(fmt: str, update_goldens: bool) -> None:
    actual = mask(render(fmt, check(PROJECT)), PROJECT)
    expected_file = PROJECT / f"expected.{fmt}"
    if update_goldens:
        expected_file.write_text(actual, encoding="utf-8")
        return
    assert actual == expected_file.read_text(encoding="utf-8")


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown report format 'xml'"):
        format_report(check(PROJECT), "xml")


# --- helpers for hand-made results ---------------------------------------------------


def finding(
    path: str,
    span: Span,
    severity: Severity = Severity.ERROR,
    *,
    message: str = "a message",
    suggestion: str | None = None,
    fix: Fix | None = None,
) -> Diagnostic:
    code, rule = {Severity.ERROR: ("WF101", "broken-link"), Severity.WARNING: ("WF104", "case-mismatch")}.get(
        severity, ("WF999", "some-info")
    )
    return Diagnostic(path, span, code, rule, severity, message, suggestion, fix)


def result_of(root: Path, diagnostics: list[Diagnostic], checked: tuple[str, ...] = ()) -> CheckResult:
    pages = checked or tuple(sorted({d.path for d in diagnostics}))
    return CheckResult(sorted(diagnostics, key=lambda d: d.sort_key), len(pages), 0, 0.5, root, pages)


# --- text: excerpts --------------------------------------------------------------------


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=400), st.data())
def test_plain_ascii_lines_place_carets_as_measured_ones_do(line: str, data: st.DataObject) -> None:
    """The shortcut for printable ASCII agrees with measuring every character: each
    character of the line turned into `é` (one cell, not ASCII) gives the same carets."""
    start = data.draw(st.integers(-2, len(line) + 2))
    end = data.draw(st.integers(-2, len(line) + 2))
    plain = excerpt(line, start, end)
    measured = excerpt("é" * len(line), start, end)
    assert (plain.caret_start, plain.caret_width) == (measured.caret_start, measured.caret_width)
    assert len(plain.text) == len(measured.text)
    assert plain.text.startswith("…") == measured.text.startswith("…")
    assert plain.text.endswith("…") == measured.text.endswith("…")


def test_lines_are_counted_as_the_linter_counts_them() -> None:
    assert split_lines("a\r\nb\rc\nd\x0ce\u2028f\n") == ["a", "b", "c", "d\x0ce\u2028f"]
    assert split_lines("") == []


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="ab \r\n\u2028\x00", max_size=40),
    numbers=st.lists(st.integers(-1, 14), min_size=1, max_size=8),
)
def test_a_quoted_line_is_the_line_a_whole_split_gives(text: str, numbers: list[int]) -> None:
    """Quoting splits a file only as deep as asked, in any order of lines asked for."""
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "page.md").write_bytes(text.encode())
        sources, lines = SourceLines(Path(folder)), split_lines(text)
        for number in numbers:
            assert sources.line("page.md", number) == (lines[number - 1] if 1 <= number <= len(lines) else None)


def test_carets_align_after_tabs_wide_and_combining_characters() -> None:
    line = "\t東京 e\u0301 [[x]] end"
    start = line.index("[[")
    shown = excerpt(line, start, start + 5)
    assert shown.text == "    東京 e\u0301 [[x]] end"
    before = shown.text[: shown.text.index("[[")]
    assert shown.caret_start == display_width(before) == 4 + 4 + 1 + 1 + 1
    assert shown.caret_width == 5
    tab_mid = excerpt("ab\tc", 3, 4)
    assert tab_mid.text == "ab  c" and tab_mid.caret_start == 4


def test_zero_width_and_multi_line_spans(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wiki/a.md": "# A\n\nsome [[text\nmore]] here\n"})
    diagnostics = [finding("wiki/a.md", Span(3, 6, 4, 7)), finding("wiki/a.md", Span.point(3, 1), message="point")]
    out = format_report(result_of(root, diagnostics), "text")
    assert "3 | some [[text\n  |      ^^^^^^\n" in out
    assert "3 | some [[text\n  | ^\n" in out


def test_control_characters_are_shown_not_sent_to_the_terminal() -> None:
    shown = excerpt("a\x1b[31mb", 0, 1)
    assert ESC not in shown.text and "\u241b" in shown.text


def test_long_lines_show_a_window_around_the_span() -> None:
    line = "x" * 250 + "[[target]]" + "y" * 200
    start = line.index("[[")
    shown = excerpt(line, start, start + 10)
    assert shown.text.startswith("…") and shown.text.endswith("…")
    assert len(shown.text) <= 130
    assert shown.text[shown.caret_start : shown.caret_start + shown.caret_width] == "[[target]]"
    head = excerpt(line, 0, 2)
    assert not head.text.startswith("…") and head.text.endswith("…") and head.caret_start == 0
    assert excerpt("short [[x]]", 6, 11).text == "short [[x]]"


def test_missing_unreadable_or_short_files_give_no_excerpt(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wiki/a.md": "# A\n", "wiki/bin.md": b"\xff\xfe[[x]]\n\x00\x81"})
    diagnostics = [
        finding("wiki/gone.md", Span(2, 1, 2, 5), message="deleted since the check"),
        finding("wiki/a.md", Span(7, 1, 7, 5), message="past the end"),
        finding("wiki/bin.md", Span(1, 3, 1, 8), message="undecodable bytes"),
        finding("wiki", Span(1, 2, 1, 3), message="a folder"),
    ]
    out = format_report(result_of(root, diagnostics), "text")
    blocks = out.split("\n\n")
    assert blocks[0] == "wiki:1:2: WF101 [broken-link] a folder"
    assert blocks[1] == "wiki/a.md:7:1: WF101 [broken-link] past the end"
    assert "1 | \ufffd\ufffd[[x]]\n  |   ^^^^^" in blocks[2]
    assert blocks[3] == "wiki/gone.md:2:1: WF101 [broken-link] deleted since the check"


def test_page_level_findings_at_the_top_have_no_excerpt(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wiki/index.md": "# Home\n", "wiki/lonely.md": "# Lonely\n"})
    out = format_report(check(root), "text")
    assert out.startswith("wiki/lonely.md:1:1: WF401 [orphan-page] no page links to this page\n\nFound 0 errors")


def test_help_and_fix_lines(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wiki/a.md": "[[Bee]]\n"})
    safe = Fix(Span(1, 1, 1, 8), "Bee", "bee")
    diagnostics = [
        finding("wiki/a.md", Span(1, 1, 1, 8), suggestion="bee", fix=safe),
        finding("wiki/a.md", Span(1, 3, 1, 6), Severity.WARNING, fix=replace(safe, safe=False)),
    ]
    out = format_report(result_of(root, diagnostics), "text")
    assert "  |\n  = help: did you mean 'bee'?\n  = fix: replace 'Bee' with 'bee'\n" in out
    assert "  = fix: replace 'Bee' with 'bee' (unsafe)\n" in out
    assert out.endswith("1 finding is fixable with --fix (1 more with --unsafe-fixes).\n")


def test_colour_only_when_asked(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wiki/a.md": "[[Bee]]\n"})
    diagnostics = [finding("wiki/a.md", Span(1, 1, 1, 8), suggestion="bee")]
    plain = format_report(result_of(root, diagnostics), "text")
    coloured = format_report(result_of(root, diagnostics), "text", ReportOptions(color=True))
    assert ESC not in plain
    assert "\x1b[1mwiki/a.md\x1b[0m" in coloured
    assert "\x1b[31m\x1b[1mWF101\x1b[0m" in coloured
    assert "\x1b[31m\x1b[1m^^^^^^^\x1b[0m" in coloured
    assert "\x1b[36m= help: did you mean 'bee'?\x1b[0m" in coloured
    assert re.sub("\x1b\\[[0-9;]*m", "", coloured) == plain
    for fmt in FORMATS:
        if fmt != "text":
            assert ESC not in format_report(result_of(root, diagnostics), fmt, ReportOptions(color=True))


# --- summaries and paths ---------------------------------------------------------------


def test_summary_line_wording(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wiki/a.md": "x\n"})
    one = [finding("wiki/a.md", Span.point(1))]
    assert format_report(result_of(root, one, ("wiki/a.md",)), "concise").endswith(
        "Found 1 error and 0 warnings in 1 file: 1 page and 0 source documents checked in 0.50s.\n"
    )
    subset = replace(result_of(root, one, ("wiki/a.md",)), pages=33, sources=3)
    assert format_report(subset, "concise", ReportOptions(fixed=3)).endswith(
        ": 1 of 33 pages checked (links resolved against all 33 pages and 3 source documents) in 0.50s."
        " Fixed 3 findings.\n"
    )
    clean = replace(subset, diagnostics=[])
    assert format_report(clean, "concise") == (
        "No problems found: 1 of 33 pages checked (links resolved against all 33 pages and 3 source documents)"
        " in 0.50s.\n"
    )
    info = [finding("wiki/a.md", Span.point(1), Severity.INFO)] * 2
    assert "Found 0 errors, 0 warnings and 2 info findings in 1 file" in format_report(result_of(root, info), "text")


def test_summary_dict_counts_files_and_fixable(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wiki/a.md": "x\n"})
    fix = Fix(Span.point(1), "a", "b")
    diagnostics = [finding("wiki/a.md", Span.point(1), fix=fix), finding("wiki/a.md", Span.point(1, 2))]
    data = summary(result_of(root, diagnostics, ("wiki/a.md", "wiki/b.md")))
    assert data["files"] == 2 and data["fixable"] == 1 and data["errors"] == 2


def test_base_prefixes_every_displayed_path(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wiki/a b.md": "[[x]]\n"})
    result = result_of(root, [finding("wiki/a b.md", Span(1, 1, 1, 6))])
    options = ReportOptions(base="../..")
    assert format_report(result, "concise", options).startswith("../../wiki/a b.md:1:1: WF101")
    assert format_report(result, "text", options).startswith("../../wiki/a b.md:1:1: WF101")
    assert json.loads(format_report(result, "json", options))["diagnostics"][0]["path"] == "../../wiki/a b.md"
    assert "file=../../wiki/a b.md," in format_report(result, "github", options)
    assert 'name="../../wiki/a b.md"' in format_report(result, "junit", options)
    sarif = json.loads(format_report(result, "sarif", options))
    run = sarif["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "wiki/a%20b.md"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == root.resolve().as_uri() + "/"


def test_sarif_uris_are_from_the_current_folder_when_the_project_is_below_it(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"docs/wiki/a.md": "[[x]]\n"}) / "docs"
    result = result_of(root, [finding("wiki/a.md", Span(1, 1, 1, 6))])
    run = json.loads(format_report(result, "sarif", ReportOptions(base="docs")))["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/wiki/a.md"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == root.parent.resolve().as_uri() + "/"


# --- github ----------------------------------------------------------------------------


def test_github_escaping_follows_the_actions_toolkit() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("notes, part 1: draft%\n") == "notes%2C part 1%3A draft%25%0A"


def test_github_annotations() -> None:
    one_line = finding("wiki/a, b.md", Span(3, 5, 3, 9), suggestion="x%y", message="link: 50%")
    assert annotation(one_line, ReportOptions()) == (
        "::error file=wiki/a%2C b.md,line=3,col=5,endLine=3,endColumn=9,title=WF101 broken-link"
        "::link: 50%25 (did you mean 'x%25y'?)"
    )
    multi = finding("wiki/a.md", Span(3, 5, 4, 2), Severity.WARNING)
    assert annotation(multi, ReportOptions()) == (
        "::warning file=wiki/a.md,line=3,endLine=4,title=WF104 case-mismatch::a message"
    )
    assert annotation(finding("a.md", Span.point(1), Severity.INFO), ReportOptions()).startswith("::notice ")


# --- junit -----------------------------------------------------------------------------


def junit_cases(result: CheckResult, strict: bool) -> dict[str, ET.Element]:
    root = ET.fromstring(format_report(result, "junit", ReportOptions(strict=strict)))
    assert root.tag == "testsuites" and len(root) == 1
    return {case.attrib["name"]: case for case in root.iter("testcase")}


def test_junit_has_one_testcase_per_checked_page_and_strict_fails_warnings(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki(
        {"wiki/index.md": "# Home\n\n[[nope]] [[ok]]\n", "wiki/lonely.md": "# L\n", "wiki/ok.md": "# OK\n"}
    )
    result = check(root)
    cases = junit_cases(result, strict=False)
    assert sorted(cases) == list(result.checked) == ["wiki/index.md", "wiki/lonely.md", "wiki/ok.md"]
    failure = cases["wiki/index.md"].find("failure")
    assert failure is not None and failure.attrib == {"message": "1 finding", "type": "WF101"}
    assert failure.text == "wiki/index.md:3:1: WF101 [broken-link] link [[nope]] matches no page or file"
    lonely = cases["wiki/lonely.md"]
    assert lonely.find("failure") is None
    assert lonely.findtext("system-out") == "wiki/lonely.md:1:1: WF401 [orphan-page] no page links to this page"
    assert len(cases["wiki/ok.md"]) == 0
    strict = junit_cases(result, strict=True)
    assert strict["wiki/lonely.md"].find("failure") is not None
    suites = ET.fromstring(format_report(result, "junit", ReportOptions(strict=True)))
    assert suites.attrib["tests"] == "3" and suites.attrib["failures"] == "2"


def test_junit_lists_paths_outside_the_checked_pages_and_survives_control_characters(tmp_path: Path) -> None:
    result = result_of(tmp_path, [finding("raw/a.pdf", Span.point(1), message="bad \x00 byte")], ("wiki/a.md",))
    cases = junit_cases(result, strict=False)
    assert sorted(cases) == ["raw/a.pdf", "wiki/a.md"]
    assert cases["raw/a.pdf"].findtext("failure") == "raw/a.pdf:1:1: WF101 [broken-link] bad \\x00 byte"


# --- statistics ------------------------------------------------------------------------


def test_statistics(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wiki/a.md": "x\n"})
    fix = Fix(Span.point(1), "a", "b")
    many = [finding("wiki/a.md", Span.point(n)) for n in range(1, 13)]
    few = [finding("wiki/a.md", Span.point(n), Severity.WARNING, fix=fix) for n in range(1, 3)]
    result = result_of(root, many + few)
    assert format_statistics(result) == "  12  WF101  broken-link\n   2  WF104  case-mismatch  [*]\n"
    assert json.loads(format_statistics(result, as_json=True)) == [
        {"code": "WF101", "name": "broken-link", "count": 12, "fixable": False},
        {"code": "WF104", "name": "case-mismatch", "count": 2, "fixable": True},
    ]
    empty = result_of(root, [])
    assert format_statistics(empty) == "" and json.loads(format_statistics(empty, as_json=True)) == []


# --- sarif -----------------------------------------------------------------------------


def test_sarif_validates_against_the_2_1_0_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed: cannot validate SARIF")
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}: cannot validate")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("http://json-schema.org/draft-07/")
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    log = json.loads(format_report(check(PROJECT), "sarif"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    run = log["runs"][0]
    assert len(run["results"]) == len(check(PROJECT).diagnostics)
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert len(result["partialFingerprints"]["wikiforge/v1"]) == 32
