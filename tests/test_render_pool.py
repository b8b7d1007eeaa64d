"""Pages rendered on every core (`site/render_pool.py`): the same site, byte for byte, as
one process renders; a page that trips a bug in a worker still gets its page and its
warning; a pool that cannot start loses no page.

The incremental build's byte-equality tests cover it too: their full builds of the
generated 1,000-page wiki render on the pool, and the builds after an edit in process.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import wikiforge.site.context
import wikiforge.site.render_pool
from conftest import generate_wiki, run_build, snapshot
from wikiforge.site.output import MANIFEST


@pytest.fixture(scope="module")
def wiki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_wiki(tmp_path_factory.mktemp("pool") / "wiki", 300)


def site(wiki: Path, out: Path, *args: str) -> tuple[dict[str, bytes], str]:
    result = run_build(wiki, "--out", out, "--no-cache", *args)
    assert result.exit_code == 0, result.output
    files = snapshot(out)
    files.pop(MANIFEST)  # the build's time and stamps
    return files, result.output


def test_two_processes_write_the_site_one_does(wiki: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[int] = []
    real = wikiforge.site.render_pool.ProcessPoolExecutor

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        pools.append(kwargs["max_workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(wikiforge.site.render_pool, "ProcessPoolExecutor", counted)
    one, _ = site(wiki, tmp_path / "one", "--jobs", "1")
    assert pools == []
    two, _ = site(wiki, tmp_path / "two", "--jobs", "2")
    assert pools == [2]  # the 300 pages were rendered on the pool
    assert len([name for name in one if name.endswith(".html")]) > 300
    assert two == one


def test_a_page_that_fails_in_a_worker_gets_its_page_and_warning(
    wiki: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = wikiforge.site.context.page_context
    victim = sorted((wiki / "wiki").rglob("*.md"))[250].relative_to(wiki).as_posix()

    def failing(index, path, at):  # type: ignore[no-untyped-def]
        if path == victim:
            raise KeyError("planted")
        return real(index, path, at)

    monkeypatch.setattr(wikiforge.site.site_files, "page_context", failing)
    one, said_one = site(wiki, tmp_path / "one", "--jobs", "1")
    two, said_two = site(wiki, tmp_path / "two", "--jobs", "2")
    assert two == one
    assert f"{victim}: a bug in wikiforge stopped it (KeyError: 'planted')" in said_two
    assert said_one.count("planted") == said_two.count("planted") == 1


def test_a_pool_that_cannot_start_loses_no_page(wiki: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one, _ = site(wiki, tmp_path / "one", "--jobs", "1")

    class Refused:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise OSError("no /dev/shm")

    monkeypatch.setattr(wikiforge.site.render_pool, "ProcessPoolExecutor", Refused)
    two, said = site(wiki, tmp_path / "two", "--jobs", "2")
    assert two == one
    assert "wikiforge: warning: worker processes stopped (OSError: no /dev/shm); rendering on one core" in said
