"""A cache restored by CI (README "A warm cache in CI"): `.wikiforge_cache/` and the key
that signs it, carried to a fresh checkout at another path, where every file is new by
its time. The records are used as they are (no page parsed again); without the key the
cache is refused and made again. Either way the findings are those of a check with no
cache at all.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import wikiforge.load.read
from conftest import generate_wiki
from wikiforge.cli import main


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many pages each run parsed (the record cache's misses)."""
    counts: list[int] = []
    real = wikiforge.load.read.parse_all

    def counting(tasks, *args, **kwargs):  # type: ignore[no-untyped-def]
        counts.append(len(tasks))
        return real(tasks, *args, **kwargs)

    monkeypatch.setattr(wikiforge.load.read, "parse_all", counting)
    return counts


def check(root: Path, key_home: Path, *args: str) -> list[str]:
    env = {"XDG_CACHE_HOME": str(key_home)}
    result = CliRunner(env=env).invoke(main, ["check", str(root), "--format", "concise", "--jobs", "1", *args])
    assert result.exit_code in (0, 1), result.output
    return [line for line in result.output.splitlines() if " WF" in line]


def fresh_checkout(source: Path, target: Path) -> Path:
    """`source` with its cache at another path, every file newer than the cache: what
    `actions/checkout` then `actions/cache` give."""
    shutil.copytree(source, target)
    later = time.time() + 5
    for folder, _, names in os.walk(target):
        if ".wikiforge_cache" not in Path(folder).parts:
            for name in names:
                os.utime(Path(folder) / name, (later, later))
    return target


def test_a_restored_cache_at_another_path_is_used(tmp_path: Path, parsed: list[int]) -> None:
    first = generate_wiki(tmp_path / "run-1" / "wiki", 60)
    key = tmp_path / "ci-cache"  # restored with .wikiforge_cache: the key that signs it
    found = check(first, key)
    assert found  # the generated wiki's planted defects
    pages = parsed[-1]
    assert pages > 60
    second = fresh_checkout(first, tmp_path / "run-2" / "checkout")
    assert check(second, key) == found
    assert parsed[-1] == 0  # every record from the restored cache
    assert check(second, tmp_path / "run-2" / "no-cache", "--no-cache") == found


def test_a_cache_restored_without_its_key_is_made_again(tmp_path: Path, parsed: list[int]) -> None:
    first = generate_wiki(tmp_path / "run-1" / "wiki", 60)
    found = check(first, tmp_path / "key-1")
    second = fresh_checkout(first, tmp_path / "run-2" / "checkout")
    assert check(second, tmp_path / "key-2") == found  # another machine's key: refused, not an error
    assert parsed[-1] == parsed[0]
    runs = len(parsed)
    assert check(second, tmp_path / "key-2") == found
    assert len(parsed) == runs or parsed[-1] == 0  # made again under this key: replayed, or every record from it
