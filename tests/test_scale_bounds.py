"""Issue 13's scale cases: a 10 MB page, 100,000 links and 50,000-long inline runs on
one page, through check and build, each in a bounded process (as the hostile corpus
runs, with a longer bound: this machine takes seconds per 10,000 links, and the bound
is there to catch a quadratic step, which takes minutes), and the scaling benchmark's
harness on a tiny size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from test_hostile import HOSTILE, load_case, run_bounded

SCALING = REPO_ROOT / "benchmarks" / "scaling.py"


def _run(root: Path, seconds: float, *args: str) -> str:
    code, stdout, stderr, megabytes = run_bounded([*args], root, seconds)
    assert "Traceback" not in stdout + stderr, stderr
    assert code in (0, 1), stderr
    assert megabytes <= 1024, f"`wikiforge {' '.join(args)}` used {megabytes:.0f} MB"
    return stdout


@pytest.mark.slow
def test_a_ten_megabyte_page_is_checked_and_built(tmp_path: Path) -> None:
    """Mostly prose, with 37,000 links and 12,000 placeholders, within 1 GB. (Two links
    and a placeholder on every line of 10 MB, 235,000 of each, peaked at 1.07 GB in
    `build`: the records and rendered HTML of that many links are that large.)"""
    root = tmp_path / "project"
    (root / "wiki").mkdir(parents=True)
    prose = "Plain prose with **bold**, `code` and a [link](other.md) goes on for a while here.\n" * 9
    linked = "A sentence about [[index]] and [[other#Part]]. TODO: more\n\n"
    heading = "## Part {}\n\n"
    parts, size, number = ["# Big\n\n"], 0, 0
    while size < 10_000_000 - 2_000:
        chunk = heading.format(number) + (prose + linked) * 4
        parts.append(chunk)
        size += len(chunk)
        number += 1
    (root / "wiki/big.md").write_text("".join(parts), encoding="utf-8")
    (root / "wiki/other.md").write_text("# Other\n\n## Part\n\n[[big#Part 7]]\n", encoding="utf-8")
    (root / "wiki/index.md").write_text("# Index\n\n[[big]]\n", encoding="utf-8")
    assert 9_900_000 < (root / "wiki/big.md").stat().st_size <= 10 * 1024 * 1024
    out = _run(root, 180, "check", "--format", "concise")
    assert "WF001" not in out and "WF201" in out
    _run(root, 300, "build")
    assert (root / "site/big/index.html").stat().st_size > 10_000_000


@pytest.mark.slow
def test_a_page_of_a_hundred_thousand_links_is_checked_and_built(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "wiki").mkdir(parents=True)
    for number in range(1000):
        (root / f"wiki/p{number}.md").write_text(f"# Page {number}\n\n[[hub]]\n", encoding="utf-8")
    paragraph = " ".join(f"[[p{n % 1000}]]" for n in range(50_000))
    lines = "\n".join(f"- [[p{n % 1000}]] and [[p{(n * 7) % 1000}|seven]]" for n in range(25_000))
    (root / "wiki/hub.md").write_text(f"# Hub\n\n{paragraph}\n\n{lines}\n", encoding="utf-8")
    (root / "wiki/index.md").write_text("# Index\n\n[[hub]]\n", encoding="utf-8")
    assert " WF" not in _run(root, 90, "check", "--format", "concise")
    _run(root, 120, "build")
    assert "seven" in (root / "site/p7/index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_fifty_thousand_long_inline_runs_are_checked_and_built(tmp_path: Path) -> None:
    module = load_case(HOSTILE / "big_inline_nesting")
    root = tmp_path / "project"
    root.mkdir()
    module.make(root, 50_000)
    _run(root, 60, "check", "--format", "concise")
    _run(root, 60, "build")


def test_the_scaling_benchmark_prints_its_table(tmp_path: Path) -> None:
    argv = [sys.executable, str(SCALING), "--sizes", "20,40", "--shapes", "links,headings"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert rows[0].startswith("| shape | command | 20: s")
    assert [row.split(" | ")[:2] for row in rows[2:]] == [
        ["| links", "check"],
        ["| links", "build"],
        ["| headings", "check"],
        ["| headings", "build"],
    ]
