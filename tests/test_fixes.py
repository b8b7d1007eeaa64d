"""Tests for `wikiforge.lint.fixes`: byte-exact edits, verification, atomic writes, diffs."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikiforge.core import atomic as atomic_module
from wikiforge.core.diagnostic import Diagnostic, Fix, Severity, Span
from wikiforge.lint.fixes import (
    FileFix,
    apply_fixes,
    apply_to_text,
    fix_file,
    plan_fixes,
    unified_diff,
    write_atomically,
)

_BREAK = re.compile(r"\r\n|\r|\n")


def fix_at(text: str, link: str, old: str, new: str, *, nth: int = 0, safe: bool = True) -> Fix:
    """A fix for the `nth` occurrence of `link` in `text`, positioned like the checker does."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(link, offset + 1)
    before = text[:offset]
    breaks = list(_BREAK.finditer(before))
    line_start = breaks[-1].end() if breaks else 0
    line, column = len(breaks) + 1, offset - line_start + 1
    return Fix(Span(line, column, line, column + len(link)), old, new, safe)


def changed_region(before: bytes, after: bytes) -> tuple[bytes, bytes]:
    """The differing middle of two byte strings (common prefix and suffix removed)."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return before[start : len(before) - end], after[start : len(after) - end]


def diag(path: str, fix: Fix | None) -> Diagnostic:
    span = fix.span if fix else Span.point(1)
    return Diagnostic(path, span, "WF001", "broken-link", Severity.ERROR, "broken", fix=fix)


# --- apply_to_text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "old", "expected"),
    [
        ("[[Foo]]", "Foo", "[[Bar]]"),
        ("[[Foo|label]]", "Foo", "[[Bar|label]]"),
        ("[[Foo#Heading|label]]", "Foo", "[[Bar#Heading|label]]"),
        ("[[ Foo #Bar|x]]", "Foo", "[[ Bar #Bar|x]]"),
        ("[[ Foo ]]", "Foo", "[[ Bar ]]"),
        ("![[Foo]]", "Foo", "![[Bar]]"),
        ("![[Foo|600]]", "Foo", "![[Bar|600]]"),
        ("[[Foo\\|x]]", "Foo", "[[Bar\\|x]]"),
        ("[[Foo#^block]]", "Foo", "[[Bar#^block]]"),
    ],
)
def test_link_forms_keep_everything_but_the_target(link: str, old: str, expected: str) -> None:
    text = f"see {link} here\n"
    new_text, skipped = apply_to_text(text, [fix_at(text, link, old, "Bar")])
    assert skipped == []
    assert new_text == f"see {expected} here\n"


def label_fix(text: str, link: str, old: str, new: str, label: str) -> Fix:
    plain = fix_at(text, link, old, new, safe=False)
    return Fix(plain.span, old, new, safe=False, label=label)


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("[[OKRs]]", "[[okr-framework|OKRs]]"),
        ("[[OKRs#Key Results]]", "[[okr-framework#Key Results|OKRs]]"),
        ("[[OKRs#^kr]]", "[[okr-framework#^kr|OKRs]]"),
        ("[[ OKRs ]]", "[[ okr-framework |OKRs]]"),
    ],
)
def test_label_fix_writes_page_and_keeps_alias_as_label(link: str, expected: str) -> None:
    text = f"see {link} here\r\n"
    new_text, skipped = apply_to_text(text, [label_fix(text, link, "OKRs", "okr-framework", "OKRs")])
    assert skipped == []
    assert new_text == f"see {expected} here\r\n"


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("see [[OKRs|text]] here", "[[OKRs|text]]"),  # a label is already there
        ("see [[OKRs\\|text]] here", "[[OKRs\\|text]]"),
        ("| [[OKRs]] | table cell |", "[[OKRs]]"),  # `|` would split the cell
        ("a | b [[OKRs]]", "[[OKRs]]"),
        ("see [[OKRs\\]] here", "[[OKRs\\]]"),  # `\|` would be an escaped pipe
    ],
)
def test_label_fix_is_skipped_where_a_label_cannot_be_added(text: str, link: str) -> None:
    fix = label_fix(text, link, "OKRs", "okr-framework", "OKRs")
    assert apply_to_text(text, [fix]) == (text, [fix])


@pytest.mark.parametrize("label", ["", "a]]b", "x\ny", "ends\\", "[[x"])
def test_label_that_would_not_read_back_is_skipped(label: str) -> None:
    text = "see [[OKRs]] here"
    fix = label_fix(text, "[[OKRs]]", "OKRs", "okr-framework", label)
    assert apply_to_text(text, [fix]) == (text, [fix])


def test_label_fix_changes_only_its_bytes(tmp_path: Path) -> None:
    before = "\ufeff# Home\r\n\r\n\tSee [[OKRs#Top]]  and [[b]]. \r\nTail"
    path = tmp_path / "index.md"
    path.write_bytes(before.encode("utf-8"))
    result = fix_file(path, [label_fix(before.removeprefix("\ufeff"), "[[OKRs#Top]]", "OKRs", "okr", "OKRs")])
    assert result.skipped == ()
    assert changed_region(result.before, result.after) == (b"OKRs#Top", b"okr#Top|OKRs")
    assert result.after == before.replace("[[OKRs#Top]]", "[[okr#Top|OKRs]]").encode("utf-8")


def test_label_fix_description_and_json() -> None:
    fix = Fix(Span(1, 1, 1, 9), "OKRs", "okr", safe=False, label="OKRs")
    assert fix.description == "replace 'OKRs' with 'okr' and keep 'OKRs' as the label"
    assert diag("wiki/a.md", fix).to_dict()["fix"]["label"] == "OKRs"
    assert "label" not in diag("wiki/a.md", Fix(Span(1, 1, 1, 9), "a", "b")).to_dict()["fix"]


def test_embed_with_size_and_extension() -> None:
    text = "![[img.png|600]]"
    assert apply_to_text(text, [fix_at(text, text, "img.png", "images/img.png")]) == ("![[images/img.png|600]]", [])


def test_two_fixes_on_one_line_apply_right_to_left() -> None:
    text = "a [[One]] b [[Two|t]] c\n"
    first, second = fix_at(text, "[[One]]", "One", "Uno-longer"), fix_at(text, "[[Two|t]]", "Two", "Dos")
    assert apply_to_text(text, [first, second]) == ("a [[Uno-longer]] b [[Dos|t]] c\n", [])
    assert apply_to_text(text, [second, first]) == ("a [[Uno-longer]] b [[Dos|t]] c\n", [])


def test_adjacent_links_both_apply() -> None:
    text = "[[a]][[b]]"
    fixes = [fix_at(text, "[[a]]", "a", "A"), fix_at(text, "[[b]]", "b", "B")]
    assert apply_to_text(text, fixes) == ("[[A]][[B]]", [])


def test_multibyte_and_emoji_before_link_count_code_points() -> None:
    text = "héllo 🎉 ☕ 𝔘 [[Foo]] 🎉\n"
    new_text, skipped = apply_to_text(text, [fix_at(text, "[[Foo]]", "Foo", "Bär")])
    assert skipped == []
    assert new_text == "héllo 🎉 ☕ 𝔘 [[Bär]] 🎉\n"


def test_tab_before_link() -> None:
    text = "\t\t[[Foo]]\t \n"
    fix = fix_at(text, "[[Foo]]", "Foo", "Bar")
    assert fix.span.column == 3
    assert apply_to_text(text, [fix]) == ("\t\t[[Bar]]\t \n", [])


def test_line_separators_that_are_not_line_breaks() -> None:
    # `\x85` and `\u2028` break lines for str.splitlines but not for the checker.
    text = "a\x85b\u2028c [[Foo]]\r\n[[Foo]]"
    fixes = [fix_at(text, "[[Foo]]", "Foo", "X"), fix_at(text, "[[Foo]]", "Foo", "Y", nth=1)]
    assert fixes[0].span.line == 1
    assert apply_to_text(text, fixes) == ("a\x85b\u2028c [[X]]\r\n[[Y]]", [])


def test_stale_fix_is_skipped() -> None:
    text = "see [[Foo]]\n"
    fix = fix_at(text, "[[Foo]]", "Foo", "Bar")
    edited = "see [[Baz]]\n"
    assert apply_to_text(edited, [fix]) == (edited, [fix])
    shifted = "xx see [[Foo]]\n"
    assert apply_to_text(shifted, [fix]) == (shifted, [fix])


@pytest.mark.parametrize(
    "span",
    [
        Span(1, 1, 1, 4),  # plain text
        Span(1, 5, 1, 11),  # part of the link
        Span(1, 5, 2, 3),  # multi-line
        Span(9, 1, 9, 8),  # past the end
        Span(1, 0, 1, 7),  # column 0
        Span(1, 5, 1, 40),  # beyond the line's end
        Span(1, 5, 1, 5),  # empty
    ],
)
def test_span_not_on_a_link_is_skipped(span: Span) -> None:
    text = "see [[Foo]] and\nmore\n"
    fix = Fix(span, "Foo", "Bar")
    assert apply_to_text(text, [fix]) == (text, [fix])


def test_escaped_frontmatter_value_is_skipped() -> None:
    # YAML double-quoted escape: the parsed value is [[Foo]], the bytes are not.
    text = '---\nrelated: "[[F\\x6fo]]"\n---\n'
    fix = Fix(Span(2, 11, 2, 22), "Foo", "Bar")
    assert apply_to_text(text, [fix]) == (text, [fix])


def test_frontmatter_link_is_fixed() -> None:
    text = '---\r\nrelated:\r\n  - "[[Foo|Bar]]"\r\n---\r\nbody\r\n'
    fix = fix_at(text, "[[Foo|Bar]]", "Foo", "Qux")
    assert apply_to_text(text, [fix]) == (text.replace("[[Foo|", "[[Qux|"), [])


def test_duplicate_and_overlapping_fixes_apply_once() -> None:
    text = "[[Foo]]"
    first = fix_at(text, text, "Foo", "Bar")
    other = fix_at(text, text, "Foo", "Baz")
    assert apply_to_text(text, [first, first, other]) == ("[[Bar]]", [first, other])


@pytest.mark.parametrize("new", ["a|b", "a#b", "a]]", "a\nb", " a", "a\\", ""])
def test_new_target_that_would_reparse_differently_is_skipped(new: str) -> None:
    text = "[[Foo|x]]"
    fix = fix_at(text, text, "Foo", new)
    assert apply_to_text(text, [fix]) == (text, [fix])


# --- fix_file ------------------------------------------------------------------------


def test_crlf_file_changes_only_the_target_bytes(tmp_path: Path) -> None:
    text = "# Title\r\n\r\nIntro [[Foo]] text  \r\n\tnext [[Foo|x]]\r\n"
    path = tmp_path / "a.md"
    path.write_bytes(text.encode())
    result = fix_file(path, [fix_at(text, "[[Foo]]", "Foo", "Bar")])
    assert result is not None
    assert changed_region(result.before, result.after) == (b"Foo", b"Bar")
    assert result.after == text.replace("[[Foo]]", "[[Bar]]").encode()
    assert path.read_bytes() == result.before  # nothing written


@pytest.mark.parametrize(
    ("text", "line"),
    [("line one\rline two [[Foo]]\rlast", 2), ("a\r\nb\rc\n[[Foo]]\r\n", 4)],
    ids=["lone-cr", "mixed-endings"],
)
def test_every_line_ending_counts_and_stays(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(text.encode())
    fix = fix_at(text, "[[Foo]]", "Foo", "Bar")
    assert fix.span.line == line
    result = fix_file(path, [fix])
    assert result.after == text.replace("[[Foo]]", "[[Bar]]").encode()


def test_bom_and_missing_final_newline_kept(tmp_path: Path) -> None:
    text = "[[Foo]] é"
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    result = fix_file(path, [fix_at(text, "[[Foo]]", "Foo", "Bar")])
    assert result is not None
    assert result.after == b"\xef\xbb\xbf[[Bar]] \xc3\xa9"
    assert result.applied and not result.skipped


def test_non_utf8_file_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"caf\xe9 [[Foo]]\n")
    fix = Fix(Span(1, 6, 1, 13), "Foo", "Bar")
    assert not fix_file(path, [fix]).changed
    [result] = apply_fixes(tmp_path, [diag("a.md", fix)], unsafe=False, write=True)
    assert result.error is not None and "UTF-8" in result.error
    assert result.skipped == (fix,)
    assert path.read_bytes() == b"caf\xe9 [[Foo]]\n"


def test_nothing_to_change_returns_none(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("[[Other]]\n")
    assert not fix_file(path, [Fix(Span(1, 1, 1, 10), "Foo", "Bar")]).changed


# --- write_atomically ----------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_permission_bits_preserved(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_failed_replace_keeps_original_and_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")

    def broken_replace(src: object, dst: object) -> None:
        raise PermissionError("simulated")

    monkeypatch.setattr(atomic_module.os, "replace", broken_replace)
    with pytest.raises(PermissionError):
        write_atomically(path, b"new")
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")
def test_symlink_target_written_and_link_kept(tmp_path: Path) -> None:
    real = tmp_path / "real" / "page.md"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "wiki" / "page.md"
    link.parent.mkdir()
    link.symlink_to(real)
    write_atomically(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["page.md"]


# --- apply_fixes / plan_fixes --------------------------------------------------------


def test_plan_fixes_filters_unsafe_and_dedupes() -> None:
    safe = Fix(Span(1, 1, 1, 8), "Foo", "Bar")
    risky = Fix(Span(2, 1, 2, 8), "Baz", "Qux", safe=False)
    diagnostics = [diag("a.md", safe), diag("a.md", safe), diag("b.md", risky), diag("c.md", None)]
    assert plan_fixes(diagnostics, unsafe=False) == {"a.md": [safe]}
    assert plan_fixes(diagnostics, unsafe=True) == {"a.md": [safe], "b.md": [risky]}


def test_apply_fixes_writes_and_dry_run_does_not(tmp_path: Path) -> None:
    text = "x [[Foo]]\n"
    (tmp_path / "a.md").write_text(text)
    fix = fix_at(text, "[[Foo]]", "Foo", "Bar")
    diagnostics = [diag("a.md", fix)]
    [dry] = apply_fixes(tmp_path, diagnostics, unsafe=False, write=False)
    assert dry.changed and (tmp_path / "a.md").read_text() == text
    [done] = apply_fixes(tmp_path, diagnostics, unsafe=False, write=True)
    assert done.error is None and (tmp_path / "a.md").read_text() == "x [[Bar]]\n"
    assert apply_fixes(tmp_path, diagnostics, unsafe=False, write=True) == [
        FileFix(tmp_path / "a.md", b"x [[Bar]]\n", b"x [[Bar]]\n", (), (fix,))
    ]


def test_write_error_does_not_stop_other_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "[[Foo]]"
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(text)
    fix = fix_at(text, text, "Foo", "Bar")
    real_replace = os.replace

    def replace_failing_for_a(src: str, dst: str) -> None:
        if Path(dst).name == "a.md":
            raise PermissionError("read-only")
        real_replace(src, dst)

    monkeypatch.setattr(atomic_module.os, "replace", replace_failing_for_a)
    missing = diag("gone.md", fix)
    a, b, gone = apply_fixes(tmp_path, [diag("b.md", fix), diag("a.md", fix), missing], unsafe=False, write=True)
    assert a.error is not None and "read-only" in a.error and (tmp_path / "a.md").read_text() == text
    assert b.error is None and (tmp_path / "b.md").read_text() == "[[Bar]]"
    assert gone.error is not None and gone.skipped == (fix,)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_path_outside_root_refused(tmp_path: Path) -> None:
    [result] = apply_fixes(tmp_path, [diag("../x.md", Fix(Span(1, 1, 1, 8), "a", "b"))], unsafe=False, write=True)
    assert result.error is not None and "outside" in result.error


# --- unified_diff ---------------------------------------------------------------------


def file_fix(before: str, after: str) -> FileFix:
    return FileFix(Path("x.md"), before.encode(), after.encode(), (), ())


def test_diff_format() -> None:
    diff = unified_diff(file_fix("a\n[[Foo]]\nc\n", "a\n[[Bar]]\nc\n"), "wiki/x.md")
    assert diff == "--- a/wiki/x.md\n+++ b/wiki/x.md\n@@ -1,3 +1,3 @@\n a\n-[[Foo]]\n+[[Bar]]\n c\n"


def test_diff_no_newline_at_end_of_file() -> None:
    diff = unified_diff(file_fix("a\n[[Foo]]", "a\n[[Bar]]"), "x.md")
    assert diff.endswith(" a\n-[[Foo]]\n\\ No newline at end of file\n+[[Bar]]\n\\ No newline at end of file\n")


def test_diff_keeps_crlf_and_ignores_bom() -> None:
    before = b"\xef\xbb\xbfa\r\n[[Foo]]\r\n"
    after = b"\xef\xbb\xbfa\r\n[[Bar]]\r\n"
    diff = unified_diff(FileFix(Path("x.md"), before, after, (), ()), "x.md")
    assert diff.endswith("@@ -1,2 +1,2 @@\n a\r\n-[[Foo]]\r\n+[[Bar]]\r\n")
    assert "\ufeff" not in diff


def test_diff_empty_when_unchanged() -> None:
    assert unified_diff(file_fix("same\n", "same\n"), "x.md") == ""


# --- property ------------------------------------------------------------------------

_SURROUNDING = st.text(st.characters(blacklist_characters="[]", blacklist_categories=("Cs",)), max_size=30)
_SAME_LINE = st.text(st.characters(blacklist_characters="[]\r\n", blacklist_categories=("Cs",)), max_size=20)
_TARGET = st.text(
    st.characters(blacklist_characters="[]|#\\\r\n", blacklist_categories=("Cs",)), min_size=1, max_size=12
).filter(lambda s: s == s.strip() and s != "")


@settings(max_examples=300, deadline=None)
@given(_SURROUNDING, _SAME_LINE, _TARGET, _TARGET, _SAME_LINE, _SURROUNDING)
def test_fix_changes_only_the_target(
    lines_before: str, left: str, old: str, new: str, right: str, lines_after: str
) -> None:
    prefix = lines_before + "\n" + left
    text = prefix + f"[[{old}]]" + right + "\r\n" + lines_after
    breaks = list(_BREAK.finditer(prefix))
    line, column = len(breaks) + 1, len(prefix) - breaks[-1].end() + 1
    fix = Fix(Span(line, column, line, column + len(old) + 4), old, new)
    new_text, skipped = apply_to_text(text, [fix])
    assert skipped == []
    assert new_text == prefix + f"[[{new}]]" + right + "\r\n" + lines_after
