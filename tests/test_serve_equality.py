"""A long-running `serve` keeps its analysis in memory and patches its site in place;
after any sequence of edits its site must equal, byte for byte, a fresh `build --no-cache`
of the same files (the manifest aside, which holds file times)."""

from __future__ import annotations

import shutil
import tempfile
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
