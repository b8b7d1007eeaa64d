"""Baselines: old findings stay quiet across edits, new ones are reported, the file diffs well."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wikiforge.config.settings import load_config
from wikiforge.core.diagnostic import Diagnostic, Severity, Span
from wikiforge.lint.baseline import Baseline, BaselineError, load_baseline, write_baseline
from wikiforge.pipeline import run_check


def broken(path: str, line: int, target: str = "missing", column: int = 5) -> Diagnostic:
    return Diagnostic(
        path=path,
        span=Span(line, column, line, column + len(target) + 4),
        code="WF101",
        rule="broken-link",
        severity=Severity.ERROR,
        message=f"link [[{target}]] matches no page or file",
    )


def baseline_of(tmp_path: Path, diagnostics: list[Diagnostic]) -> Baseline:
    path = tmp_path / "baseline.json"
    write_baseline(path, diagnostics)
    return load_baseline(path)


OLD = [broken("wiki/a.md", 3), broken("wiki/a.md", 7, "other"), broken("wiki/b.md", 2)]


def test_round_trip_suppresses_everything_recorded(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    assert write_baseline(path, OLD) == 3
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["wikiforge_baseline"] == 1
    assert [(f["path"], f["code"], f["rule"], f["line"]) for f in data["findings"]] == [
        ("wiki/a.md", "WF101", "broken-link", 3),
        ("wiki/a.md", "WF101", "broken-link", 7),
        ("wiki/b.md", "WF101", "broken-link", 2),
    ]
    assert set(data["findings"][0]) == {"fingerprint", "path", "code", "rule", "message", "line"}
    baseline = load_baseline(path)
    assert len(baseline.entries) == 3
    assert baseline.filter(OLD) == ([], 3)
    assert baseline.stale(OLD) == 0


def test_finding_keeps_matching_after_lines_inserted_above(tmp_path: Path) -> None:
    baseline = baseline_of(tmp_path, OLD)
    moved = [broken("wiki/a.md", 8, column=1), broken("wiki/a.md", 12, "other"), broken("wiki/b.md", 40)]
    assert baseline.filter(moved) == ([], 3)


def test_new_identical_finding_in_same_file_is_reported_once(tmp_path: Path) -> None:
    baseline = baseline_of(tmp_path, [broken("wiki/a.md", 3), broken("wiki/a.md", 9)])
    current = [broken("wiki/a.md", 3), broken("wiki/a.md", 9), broken("wiki/a.md", 20)]
    new, matched = baseline.filter(current)
    assert (len(new), matched) == (1, 2)
    assert new[0].path == "wiki/a.md"


def test_same_finding_in_another_file_is_new(tmp_path: Path) -> None:
    baseline = baseline_of(tmp_path, OLD)
    extra = broken("wiki/c.md", 3)
    assert baseline.filter([*OLD, extra]) == ([extra], 3)


def test_filter_accepts_unsorted_input_and_keeps_its_order(tmp_path: Path) -> None:
    baseline = baseline_of(tmp_path, [broken("wiki/a.md", 3)])
    later, earlier = broken("wiki/z.md", 1), broken("wiki/a.md", 1)
    new, matched = baseline.filter([later, broken("wiki/a.md", 30), earlier])
    assert new == [later, broken("wiki/a.md", 30)]
    assert matched == 1


def test_fixed_findings_are_counted_as_stale(tmp_path: Path) -> None:
    baseline = baseline_of(tmp_path, OLD)
    assert baseline.stale(OLD[:1]) == 2
    assert baseline.stale([]) == 3
    assert baseline.filter(OLD[:1]) == ([], 1)


def test_rewrite_is_byte_identical_and_ignores_input_order(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, OLD)
    first = path.read_bytes()
    write_baseline(path, list(reversed(OLD)))
    assert path.read_bytes() == first
    assert first.endswith(b"}\n") and b'\n  "findings": [\n' in first
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]


def test_entries_are_not_ordered_by_line(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, [broken("wiki/a.md", 3, "zeta"), broken("wiki/a.md", 9, "alpha")])
    before = [f["message"] for f in json.loads(path.read_text(encoding="utf-8"))["findings"]]
    write_baseline(path, [broken("wiki/a.md", 30, "zeta"), broken("wiki/a.md", 2, "alpha")])
    after = [f["message"] for f in json.loads(path.read_text(encoding="utf-8"))["findings"]]
    assert before == after


def test_non_ascii_messages_are_written_readably(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, [broken("wiki/café.md", 1, "naïve")])
    assert "wiki/café.md" in path.read_text(encoding="utf-8")
    assert load_baseline(path).filter([broken("wiki/café.md", 4, "naïve")]) == ([], 1)


def test_write_into_missing_folder_creates_it(tmp_path: Path) -> None:
    write_baseline(tmp_path / "new" / "folder" / "baseline.json", OLD)
    assert load_baseline(tmp_path / "new" / "folder" / "baseline.json").filter(OLD) == ([], len(OLD))


def test_write_where_a_folder_cannot_be_made_is_a_baseline_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(BaselineError, match="cannot write baseline"):
        write_baseline(tmp_path / "file" / "baseline.json", OLD)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match=r"baseline\.json: baseline file not found"):
        load_baseline(tmp_path / "baseline.json")


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="cannot read baseline"):
        load_baseline(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_bytes(b"\xff\xfe{}")
    with pytest.raises(BaselineError, match="not UTF-8"):
        load_baseline(path)


def test_not_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text('{\n  "wikiforge_baseline": 1,\n  "findings": [,]\n}\n', encoding="utf-8")
    with pytest.raises(BaselineError, match=r"baseline\.json:3:16: baseline is not valid JSON: Expecting value"):
        load_baseline(path)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ([], r'not a wikiforge baseline: expected an object \{"wikiforge_baseline": 1, "findings": \[\.\.\.\]\}'),
        ({"findings": []}, "not a wikiforge baseline: expected an object"),
        ({"wikiforge_baseline": 2, "findings": []}, "unsupported baseline version 2: expected 1; rewrite"),
        ({"wikiforge_baseline": True, "findings": []}, "unsupported baseline version True"),
        ({"wikiforge_baseline": 1}, '"findings" must be a list of findings'),
        ({"wikiforge_baseline": 1, "findings": {}}, '"findings" must be a list of findings'),
        ({"wikiforge_baseline": 1, "findings": ["x"]}, "finding 1: expected an object with fingerprint, path"),
    ],
)
def test_wrong_shape_or_version(tmp_path: Path, document: object, expected: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(BaselineError, match=expected):
        load_baseline(path)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"fingerprint": ""}, '"fingerprint" must be a non-empty string'),
        ({"rule": 3}, '"rule" must be a non-empty string'),
        ({"line": "3"}, '"line" must be an integer'),
        ({"line": None}, '"line" must be an integer'),
    ],
)
def test_bad_entry_names_its_position_and_field(tmp_path: Path, change: dict[str, object], expected: str) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, OLD)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["findings"][1].update(change)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BaselineError, match="finding 2: " + expected):
        load_baseline(path)


def test_end_to_end_with_the_real_check(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki(
        {
            "wiki/index.md": "# Home\n\n[[a]] [[gone]]\n",
            "wiki/a.md": "# A\n\nBack to [[index]], see [[missing-page]].\n",
        }
    )
    before = run_check(load_config(root)).diagnostics
    assert before, "the sample wiki should start with findings"
    path = root / ".wikiforge-baseline.json"
    assert write_baseline(path, before) == len(before)
    baseline = load_baseline(path)

    page = root / "wiki" / "a.md"
    page.write_text("intro\n" * 5 + page.read_text(encoding="utf-8"), encoding="utf-8")
    shifted = run_check(load_config(root)).diagnostics
    assert [d.span.line for d in shifted] != [d.span.line for d in before]
    assert baseline.filter(shifted) == ([], len(before))

    page.write_text(page.read_text(encoding="utf-8") + "\nAlso [[nowhere]].\n", encoding="utf-8")
    new, matched = baseline.filter(run_check(load_config(root)).diagnostics)
    assert matched == len(before)
    assert [(d.path, d.code, d.message) for d in new] == [
        ("wiki/a.md", "WF101", "link [[nowhere]] matches no page or file")
    ]
    assert baseline.stale(run_check(load_config(root)).diagnostics) == 0
