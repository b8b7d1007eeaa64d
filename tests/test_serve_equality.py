"""A long-running `serve` keeps its analysis in memory and patches its site in place;
after any sequence of edits its site must equal, byte for byte, a fresh `build --no-cache`
of the same files (the manifest aside, which holds file times)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wikiforge.load.state
from conftest import run_build, snapshot, write_wiki
from test_check_state import WIKI, Edit, _apply
from test_incremental import EDITS as INCREMENTAL_EDITS
from test_incremental import _apply as apply_edit
from wikiforge.load.options import LoadOptions
from wikiforge.serve.live import LiveSite
from wikiforge.site.incremental import Dependencies
from wikiforge.site.output import MANIFEST

EDITS = st.lists(
    st.tuples(
        st.sampled_from(("body", "link", "heading", "alias", "add", "delete", "rename", "config", "templates")),
        st.integers(0, 5),
        st.integers(0, 5),
    ),
    min_size=1,
    max_size=5,
)


@pytest.fixture(autouse=True)
def private_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def _site(folder: Path) -> dict[str, bytes]:
    return {path: data for path, data in snapshot(folder).items() if path != MANIFEST}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_after_any_edits_the_served_site_equals_a_fresh_build(edits: list[Edit]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_wiki(Path(folder) / "p", WIKI)
        live = LiveSite(root, Path(folder) / "served", LoadOptions(jobs=1))
        assert live.rebuild(config_changed=True).error is None
        for edit in edits:
            _apply(root, edit)
            rebuilt = live.rebuild(config_changed=edit[0] in ("config", "templates"))
            assert rebuilt.error is None, rebuilt.error
        fresh = Path(folder) / "fresh"
        result = run_build(root, "--out", fresh, "--no-cache", "--jobs", "1")
        assert result.exit_code == 0, result.output
        assert _site(Path(folder) / "served") == _site(fresh)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=INCREMENTAL_EDITS)
def test_after_any_edits_on_a_generated_wiki_the_served_site_equals_a_fresh_build(
    generated: Path, edits: list[Edit]
) -> None:
    """The same on the generated wiki, with the incremental check's edits (renames onto
    broken targets, twins, aliases, clients, attachments…), and stamps trusted at once,
    so that unchanged stamps are what tells a file unchanged."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(wikiforge.load.state, "SETTLED_NS", 0)
        root = Path(folder) / "p"
        shutil.copytree(generated, root)
        live = LiveSite(root, Path(folder) / "served", LoadOptions(jobs=1))
        assert live.rebuild(config_changed=True).error is None
        for edit in edits:
            apply_edit(root, edit)
            rebuilt = live.rebuild()
            assert rebuilt.error is None, rebuilt.error
        fresh = Path(folder) / "fresh"
        result = run_build(root, "--out", fresh, "--no-cache", "--jobs", "1")
        assert result.exit_code == 0, result.output
        assert _site(Path(folder) / "served") == _site(fresh)


CARRIED = {
    "wiki/a.md": "# A\n\nA links to [[b]] here.\n",
    "wiki/b.md": "# B\n\nB stands alone.\n",
    "wiki/c.md": "# C\n\n![[a]]\n",
    "wiki/d.md": "# D\n\n![[c]]\n",
    "wiki/e.md": "# E\n\nE links to [[b]] as well.\n",
    "wiki/f.md": "# F\n\nF links to [[e]] and [[b]].\n",
    "wiki/g.md": "---\nsource_docs: [raw/notes.md]\n---\n# G\n\nG cites the notes.\n",
    "raw/notes.md": "# Notes\n\nAbout [[a]].\n",
}


def _recorded(method: Callable[[Dependencies, str, str], str], made: list[str]) -> Callable[..., str]:
    def recorded(self: Dependencies, path: str, at: str) -> str:
        made.append(path)
        return method(self, path, at)

    return recorded


def test_a_body_edit_renders_the_page_what_lists_it_as_a_backlink_and_what_embeds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save that changes no title, heading, tag, name or finding: the next rebuild takes
    the other pages' fingerprints from the last one (`Dependencies.carry`) and renders
    only the edited page, the page whose backlinks quote it and the pages embedding it,
    however deeply; the site still equals a fresh build."""
    root = write_wiki(tmp_path / "p", CARRIED)
    live = LiveSite(root, tmp_path / "served", LoadOptions(jobs=1))
    assert live.rebuild(config_changed=True).error is None
    made: list[str] = []
    for method in ("_page", "_document"):
        made_by = getattr(Dependencies, method)
        monkeypatch.setattr(Dependencies, method, _recorded(made_by, made))
    (root / "wiki/a.md").write_text("# A\n\nA now links to [[b]] over there.\n")
    assert live.rebuild().error is None
    assert sorted(made) == ["wiki/a.md", "wiki/b.md", "wiki/c.md", "wiki/d.md"]
    pages = [path for path in live.snapshot.changed if not path.startswith("_static/search/")]
    assert sorted(pages) == ["a/index.html", "b/index.html", "c/index.html", "d/index.html"]  # and a's words
    fresh = tmp_path / "fresh"
    assert run_build(root, "--out", fresh, "--no-cache", "--jobs", "1").exit_code == 0
    assert _site(tmp_path / "served") == _site(fresh)
    made.clear()
    (root / "wiki/a.md").write_text("# A new title\n\nA now links to [[b]] over there.\n")
    assert live.rebuild().error is None
    assert len(made) == len(CARRIED)  # a title shows on other pages: every fingerprint is made again
