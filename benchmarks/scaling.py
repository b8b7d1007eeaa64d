"""Time per link and per heading on one page, from 1,000 to 100,000 of them.

Issue 13 asks that nothing per page grows faster than the page: no step may rescan a
paragraph per link or every heading per anchor. Each shape is one page holding N items
beside a hundred small pages. Each run is a whole `wikiforge` process on one core
(`--jobs 1`), shown as such (`s`); the time per item comes from the time wikiforge
reports for its own work ("checked in", "built … in"), since interpreter start-up
varies by more than 1,000 items cost. The same project with no items is timed too, so

    time per item = (work time with N items - work time with none) / N

is what one more item costs. Flat from 1k to 100k means linear; a quadratic step
shows as a column growing tenfold per size.

    python benchmarks/scaling.py                 # --sizes 1000,10000,100000 --repeat 1

Shapes: `links`, N wikilinks in paragraphs of 50 to 100 pages (every tenth with a
heading anchor); `paragraph`, N wikilinks in one paragraph with no sentence end (each
backlink sentence once rescanned it); `headings`, N headings, each followed by a link
to another heading of the page by anchor (one in ten missing, so a "did you mean").
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from statistics import median

from timing import run_process

TARGETS = 100
REPORTED = re.compile(r"\bin ([0-9.]+) ?s\b")


def links_page(n: int) -> str:
    links = [f"[[t{k % TARGETS}#Topic]]" if k % 10 == 0 else f"[[t{k % TARGETS}]]" for k in range(n)]
    return "\n\n".join(" ".join(links[i : i + 50]) + "." for i in range(0, n, 50))


def paragraph_page(n: int) -> str:
    return " ".join(f"[[t{k % TARGETS}]]" for k in range(n))


def headings_page(n: int) -> str:
    lines = []
    for k in range(n):
        other = f"Heading {(k * 7919) % n}" if k % 10 else f"Headnig {k}"
        lines.append(f"## Heading {k}\n\n[[#{other}]]\n")
    return "\n".join(lines)


SHAPES: dict[str, Callable[[int], str]] = {"links": links_page, "paragraph": paragraph_page, "headings": headings_page}


def make_project(root: Path, body: str) -> None:
    wiki = root / "wiki"
    wiki.mkdir(parents=True)
    for k in range(TARGETS):
        (wiki / f"t{k}.md").write_text(f"# Target {k}\n\n## Topic\n\n[[big]]\n", encoding="utf-8")
    (wiki / "big.md").write_text(f"# Big\n\n{body}\n", encoding="utf-8")
    (wiki / "index.md").write_text("# Index\n\n[[big]]\n", encoding="utf-8")


def seconds(root: Path, command: str, repeat: int) -> tuple[float, float]:
    """Median process time and median work time (as wikiforge reports it) of `repeat` runs."""
    argv = [sys.executable, "-m", "wikiforge", command, "--no-cache", "--jobs", "1"]
    argv += ["--format", "concise"] if command == "check" else ["--out", str(root.parent / "site")]
    process, work = [], []
    for _ in range(repeat):
        run = run_process(argv, root)
        reported = REPORTED.findall(run.stdout + run.stderr)
        if run.returncode not in (0, 1) or not reported:
            raise SystemExit(f"`wikiforge {command}` exited {run.returncode}:\n{run.stderr}")
        process.append(run.seconds)
        work.append(float(reported[-1]))
    return median(process), median(work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="items per page, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (the median is shown)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="which shapes to run")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print("| shape | command | " + " | ".join(f"{n:,}: s | µs per item" for n in sizes) + " |")
    print("|---|---|" + "--:|--:|" * len(sizes))
    with tempfile.TemporaryDirectory(prefix="wikiforge-scaling-") as work:
        for shape in args.shapes.split(","):
            for command in ("check", "build"):
                cells = []
                _, base = _time(Path(work), shape, 0, command, args.repeat)
                for n in sizes:
                    total, spent = _time(Path(work), shape, n, command, args.repeat)
                    cells.append(f"{total:.2f} | {max(spent - base, 0) / n * 1e6:.0f}")
                print(f"| {shape} | {command} | " + " | ".join(cells) + " |", flush=True)


def _time(work: Path, shape: str, n: int, command: str, repeat: int) -> tuple[float, float]:
    root = work / f"{shape}-{n}" / "project"
    if not root.exists():
        make_project(root, SHAPES[shape](n))
    try:
        return seconds(root, command, repeat)
    finally:
        shutil.rmtree(root.parent / "site", ignore_errors=True)


if __name__ == "__main__":
    main()
