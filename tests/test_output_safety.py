"""Nothing outside the site is written, read or deleted (issue 13 item 0).

The output folder's manifest can be edited by anyone who can write to the folder (a
committed site/, a shared CI workspace): a build must not delete, read or write a file it
names outside the site, and must not go through a symbolic link the site holds.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import write_wiki
from wikiforge.core.plain_files import is_plain_relative, read_regular
from wikiforge.lint.selection import load_settings
from wikiforge.pipeline import analyse
from wikiforge.site.build import BuildOptions, BuildResult, build_site
from wikiforge.site.output import MANIFEST, OutputError

WIKI = {
    "wiki/index.md": "# Home\n\nSee [[guide]].\n",
    "wiki/guide.md": "# Guide\n\nBack to [[index]].\n",
    "wiki/deep/page.md": "# Deep\n\n[[index]]\n",
}


def build(root: Path, **options: bool) -> BuildResult:
    config, selection = load_settings(root)
    return build_site(analyse(config, render=True, selection=selection), BuildOptions(**options))


def tamper(site: Path, *names: str, keep_state: bool = True) -> None:
    """Add `names` to the manifest of the site, as an attacker with write access could."""
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] = sorted([*manifest["files"], *names])
    if not keep_state:
        manifest.pop("build", None)
    (site / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = write_wiki(tmp_path / "project", WIKI)
    build(root)
    return root


@pytest.mark.parametrize("keep_state", [True, False])
def test_a_manifest_naming_a_file_beside_the_project_deletes_nothing(project: Path, keep_state: bool) -> None:
    keep = project.parent / "keep.txt"
    keep.write_text("mine", encoding="utf-8")
    nested = project.parent / "outside" / "deep"
    nested.mkdir(parents=True)
    (nested / "file.txt").write_text("mine", encoding="utf-8")
    tamper(project / "site", "../../keep.txt", "../../outside/deep/file.txt", keep_state=keep_state)
    result = build(project)
    assert keep.read_text(encoding="utf-8") == "mine"
    assert (nested / "file.txt").exists()
    assert result.removed == 0
    assert any("../../keep.txt" in warning and MANIFEST in warning for warning in result.warnings)


def test_rejected_names_are_shown_with_control_characters_escaped(project: Path) -> None:
    tamper(project / "site", "../\x1b]0;owned\x07.txt")
    (warning,) = build(project).warnings
    assert "\x1b" not in warning and "\x07" not in warning
    assert "../\\x1b]0;owned\\x07.txt" in warning


def test_a_manifest_naming_an_absolute_path_deletes_nothing(project: Path) -> None:
    keep = project.parent / "absolute.txt"
    keep.write_text("mine", encoding="utf-8")
    tamper(project / "site", str(keep))
    result = build(project)
    assert keep.exists()
    assert result.removed == 0


def test_an_invalid_entry_drops_the_build_state_and_the_next_build_is_clean(project: Path) -> None:
    tamper(project / "site", "../x")
    result = build(project)
    assert result.unchanged > 0  # still compared byte for byte with the old site
    assert result.rewritten == 0
    again = build(project)
    assert again.warnings == []


def test_a_build_state_naming_paths_outside_the_site_is_ignored(project: Path) -> None:
    site = project / "site"
    keep = project.parent / "keep.txt"
    keep.write_text("mine", encoding="utf-8")
    info = keep.stat()
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    group = next(iter(manifest["build"]["groups"]))
    manifest["build"]["groups"][group][1].append("../../keep.txt")
    manifest["build"]["outputs"]["../../keep.txt"] = [info.st_size, info.st_mtime_ns, ""]
    (site / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    build(project)
    build(project)
    assert keep.read_text(encoding="utf-8") == "mine"
    assert "../../keep.txt" not in json.loads((site / MANIFEST).read_text(encoding="utf-8"))["files"]


def test_a_symlinked_folder_in_the_site_is_refused_even_when_listed(project: Path) -> None:
    outside = project.parent / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("mine", encoding="utf-8")
    site = project / "site"
    (site / "deep").rename(project.parent / "moved")
    (site / "deep").symlink_to(outside, target_is_directory=True)
    tamper(site, "deep", "deep/index.html")
    with pytest.raises(OutputError, match="did not write"):
        build(project)
    assert (outside / "index.html").read_text(encoding="utf-8") == "mine"
    build(project, force=True)
    assert (outside / "index.html").read_text(encoding="utf-8") == "mine"
    assert not (site / "deep").is_symlink()


def test_a_symlinked_manifest_is_not_read(project: Path) -> None:
    site = project / "site"
    (site / MANIFEST).unlink()
    (site / MANIFEST).symlink_to("/dev/zero")
    with pytest.raises(OutputError, match="did not write"):
        build(project)


def test_a_manifest_partial_file_that_is_a_symlink_is_not_written_through(project: Path) -> None:
    target = project.parent / "target.txt"
    target.write_text("mine", encoding="utf-8")
    (project / "site" / (MANIFEST + ".partial")).symlink_to(target)
    (project / "wiki" / "guide.md").write_text("# Guide\n\nChanged.\n", encoding="utf-8")
    with pytest.raises(OutputError, match="partial"):
        build(project)
    build(project, force=True)
    assert target.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("a.html", True),
        ("deep/a b/index.html", True),
        ("javascript:alert(1)/index.html", True),
        ("a\\..\\b", os.altsep is None),
        ("", False),
        (".", False),
        ("../keep.txt", False),
        ("a/../../keep.txt", False),
        ("a/./b", False),
        ("a//b", False),
        ("a/", False),
        ("/etc/passwd", False),
        ("a\0b", False),
    ],
)
def test_plain_relative_names(name: str, plain: bool) -> None:
    assert is_plain_relative(name) is plain


def test_read_regular_refuses_links_fifos_devices_and_big_files(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to("/dev/zero")
    big = tmp_path / "big"
    big.write_bytes(b"x" * 11)
    for path in (fifo, link, Path("/dev/zero"), big, tmp_path):
        with pytest.raises(OSError):
            read_regular(path, 10)
    big.write_bytes(b"x" * 10)
    assert read_regular(big, 10) == b"x" * 10
