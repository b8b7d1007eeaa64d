"""A check replays the last whole check's result only while nothing it read has changed:
after any sequence of edits, additions, deletions, renames and config changes, a check
with the cache on reports exactly what a `--no-cache` check reports."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wikiforge.load.state
import wikiforge.pipeline
from conftest import write_wiki
from wikiforge.cli import main
from wikiforge.load.cache import CACHE_DIR
from wikiforge.load.state import STATE_FILE

WIKI = {
    "wiki/index.md": "# Home\n\n[[alpha]] and [[beta#Intro]] and [[ghost]].\n",
    "wiki/alpha.md": "---\ntitle: Alpha\naliases: [First]\n---\n# Alpha\n\nSee [[beta]].\n",
    "wiki/beta.md": "# Beta\n\n## Intro\n\nBack to [[alpha#Alpha]]. TODO\n",
    "raw/notes.md": "# Notes\n",
}


pytestmark = pytest.mark.usefixtures("trusted_stamps")


def check(root: Path, *args: str) -> str:
    """The findings of a check, without the summary line (which holds the time)."""
    result = CliRunner().invoke(main, ["check", str(root), "--format", "concise", "--jobs", "1", *args])
    assert result.exit_code in (0, 1), result.output
    return "\n".join(result.output.splitlines()[:-1])


def test_an_unchanged_project_is_replayed_without_analysing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    first = check(root)
    assert (root / CACHE_DIR / STATE_FILE).is_file()

    def analysed(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged project was analysed again")

    monkeypatch.setattr(wikiforge.pipeline, "run_check", analysed)
    assert check(root) == first
    assert "ghost" in first


def test_other_options_are_not_replayed(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    everything = check(root)
    assert check(root, "--ignore", "WF101") != everything
    assert check(root) == everything


def test_a_file_changed_during_or_just_before_the_run_leaves_no_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wikiforge.load.state, "SETTLED_NS", 10**12)
    root = write_wiki(tmp_path / "p", WIKI)
    check(root)
    assert not (root / CACHE_DIR / STATE_FILE).exists()


def test_a_tampered_state_is_not_replayed(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    first = check(root)
    state = root / CACHE_DIR / STATE_FILE
    data = bytearray(state.read_bytes())
    data[-5] ^= 0xFF
    state.write_bytes(bytes(data))
    (root / "wiki/beta.md").write_text("# Beta\n\n## Intro\n\nNo more placeholder.\n")
    assert check(root) == check(root, "--no-cache") != first


Edit = tuple[str, int, int]
EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            ["body", "link", "heading", "alias", "add", "delete", "rename", "touch", "config", "templates"]
        ),
        st.integers(0, 5),
        st.integers(0, 5),
    ),
    min_size=1,
    max_size=6,
)


def _pages(root: Path) -> list[Path]:
    return sorted((root / "wiki").rglob("*.md"))


def _apply(root: Path, edit: Edit) -> None:
    """One edit a person makes between two checks."""
    kind, a, b = edit
    pages = _pages(root)
    page = pages[a % len(pages)] if pages else None
    other = pages[b % len(pages)].stem if pages else "nothing"
    if kind == "add" or page is None:
        (root / "wiki" / f"new{a}{b}.md").write_text(f"# New {a}\n\n[[{other}]]\n")
    elif kind == "body":
        page.write_text(page.read_text() + f"\nMore text {b}. TBD\n")
    elif kind == "link":
        page.write_text(page.read_text() + f"\n[[{other}]] [[missing{b}]] [[{other}#Intro]]\n")
    elif kind == "heading":
        page.write_text(page.read_text().replace("## Intro", f"## Opening {b}") + "\n## Intro\n")
    elif kind == "alias":
        page.write_text(f"---\ntitle: Alpha\naliases: [Alias{b}]\n---\n" + page.read_text().split("---\n")[-1])
    elif kind == "delete" and len(pages) > 1:
        page.unlink()
    elif kind == "rename":
        page.rename(page.with_name(f"ghost{'' if b % 2 else b}.md"))  # onto a broken link's target, or not
    elif kind == "touch":
        os.utime(page)
    elif kind == "config":
        (root / "wikiforge.toml").write_text(f'ignore = ["{("WF201", "WF101", "WF401")[b % 3]}"]\n')
    elif kind == "templates":
        (root / "wiki" / ".obsidian").mkdir(exist_ok=True)
        (root / "wiki" / ".obsidian" / "templates.json").write_text(f'{{"folder": "{other}"}}')


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_after_any_edits_a_cached_check_equals_a_fresh_one(edits: list[Edit]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_wiki(Path(folder) / "p", WIKI)
        check(root)
        for edit in edits:
            _apply(root, edit)
            assert check(root) == check(root, "--no-cache"), edit
            assert check(root) == check(root, "--no-cache"), f"replayed after {edit}"


def test_a_planted_state_that_is_no_regular_file_is_ignored(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    (root / CACHE_DIR).mkdir()
    os.mkfifo(root / CACHE_DIR / STATE_FILE)
    assert check(root) == check(root, "--no-cache")  # returns: the FIFO is never opened for reading


def test_a_cache_folder_that_is_a_link_gets_no_state(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / CACHE_DIR).symlink_to(elsewhere)
    check(root)
    assert list(elsewhere.iterdir()) == []
