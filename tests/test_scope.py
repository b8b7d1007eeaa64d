"""Project discovery, files changed in git, and files named on the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from wikiforge.load.scope import ScopeError, changed_files, find_root, pages_from_arguments

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed; changed_files needs it")


def touch(path: Path, text: str = "x\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# find_root


@pytest.mark.parametrize(
    "marker",
    [
        ("wikiforge.toml", "content_dir = 'notes'\n"),
        ("pyproject.toml", "[project]\nname = 'x'\n\n[tool.wikiforge]\ncontent_dir = 'notes'\n"),
        ("wiki/index.md", "# Home\n"),
    ],
)
def test_find_root_from_a_deep_folder(tmp_path: Path, marker: tuple[str, str]) -> None:
    touch(tmp_path / "project" / marker[0], marker[1])
    deep = tmp_path / "project" / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_root(deep) == (tmp_path / "project").resolve()


def test_find_root_from_a_file_and_a_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = touch(tmp_path / "wiki" / "index.md")
    assert find_root(page) == tmp_path.resolve()
    monkeypatch.chdir(tmp_path / "wiki")
    assert find_root(Path(".")) == tmp_path.resolve()


def test_pyproject_without_the_table_does_not_count(tmp_path: Path) -> None:
    touch(tmp_path / "wikiforge.toml", "")
    touch(tmp_path / "inner" / "pyproject.toml", "[tool.ruff]\nline-length = 120\n")
    (tmp_path / "inner" / "src").mkdir()
    assert find_root(tmp_path / "inner" / "src") == tmp_path.resolve()


@pytest.mark.parametrize(
    "content",
    [b"[tool.wikiforge\n", b"\xff\xfe not utf-8", b"tool = 'a string'\n", b"[tool]\nwikiforge = 3\n"],
)
def test_invalid_pyproject_does_not_crash_or_count(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "wiki").mkdir()
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_bytes(content)
    assert find_root(inner) == tmp_path.resolve()


def test_nearest_marker_wins(tmp_path: Path) -> None:
    touch(tmp_path / "wikiforge.toml", "")
    touch(tmp_path / "docs" / "pyproject.toml", "[tool.wikiforge]\n")
    (tmp_path / "docs" / "sub" / "wiki").mkdir(parents=True)
    assert find_root(tmp_path / "docs" / "sub" / "deeper") == (tmp_path / "docs" / "sub").resolve()
    assert find_root(tmp_path / "docs" / "other") == (tmp_path / "docs").resolve()


def isolated(tmp_path: Path) -> None:
    """Skip when a folder above the temp dir is itself a project, so "nothing found" is testable."""
    if find_root(tmp_path.parent) is not None:
        pytest.skip("a folder above the temp dir looks like a wikiforge project")


def test_find_root_none_when_nothing_found_up_to_the_filesystem_root(tmp_path: Path) -> None:
    isolated(tmp_path)
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert find_root(tmp_path / "a" / "b") is None


def test_a_file_named_wiki_is_not_a_marker(tmp_path: Path) -> None:
    isolated(tmp_path)
    touch(tmp_path / "x" / "wiki")
    assert find_root(tmp_path / "x") is None


# changed_files


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.com"]
        + ["-c", "commit.gpgsign=false", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with one commit (tag `base`): README.md, wiki/old.md, wiki/gone.md, wiki/keep.md."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for name in ("README.md", "wiki/old.md", "wiki/gone.md", "wiki/keep.md", "wiki/staged-gone.md"):
        touch(repo / name)
    touch(repo / ".gitignore", "*.log\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "tag", "base")
    return repo


@needs_git
def test_changed_files_covers_committed_staged_unstaged_and_untracked(repo: Path) -> None:
    touch(repo / "wiki" / "committed.md")
    git(repo, "add", "wiki/committed.md")
    git(repo, "commit", "-q", "-m", "more")
    touch(repo / "wiki" / "staged.md")
    git(repo, "add", "wiki/staged.md")
    touch(repo / "wiki" / "old.md", "changed\n")
    touch(repo / "wiki" / "untracked.md")
    touch(repo / "wiki" / "debug.log")
    touch(repo / "README.md", "changed\n")
    (repo / "wiki" / "gone.md").unlink()
    git(repo, "rm", "-q", "wiki/staged-gone.md")
    assert changed_files(repo, "base") == [
        repo / "README.md",
        repo / "wiki" / "committed.md",
        repo / "wiki" / "old.md",
        repo / "wiki" / "staged.md",
        repo / "wiki" / "untracked.md",
    ]
    assert changed_files(repo, "HEAD") == [
        repo / "README.md",
        repo / "wiki" / "old.md",
        repo / "wiki" / "staged.md",
        repo / "wiki" / "untracked.md",
    ]


@needs_git
def test_changed_files_only_under_root(repo: Path) -> None:
    touch(repo / "README.md", "changed\n")
    touch(repo / "other" / "new.md")
    touch(repo / "wiki" / "old.md", "changed\n")
    touch(repo / "wiki" / "sub" / "new.md")
    assert changed_files(repo / "wiki", "base") == [repo / "wiki" / "old.md", repo / "wiki" / "sub" / "new.md"]


@needs_git
def test_changed_files_reports_renames_by_their_new_name(repo: Path) -> None:
    git(repo, "mv", "wiki/keep.md", "wiki/kept.md")
    assert changed_files(repo, "base") == [repo / "wiki" / "kept.md"]


@needs_git
def test_changed_files_handles_non_ascii_names(repo: Path) -> None:
    touch(repo / "wiki" / "café.md")
    touch(repo / "wiki" / "日本語 notes.md")
    git(repo, "add", "wiki/café.md")
    assert changed_files(repo, "base") == [repo / "wiki" / "café.md", repo / "wiki" / "日本語 notes.md"]


@needs_git
def test_unknown_revision_is_a_scope_error(repo: Path) -> None:
    with pytest.raises(ScopeError, match=r"cannot compare with revision 'no-such-rev': fatal: .*no-such-rev"):
        changed_files(repo, "no-such-rev")


@needs_git
def test_revision_that_looks_like_an_option_is_refused(repo: Path) -> None:
    with pytest.raises(ScopeError, match="is not a git revision"):
        changed_files(repo, "--output=x")
    assert not (repo / "x").exists()


@needs_git
def test_not_a_repository_is_a_scope_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(ScopeError, match=r"not in a git repository: fatal: not a git repository"):
        changed_files(plain, "HEAD")


def test_missing_git_is_a_scope_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(ScopeError, match="git is not installed"):
        changed_files(tmp_path, "HEAD")


# pages_from_arguments


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in ("README.md", "wiki/index.md", "wiki/sub/page.md", "wiki/logo.png", "raw/doc.md", "wiki/.hidden/x.md"):
        touch(root / name)
    touch(tmp_path / "outside.md")
    return root


def test_pages_from_relative_and_absolute_paths(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "wiki")
    files = [Path("index.md"), project / "wiki" / "sub" / "page.md", Path("sub/../index.md")]
    assert pages_from_arguments(project, files, "wiki") == (["wiki/index.md", "wiki/sub/page.md"], [])


def test_files_that_are_not_pages_are_ignored_as_typed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    files = [
        Path("README.md"),
        Path("raw/doc.md"),
        Path("wiki/logo.png"),
        Path("wiki/.hidden/x.md"),
        Path("wiki/missing.md"),
        Path("wiki/sub"),
        Path("../outside.md"),
        Path("wiki/index.md"),
    ]
    pages, ignored = pages_from_arguments(project, files, "wiki")
    assert pages == ["wiki/index.md"]
    assert ignored == [str(f) for f in files[:-1]]


def test_whole_root_as_content_folder(project: Path) -> None:
    files = [project / "README.md", project / "wiki" / "index.md", project.parent / "outside.md"]
    assert pages_from_arguments(project, files, ".") == (
        ["README.md", "wiki/index.md"],
        [str(project.parent / "outside.md")],
    )


def test_root_reached_through_a_symlink(project: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(project, target_is_directory=True)
    files = [project / "wiki" / "index.md", link / "wiki" / "sub" / "page.md"]
    assert pages_from_arguments(link, files, "wiki") == (["wiki/index.md", "wiki/sub/page.md"], [])


def test_page_that_is_a_symlink_keeps_its_own_name(project: Path, tmp_path: Path) -> None:
    (project / "wiki" / "alias.md").symlink_to(tmp_path / "outside.md")
    pages, ignored = pages_from_arguments(project, [project / "wiki" / "alias.md"], "wiki")
    assert (pages, ignored) == (["wiki/alias.md"], [])


def test_page_names_are_nfc(project: Path) -> None:
    decomposed = touch(project / "wiki" / "cafe\u0301.md")
    assert pages_from_arguments(project, [decomposed], "wiki") == (["wiki/caf\u00e9.md"], [])
