"""The record cache reads and writes only regular files in its own folder (issue 13
item 0): a planted FIFO, device or link never hangs a run or fills its memory, and a
`.wikiforge_cache` that is a link never makes a run write outside it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import write_wiki
from wikiforge.config.settings import load_config
from wikiforge.load.cache import CACHE_DIR, RecordCache, _by_shard
from wikiforge.load.options import LoadOptions
from wikiforge.pipeline import analyse, project_parse_options

WIKI = {"wiki/index.md": "# Home\n\n[[other]]\n", "wiki/other.md": "# Other\n\n[[index]]\n"}


@pytest.fixture(autouse=True)
def private_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def check(root: Path) -> list[str]:
    return sorted(analyse(load_config(root), load=LoadOptions(jobs=1, cache=True)).records)


def record_folder(root: Path) -> Path:
    check(root)
    (folder,) = (root / CACHE_DIR).glob("records-*")
    return folder


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "dev-urandom", "huge"])
def test_a_shard_that_is_no_regular_file_is_skipped_fast(tmp_path: Path, kind: str) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    folder = record_folder(root)
    for shard in folder.glob("shard-*"):
        shard.unlink()
        if kind == "fifo":
            os.mkfifo(shard)
        elif kind == "huge":
            with shard.open("wb") as handle:
                handle.truncate(64 * 1024**3)  # sparse: a size, not a disk use
        else:
            shard.symlink_to(f"/dev/{kind.removeprefix('dev-')}")
    started = time.perf_counter()
    assert RecordCache.open(root, project_parse_options(load_config(root))) is not None
    assert time.perf_counter() - started < 5
    assert check(root) == ["wiki/index.md", "wiki/other.md"]


def test_a_cache_folder_linked_to_the_project_root_writes_nothing_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    (root / ".gitignore").write_text("site/\n", encoding="utf-8")
    (root / CACHE_DIR).symlink_to(".")
    assert check(root) == ["wiki/index.md", "wiki/other.md"]
    assert (root / ".gitignore").read_text(encoding="utf-8") == "site/\n"
    assert not (root / "CACHEDIR.TAG").exists()
    assert not list(root.glob("records-*"))
    assert capsys.readouterr().err.count(f"{CACHE_DIR} is a symbolic link") == 1


def test_a_record_folder_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    folder = record_folder(root)
    elsewhere = tmp_path / "elsewhere"
    folder.rename(elsewhere)
    folder.symlink_to(elsewhere)
    before = sorted(p.name for p in elsewhere.iterdir())
    (root / "wiki" / "new.md").write_text("# New\n", encoding="utf-8")
    check(root)
    assert sorted(p.name for p in elsewhere.iterdir()) == before


def test_tag_files_are_not_written_through_links(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    outside = tmp_path / "outside.txt"
    (root / CACHE_DIR).mkdir()
    (root / CACHE_DIR / ".gitignore").symlink_to(outside)  # dangling: open would create it
    check(root)
    assert not outside.exists()
    assert (root / CACHE_DIR / "CACHEDIR.TAG").is_file()


def test_sharding_takes_any_file_name() -> None:
    """File names that are not UTF-8 reach the cache as surrogate escapes."""
    name = b"wiki/caf\xe9.md".decode("utf-8", "surrogateescape")
    assert list(_by_shard({(name, "page", "x"): None}))  # type: ignore[dict-item]


def test_temp_shards_of_dead_runs_are_deleted(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    folder = record_folder(root)
    dead = folder / ".shard-999999999-abcdefgh"
    alive = folder / f".shard-{os.getpid()}-abcdefgh"
    for path in (dead, alive):
        path.write_bytes(b"")
    (root / "wiki" / "new.md").write_text("# New\n", encoding="utf-8")
    check(root)
    assert not dead.exists()
    assert alive.exists()
