"""Discovery on hostile file systems, and names shown safely in every report format.

The hostile corpus (`tests/hostile/fs_*`) runs these inputs end to end; here are the
parts it cannot reach: a folder that cannot be listed (tests run as root, which reads any
folder, so the failure is simulated), the no-project exit code, and every format fed
with names no terminal or parser should see raw.
"""

from __future__ import annotations

import errno
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_build
from wikiforge.analysis import CheckResult
from wikiforge.cli import main
from wikiforge.config.settings import load_config
from wikiforge.core.diagnostic import Diagnostic, Severity, Span
from wikiforge.core.printable import printable
from wikiforge.load.discover import discover
from wikiforge.load.options import LoadOptions
from wikiforge.pipeline import run_check
from wikiforge.report import FORMATS, format_report

UNSAFE = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0x202E]}


def findings(root: Path) -> list[tuple[str, str, str]]:
    result = run_check(load_config(root), load=LoadOptions(jobs=1, cache=False))
    return [(d.path, d.code, d.message) for d in result.diagnostics]


# --- folders ------------------------------------------------------------------------------


def test_a_folder_that_cannot_be_listed_is_wf001_and_the_rest_is_checked(make_wiki, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wiki/index.md": "# Index\n\n[[ok]]\n", "wiki/ok.md": "# OK\n", "wiki/locked/hidden.md": "# H\n"})
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> Iterator[os.DirEntry[str]]:
        if Path(path).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = findings(root)
    assert ("wiki/locked", "WF001", "folder cannot be read: Permission denied; its files are not checked") in found
    assert [p for p, code, _ in found if code != "WF001"] == []
    assert "wiki/ok.md" in discover(load_config(root)).pages


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder of mode 000; simulated above")
def test_a_chmod_000_folder_is_wf001(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wiki/index.md": "# Index\n", "wiki/locked/hidden.md": "# H\n"})
    (root / "wiki/locked").chmod(0)
    try:
        assert ("wiki/locked", "WF001") in [(p, c) for p, c, _ in findings(root)]
    finally:
        (root / "wiki/locked").chmod(0o755)


def test_content_and_sources_folders_leading_out_are_refused(make_wiki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "doc.md").write_text("# Doc\n", encoding="utf-8")
    (outside / "deep" / "page.md").write_text("# Page\n", encoding="utf-8")
    root = make_wiki({"project/wiki/index.md": "# Index\n"}) / "project"
    (root / "raw").symlink_to(outside, target_is_directory=True)
    (root / "wiki" / "linked").symlink_to(outside / "deep", target_is_directory=True)
    (root / "wiki" / "inside").symlink_to(root / "wiki", target_is_directory=True)
    files = discover(load_config(root))
    assert files.sources == [] and files.pages == ["wiki/index.md"]
    assert sorted(files.refused) == ["raw", "wiki/linked"]
    assert files.folders == ["wiki/inside"]  # a link to a folder inside: not followed, not refused


def test_a_content_folder_leading_out_gives_no_pages_and_one_finding(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text("# Secret\n", encoding="utf-8")
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "wiki").symlink_to(tmp_path / "outside", target_is_directory=True)
    assert findings(tmp_path / "project") == [
        ("wiki", "WF001", "folder is a symbolic link to a folder outside the project; its files are not read")
    ]


def test_a_sources_folder_linked_inside_the_project_is_still_read(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wiki/index.md": "# Index\n", "archive/doc.md": "# Doc\n"})
    (root / "raw").symlink_to(root / "archive", target_is_directory=True)
    files = discover(load_config(root))
    assert files.sources == ["raw/doc.md"] and files.refused == {}


# --- no project ---------------------------------------------------------------------------


def test_check_with_no_project_exits_2_as_build_does(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    for command in ("check", "build"):
        result = CliRunner().invoke(main, [command])
        assert result.exit_code == 2, result.output
        assert "no wikiforge project here or above" in result.stderr


def test_an_explicit_folder_without_pages_still_checks_clean(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 0 and result.stdout.startswith("No problems found: 0 pages")


# --- names in reports ---------------------------------------------------------------------


def test_printable_escapes_controls_and_undecodable_bytes_only() -> None:
    assert printable("evil\x1b]0;pwned\x07.md") == "evil\\x1b]0;pwned\\x07.md"
    assert printable("cr\rlf\ntab\t") == "cr\\rlf\\ntab\\t"
    assert printable("caf\udce9.md") == "caf\\xe9.md"
    assert printable("a\u202eb\u2028c\x85") == "a\\u202eb\\u2028c\\x85"
    assert printable("Café 東京 👨‍👩‍👧 back\\slash") == "Café 東京 👨‍👩‍👧 back\\slash"


@given(st.text())
def test_printable_leaves_nothing_unsafe(text: str) -> None:
    shown = printable(text)
    assert not set(shown) & UNSAFE
    shown.encode("utf-8")
    assert printable(shown) == shown


NASTY = ("wiki/evil\x1b]0;pwned\x07.md", "wiki/cr\rlf\nname.md", "wiki/caf\udce9.md", "wiki/bidi\u202e.md")


def nasty_result(root: Path) -> CheckResult:
    diagnostics = [
        Diagnostic(path, Span(1, 1, 1, 5), "WF101", "broken-link", Severity.ERROR, f"link [[x\x1b[31m{i}\r]] broken")
        for i, path in enumerate(NASTY)
    ]
    diagnostics.sort(key=lambda d: d.sort_key)
    return CheckResult(diagnostics, len(NASTY), 0, 0.1, root, tuple(sorted(NASTY)))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_shows_names_and_messages_escaped_and_stays_valid(fmt: str, tmp_path: Path) -> None:
    report = format_report(nasty_result(tmp_path), fmt)
    report.encode("utf-8")
    assert not set(report) & (UNSAFE - {"\n"})
    if fmt in ("concise", "github"):
        assert len(report.splitlines()) == len(NASTY) + 1
    if fmt == "json":
        paths = [d["path"] for d in json.loads(report)["diagnostics"]]
        assert "wiki/evil\\x1b]0;pwned\\x07.md" in paths and "wiki/caf\\xe9.md" in paths
    if fmt == "sarif":
        uris = [
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(report)["runs"][0]["results"]
        ]
        assert "wiki/caf%E9.md" in uris and "wiki/evil%1B%5D0%3Bpwned%07.md" in uris
    if fmt == "junit":
        names = [case.attrib["name"] for case in ET.fromstring(report).iter("testcase")]
        assert "wiki/cr\\rlf\\nname.md" in names


def test_a_template_linked_out_of_the_project_is_refused(make_wiki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path.parent / f"{tmp_path.name}-page.html"
    outside.write_text("outside-template {{ page }}", encoding="utf-8")
    root = make_wiki({"wiki/index.md": "# Index\n"})
    (root / "templates").mkdir()
    (root / "templates" / "page.html").symlink_to(outside)
    result = run_build(root)
    assert result.exit_code == 2
    assert "template page.html is a symbolic link out of the project" in result.output
    assert not (root / "site").exists()
