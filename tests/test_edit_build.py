"""`wikiforge build` after an edit (issue 15): from the analysis and site state the last
build kept, it writes only the files the edit reached (`site/update.py`), and the site it
leaves is byte for byte the site a fresh `build --no-cache` makes, after any sequence of
edits. Edits that change what every page shows (a title, a tag, a page added or gone,
the finding count) build the whole site, as before."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wikiforge.load.state
import wikiforge.site.update
from conftest import run_build, snapshot, write_wiki
from test_check_state import WIKI as CHECK_WIKI
from test_check_state import Edit, _apply
from test_incremental import EDITS as INCREMENTAL_EDITS
from test_incremental import _apply as apply_edit
from test_incremental_build import EDITS, WIKI
from test_serve_equality import EDITS as SERVE_EDITS
from wikiforge.cli import main
from wikiforge.site.output import MANIFEST

PARTIAL = {
    "body sentence",
    "end of an embed chain",
    "link text in a backlink sentence",
    "source document",
    "attachment",
    "owner's page body",
}
"""The named edits that leave what every page shows as it was."""


@pytest.fixture(autouse=True)
def private_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(wikiforge.load.state, "SETTLED_NS", 0)


@pytest.fixture
def partial(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Whether each build wrote only what its edit reached (True) or the whole site."""
    taken: list[bool] = []
    real = wikiforge.site.update.update_site

    def recorded(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        taken.append(result is not None)
        return result

    monkeypatch.setattr("wikiforge.commands.build.update_site", recorded)
    yield taken


def _site(folder: Path) -> dict[str, bytes]:
    return {path: data for path, data in snapshot(folder).items() if path != MANIFEST}


def _same_as_fresh(root: Path, out: Path, scratch: Path) -> None:
    fresh = scratch / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    result = run_build(root, "--out", fresh, "--no-cache", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert _site(out) == _site(fresh)


def _check(root: Path) -> None:
    """A `check` with the cache on: it keeps the analysis state a build also starts from."""
    result = CliRunner().invoke(main, ["check", str(root), "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output


def _build(root: Path, out: Path) -> str:
    result = run_build(root, "--out", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("name", list(EDITS))
def test_after_an_edit_the_site_equals_a_fresh_build(tmp_path: Path, name: str, partial: list[bool]) -> None:
    root = write_wiki(tmp_path / "project", WIKI)
    out = tmp_path / "out"
    _build(root, out)
    _build(root, out)
    before = len(partial)
    EDITS[name](root)
    _build(root, out)
    assert any(partial[before:]) is (name in PARTIAL)
    _same_as_fresh(root, out, tmp_path)


def test_a_body_edit_writes_that_page_alone(tmp_path: Path, partial: list[bool]) -> None:
    root = write_wiki(tmp_path / "project", WIKI)
    out = tmp_path / "out"
    _build(root, out)
    before = {path: (out / path).stat().st_mtime_ns for path in _site(out)}
    EDITS["body sentence"](root)
    said = _build(root, out)
    after = {path: (out / path).stat().st_mtime_ns for path in _site(out)}
    changed = [path for path in after if after[path] != before.get(path)]
    assert [path for path in changed if not path.startswith("_static/search/")] == ["plain/index.html"]
    assert f"{len(changed)} files rewritten" in said  # the page, and its words in the search index
    assert partial == [True]  # the first build had no state to start from


def test_a_changed_backlink_sentence_rewrites_the_page_it_links_to(tmp_path: Path, partial: list[bool]) -> None:
    root = write_wiki(tmp_path / "project", WIKI)
    out = tmp_path / "out"
    _build(root, out)
    text = (root / "wiki/linker.md").read_text(encoding="utf-8")
    (root / "wiki/linker.md").write_text(text.replace("Go to", "First go to"), encoding="utf-8")
    _build(root, out)
    assert partial[-1]
    assert "First go to" in (out / "guide/index.html").read_text(encoding="utf-8")
    _same_as_fresh(root, out, tmp_path)


def test_a_lost_state_builds_the_whole_site(tmp_path: Path, partial: list[bool]) -> None:
    root = write_wiki(tmp_path / "project", WIKI)
    out = tmp_path / "out"
    _build(root, out)
    for shard in (root / ".wikiforge_cache").glob("site-*/around-*"):
        shard.write_bytes(b"not a shard")
    EDITS["body sentence"](root)
    _build(root, out)
    assert partial == [False]
    _same_as_fresh(root, out, tmp_path)


def test_a_hand_edited_output_is_rendered_again(tmp_path: Path, partial: list[bool]) -> None:
    root = write_wiki(tmp_path / "project", WIKI)
    out = tmp_path / "out"
    _build(root, out)
    (out / "guide/index.html").write_text("vandalised", encoding="utf-8")
    EDITS["body sentence"](root)
    _build(root, out)
    assert partial[-1]
    _same_as_fresh(root, out, tmp_path)


@pytest.mark.parametrize("name", list(EDITS))
def test_a_check_between_an_edit_and_the_build_leaves_nothing_stale(
    tmp_path: Path, name: str, partial: list[bool]
) -> None:
    """The check takes the edit into the kept analysis before the build sees it: the
    build still writes what changed since the site was built (here, the first build
    after the edit), or the whole site."""
    root = write_wiki(tmp_path / "project", WIKI)
    out = tmp_path / "out"
    _build(root, out)
    EDITS[name](root)
    _check(root)
    _build(root, out)
    assert partial[-1] is (name in PARTIAL)
    _same_as_fresh(root, out, tmp_path)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=SERVE_EDITS, checks=st.lists(st.booleans(), max_size=8))
def test_after_any_edits_the_built_site_equals_a_fresh_build(edits: list[Edit], checks: list[bool]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _replay(write_wiki(Path(folder) / "p", CHECK_WIKI), edits, _apply, Path(folder), checks)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=INCREMENTAL_EDITS)
def test_after_any_edits_on_a_generated_wiki_the_built_site_equals_a_fresh_build(
    generated: Path, edits: list[Edit]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "p"
        shutil.copytree(generated, root)
        _replay(root, edits, apply_edit, Path(folder))


def _replay(
    root: Path, edits: list[Edit], apply: Callable[[Path, Edit], None], scratch: Path, checks: Sequence[bool] = ()
) -> None:
    """Build, then apply and build each edit (after a check where `checks` says so),
    and compare with a fresh build."""
    out = scratch / "site"
    _build(root, out)
    for number, edit in enumerate(edits):
        apply(root, edit)
        if number < len(checks) and checks[number]:
            _check(root)
        _build(root, out)
    _same_as_fresh(root, out, scratch)
