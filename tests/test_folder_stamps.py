"""A build after an edit lists only the site folders whose time moved since a build found
them clean (`site/folder_stamps.py`), and still refuses a site holding files no build
wrote, wherever they were put."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import wikiforge.load.state
from conftest import run_build, write_wiki
from test_incremental_build import WIKI
from wikiforge.core.files import SETTLED_NS as RACY_NS
from wikiforge.site.folder_stamps import UNSURE, foreign_since, written_in

OLD_NS = 1_000_000_000_000_000_000  # 2001: every folder time in these tests is set well before "now"
NOW_NS = OLD_NS + 10 * RACY_NS


def _site(top: Path) -> set[str]:
    """A small site: two page folders and a file at the top; every folder made old."""
    for name in ("index.html", "a/index.html", "a/b/index.html", "c/index.html"):
        (top / name).parent.mkdir(parents=True, exist_ok=True)
        (top / name).write_text(name, encoding="utf-8")
    _age(top)
    return {"index.html", "a/index.html", "a/b/index.html", "c/index.html"}


def _age(top: Path) -> None:
    for folder in (top, *(p for p in top.rglob("*") if p.is_dir() and not p.is_symlink())):
        os.utime(folder, ns=(OLD_NS, OLD_NS))


def test_a_first_look_lists_every_folder_and_stamps_it(tmp_path: Path) -> None:
    listed = _site(tmp_path)
    foreign, stamps = foreign_since(str(tmp_path), listed, None, NOW_NS)
    assert foreign == []
    assert stamps == {"": OLD_NS, "a": OLD_NS, "a/b": OLD_NS, "c": OLD_NS}


def test_a_folder_whose_time_did_not_move_is_not_listed_again(tmp_path: Path) -> None:
    listed = _site(tmp_path)
    _, stamps = foreign_since(str(tmp_path), listed, None, NOW_NS)
    (tmp_path / "c/planted.txt").write_text("x", encoding="utf-8")
    os.utime(tmp_path / "c", ns=(OLD_NS, OLD_NS))  # a file added without moving the time is trusted away
    assert foreign_since(str(tmp_path), listed, stamps, NOW_NS) == ([], stamps)


@pytest.mark.parametrize(
    ("plant", "found"),
    [
        (lambda top: (top / "a/b/notes.txt").write_text("x", encoding="utf-8"), ["a/b/notes.txt"]),
        (lambda top: (top / "top.txt").write_text("x", encoding="utf-8"), ["top.txt"]),
        (
            lambda top: ((top / "a/new/deeper").mkdir(parents=True), (top / "a/new/deeper/x.png").write_bytes(b"")),
            ["a/new/deeper/x.png"],
        ),
        (lambda top: (top / "c/index.html").rename(top / "c/renamed.html"), ["c/renamed.html"]),
        (lambda top: (top / "c/link.html").symlink_to(top / "index.html"), ["c/link.html (a symbolic link)"]),
    ],
    ids=["file in a deep folder", "file at the top", "new folders", "renamed file", "symbolic link"],
)
def test_a_file_no_build_wrote_is_found_wherever_it_is(tmp_path: Path, plant: object, found: list[str]) -> None:
    listed = _site(tmp_path)
    _, stamps = foreign_since(str(tmp_path), listed, None, NOW_NS)
    plant(tmp_path)  # type: ignore[operator]
    assert foreign_since(str(tmp_path), listed, stamps, NOW_NS + RACY_NS)[0] == found


def test_a_folder_replaced_by_a_link_is_foreign_and_a_removed_one_is_forgotten(tmp_path: Path) -> None:
    listed = _site(tmp_path)
    _, stamps = foreign_since(str(tmp_path), listed, None, NOW_NS)
    for name in ("a/b/index.html", "c/index.html"):
        (tmp_path / name).unlink()
    (tmp_path / "a/b").rmdir()
    (tmp_path / "c").rmdir()
    (tmp_path / "c").symlink_to(tmp_path / "a")
    foreign, after = foreign_since(str(tmp_path), listed, stamps, NOW_NS + RACY_NS)
    assert foreign == ["c (a symbolic link)"]
    assert set(after) == {"", "a"}


def test_a_time_seen_within_the_racy_window_is_not_trusted(tmp_path: Path) -> None:
    listed = _site(tmp_path)
    os.utime(tmp_path / "c", ns=(NOW_NS - RACY_NS // 2, NOW_NS - RACY_NS // 2))
    _, stamps = foreign_since(str(tmp_path), listed, None, NOW_NS)
    assert stamps["c"] == UNSURE and stamps["a"] == OLD_NS


def test_folders_written_into_and_those_above_them_are_listed_next_time() -> None:
    stamps = {"": 5, "a": 5, "a/b": 5, "a/b/c": 5, "d": 5}
    after = written_in(stamps, ["a/b/index.html"])
    assert after == {"": UNSURE, "a": UNSURE, "a/b": UNSURE, "a/b/c": 5, "d": 5}
    assert stamps["a"] == 5  # the stamps given are left as they were


def test_builds_after_edits_refuse_a_file_planted_in_an_old_page_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(wikiforge.load.state, "SETTLED_NS", 0)
    root, out = write_wiki(tmp_path / "project", WIKI), tmp_path / "out"
    for number in range(3):  # a whole build, then builds after an edit keeping the folders' stamps
        _append(root / "wiki/plain.md", f"Edit {number}.")
        assert run_build(root, "--out", out, "--jobs", "1").exit_code == 0
        _age(out)  # as if the builds were long ago: every time is out of the racy window
    assert list((root / ".wikiforge_cache").glob("site-*/folders"))
    (out / "guide/planted.txt").write_text("mine", encoding="utf-8")
    _append(root / "wiki/plain.md", "The last edit.")
    result = run_build(root, "--out", out, "--jobs", "1")
    assert result.exit_code == 2
    assert "did not write (guide/planted.txt)" in result.output
    assert (out / "guide/planted.txt").read_text(encoding="utf-8") == "mine"


def _append(page: Path, sentence: str) -> None:
    page.write_text(page.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")


def test_the_racy_window_covers_the_coarsest_file_system_times() -> None:
    assert RACY_NS >= 2_000_000_000  # FAT keeps times in two-second steps
