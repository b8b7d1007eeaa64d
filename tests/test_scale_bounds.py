"""Issue 13's scale case, a 10 MB page of 100,000 links through check and build, each
in a bounded process as the hostile corpus runs but with a longer bound (this machine
takes seconds per 10,000 links; the bound is there to catch a quadratic step, which
takes minutes); and the scaling benchmark's harness on a tiny size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from test_hostile import run_bounded

SCALING = REPO_ROOT / "benchmarks" / "scaling.py"


def _run(root: Path, seconds: float, *args: str) -> str:
    code, stdout, stderr, megabytes = run_bounded([*args], root, seconds)
    assert "Traceback" not in stdout + stderr, stderr
    assert code in (0, 1), stderr
    assert megabytes <= 1024, f"`wikiforge {' '.join(args)}` used {megabytes:.0f} MB"
    return stdout


@pytest.mark.slow
def test_a_ten_megabyte_page_of_a_hundred_thousand_links_is_checked_and_built(tmp_path: Path) -> None:
    """Issue 13's scale case: one page just under `max_page_bytes`, holding 100,000
    wikilinks (to 1,000 pages, so each has a hundred backlink sentences from it) and
    placeholders between prose, through check and build within 1 GB."""
    root = tmp_path / "project"
    (root / "wiki").mkdir(parents=True)
    for number in range(1000):
        (root / f"wiki/p{number}.md").write_text(f"# Page {number}\n\n[[big]]\n", encoding="utf-8")
    prose = "Plain prose with **bold**, `code` and words that go on and on for a while here.\n"
    parts, size, links = ["# Big\n\n"], 0, 0
    while links < 100_000:
        chunk = f"## Part {links}\n\n" + "".join(
            f"{prose}A sentence about [[p{(links + n) % 1000}]] and [[p{(links + 7 * n) % 1000}|seven]]. TODO: more\n\n"
            for n in range(0, 100, 2)
        )
        parts.append(prose * 20 + chunk)
        size += len(parts[-1])
        links += 100
    text = "".join(parts)
    text += prose * ((10_000_000 - len(text.encode())) // len(prose))
    (root / "wiki/big.md").write_text(text, encoding="utf-8")
    (root / "wiki/index.md").write_text("# Index\n\n[[big]]\n", encoding="utf-8")
    (root / "wiki/other.md").write_text("# Other\n\n[[big]]\n", encoding="utf-8")
    assert 9_900_000 < (root / "wiki/big.md").stat().st_size <= 10 * 1024 * 1024
    out = _run(root, 240, "check", "--format", "concise")
    assert "WF001" not in out and "WF201" in out
    _run(root, 300, "build")
    assert 'href="../big/"' in (root / "site/p7/index.html").read_text(encoding="utf-8")


def test_the_scaling_benchmark_prints_its_table(tmp_path: Path) -> None:
    argv = [sys.executable, str(SCALING), "--sizes", "20", "--shapes", "links,headings"]
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
