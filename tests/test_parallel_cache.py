"""The per-page stage on several processes and from the record cache gives exactly the
records one process parsing everything gives; a bad cache is rebuilt, never trusted."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import wikiforge.load.parallel
import wikiforge.parse.page
from conftest import generate_wiki, write_wiki
from wikiforge.cli import main
from wikiforge.config.settings import load_config
from wikiforge.core.records import PageRecord
from wikiforge.load.cache import CACHE_DIR, KEPT_NAMESPACES, RecordCache
from wikiforge.load.discover import discover
from wikiforge.load.options import LoadOptions
from wikiforge.load.read import load_records
from wikiforge.pipeline import analyse, project_parse_options


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_wiki(tmp_path_factory.mktemp("parallel"), 300)


@pytest.fixture
def private_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache key folder of this test's own, so tests never share or touch the user's."""
    home = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def records(root: Path, jobs: int, render: bool = False, cache: bool = False) -> dict[str, PageRecord]:
    config = load_config(root)
    return analyse(config, render=render, load=LoadOptions(jobs=jobs, cache=cache)).records


@pytest.mark.parametrize("render", [False, True])
def test_two_processes_give_the_records_of_one(generated: Path, render: bool) -> None:
    serial = records(generated, jobs=1, render=render)
    parallel = records(generated, jobs=2, render=render)
    assert list(parallel) == list(serial)
    assert parallel == serial


def test_check_output_is_the_same_for_any_number_of_jobs(generated: Path) -> None:
    def report(*args: str) -> str:
        result = CliRunner().invoke(main, ["check", str(generated), "--format", "concise", "--no-cache", *args])
        assert result.exit_code == 1, result.stderr
        return result.stdout.rsplit("\n", 2)[0]  # without the summary line: it holds a timing

    assert report("--jobs", "1") == report("--jobs", "2") == report()


def counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths parsed from now on (in this process: use jobs=1)."""
    parsed: list[str] = []
    real = wikiforge.parse.page.parse_page

    def counted(path: str, *args: object) -> PageRecord:
        parsed.append(path)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(wikiforge.parse.page, "parse_page", counted)
    return parsed


def small_wiki(root: Path) -> Path:
    return write_wiki(
        root,
        {
            "wiki/index.md": "# Home\n\n[[a]] [[b]]\n",
            "wiki/a.md": "# A\n\nSee [[b#Part]].\n",
            "wiki/b.md": "# B\n\n## Part\n\nText.\n",
        },
    )


def test_a_warm_run_parses_only_what_changed(
    tmp_path: Path, private_key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small_wiki(tmp_path / "p")
    cold = records(root, jobs=1, cache=True)
    parsed = counting_parses(monkeypatch)
    assert records(root, jobs=1, cache=True) == cold
    assert parsed == []
    (root / "wiki/b.md").write_text("# B\n\n## Renamed\n\nText.\n", encoding="utf-8")
    warm = records(root, jobs=1, cache=True)
    assert parsed == ["wiki/b.md"]
    assert warm == records(root, jobs=1, cache=False)


def test_the_cache_follows_the_parse_options(tmp_path: Path, private_key: Path) -> None:
    root = small_wiki(tmp_path / "p")
    (root / "wiki/a.md").write_text("# A\n\nWIP here.\n", encoding="utf-8")
    assert records(root, jobs=1, cache=True)["wiki/a.md"].placeholders == ()
    (root / "wikiforge.toml").write_text("[rules.placeholder]\nextend-patterns = ['WIP']\n", encoding="utf-8")
    assert [p.text for p in records(root, jobs=1, cache=True)["wiki/a.md"].placeholders] == ["WIP"]


def cache_files(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).glob("records-*/shard-*.pickle"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),
        lambda data: b"not a cache at all",
        lambda data: b"",
    ],
    ids=["truncated", "one-bit", "garbage", "empty"],
)
def test_a_damaged_cache_is_rebuilt(tmp_path: Path, private_key: Path, monkeypatch: pytest.MonkeyPatch, damage) -> None:  # type: ignore[no-untyped-def]
    root = small_wiki(tmp_path / "p")
    expected = records(root, jobs=1, cache=True)
    for cache in cache_files(root):
        cache.write_bytes(damage(cache.read_bytes()))
    parsed = counting_parses(monkeypatch)
    assert records(root, jobs=1, cache=True) == expected
    assert sorted(parsed) == sorted(expected)
    parsed.clear()
    assert records(root, jobs=1, cache=True) == expected
    assert parsed == [], "the rebuilt cache is used on the next run"


def test_a_cache_signed_by_someone_else_is_never_loaded(
    tmp_path: Path, private_key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache committed to a repository, or planted, would run code when unpickled."""
    root = small_wiki(tmp_path / "p")
    records(root, jobs=1, cache=True)
    shards = cache_files(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    loaded: list[object] = []
    monkeypatch.setattr(pickle, "loads", lambda *args, **kwargs: loaded.append(args))
    options = project_parse_options(load_config(root))
    opened = RecordCache.open(root, options)
    assert opened is not None and opened.entries == {}
    assert loaded == [] and shards and all(shard.exists() for shard in shards)


def test_no_cache_writes_nothing(tmp_path: Path, private_key: Path) -> None:
    root = small_wiki(tmp_path / "p")
    result = CliRunner().invoke(main, ["check", str(root), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not (root / CACHE_DIR).exists()


def test_the_cache_folder_is_not_read_as_content_and_ignores_itself(tmp_path: Path, private_key: Path) -> None:
    root = small_wiki(tmp_path / "p")
    records(root, jobs=1, cache=True)
    assert (root / CACHE_DIR / ".gitignore").read_text() == "*\n"
    assert not any(CACHE_DIR in path for path in discover(load_config(root)).pages)


def test_an_unwritable_project_still_checks(tmp_path: Path, private_key: Path) -> None:
    root = small_wiki(tmp_path / "p")
    (root / CACHE_DIR).write_text("a file where the cache folder would go", encoding="utf-8")
    assert records(root, jobs=1, cache=True) == records(root, jobs=1, cache=False)


def test_without_a_key_there_is_no_cache_and_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, so no key folder can be made under it", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    root = small_wiki(tmp_path / "p")
    assert RecordCache.open(root, project_parse_options(load_config(root))) is None
    assert records(root, jobs=1, cache=True) == records(root, jobs=1, cache=False)


def test_a_pool_that_cannot_start_falls_back_to_this_process(
    generated: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(wikiforge.load.parallel, "ProcessPoolExecutor", no_pool)
    files = discover(load_config(generated))
    options = project_parse_options(load_config(generated))
    assert load_records(files, options, jobs=4) == load_records(files, options, jobs=1)
    warning = "wikiforge: warning: worker processes stopped (OSError: no processes here); parsing on one core\n"
    assert capsys.readouterr().err == warning


def test_an_edit_rewrites_only_its_own_shard(generated: Path, private_key: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(generated, root)
    records(root, jobs=1, cache=True)
    before = {shard: shard.stat().st_mtime_ns for shard in cache_files(root)}
    assert len(before) > 10
    page = sorted((root / "wiki").rglob("*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    time.sleep(0.01)
    records(root, jobs=1, cache=True)
    after = {shard: shard.stat().st_mtime_ns for shard in cache_files(root)}
    assert after.keys() == before.keys()
    assert sum(after[shard] != before[shard] for shard in before) == 1


def test_old_record_folders_are_pruned(tmp_path: Path, private_key: Path) -> None:
    root = small_wiki(tmp_path / "p")
    cache = root / CACHE_DIR
    for number in range(KEPT_NAMESPACES + 3):
        old = cache / f"records-old{number}"
        old.mkdir(parents=True)
        (old / "shard-00.pickle").write_bytes(b"from another version")
        os.utime(old, (number, number))
    records(root, jobs=1, cache=True)
    kept = sorted(p.name for p in cache.glob("records-old*"))
    assert kept == [f"records-old{n}" for n in range(3, KEPT_NAMESPACES + 3)]


def test_the_largest_pages_are_parsed_here_while_the_pool_parses_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of a megabyte is parsed by the run itself (its record would take longer to
    send back from a worker than it took to parse), and the records are still those of
    one process."""
    root = generate_wiki(tmp_path / "wiki", 80)
    paragraph = " ".join(f"[[p{k}]] and [[missing {k % 7}]]" for k in range(200)) + "\n\n"
    (root / "wiki/huge.md").write_text("# Huge\n\n" + paragraph * 150, encoding="utf-8")
    (root / "wiki/large.md").write_text("# Large\n\n" + paragraph * 50, encoding="utf-8")
    serial = records(root, jobs=1)
    parsed = counting_parses(monkeypatch)
    parallel = records(root, jobs=2)
    assert parsed == ["wiki/huge.md"]  # the second largest would pass the fair share
    assert list(parallel) == list(serial)
    assert parallel == serial


@pytest.mark.parametrize(
    ("sizes", "jobs", "chosen"),
    [
        ([300_000] + [100] * 70, 2, {0}),
        ([100] * 70 + [200_000], 2, set()),
        ([400_000, 300_000, 300_000] + [100] * 61, 2, {0}),
        ([300_000] * 10 + [100] * 60, 2, {0, 1, 2}),
        ([300_000] * 10 + [100] * 60, 8, {0}),
    ],
)
def test_the_pages_parsed_here_are_the_largest_within_a_fair_share(
    sizes: list[int], jobs: int, chosen: set[int]
) -> None:
    tasks = [(f"wiki/p{k}.md", "page", b"x" * size) for k, size in enumerate(sizes)]
    assert wikiforge.load.parallel.parsed_here(tasks, jobs) == chosen
