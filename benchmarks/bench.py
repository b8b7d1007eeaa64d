#!/usr/bin/env python3
"""Benchmark wikiforge against the floor, Hugo and mkdocs: one command, whole processes.

For each size it generates (or reuses) a wiki with gen_wiki.py, then runs every scenario
as a child process, interleaved: repeat 1 runs each scenario once in order, then repeat 2,
and so on, so a noisy minute on the machine spreads over all rows instead of spoiling one.
It prints medians, peak memory and ratios to the floor with issue 6's targets, and
writes the results as JSON so two commits can be compared (--compare).

Usage: bench.py [--sizes 1000,10000] [--large] [--repeat N] [--out FILE] [--work DIR]
                [--compare OLD.json] [--no-peers] [--peer-timeout SECONDS]
"""

from __future__ import annotations

import argparse
import compileall
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from statistics import median
from typing import Any

import scenarios
import table
import targets
from machine import describe
from timing import Run, run_process
from wikis import ensure_wiki, wiki_bytes

import wikiforge

RESULTS = Path(__file__).with_name("results")
LARGE = targets.LARGE
SEED = 7

Result = dict[str, Any]


class BenchError(RuntimeError):
    """A scenario failed: wrong exit code or a traceback. The benchmark stops."""


def _verify(scenario: scenarios.Scenario, run: Run) -> None:
    if run.timed_out:
        return
    if run.returncode not in scenario.ok_codes or "Traceback (most recent call last)" in run.stderr:
        command = " ".join(scenario.argv)
        raise BenchError(f"{scenario.name} failed (exit {run.returncode}): {command}\n{run.stderr}")
    if scenario.name == "floor" and scenarios.floor_parse_seconds(run.stdout) is None:
        raise BenchError(f"floor.py printed no parse time; its output was:\n{run.stdout}")
    if scenario.measured is not None and scenario.measured(run.stdout) is None:
        raise BenchError(f"{scenario.name} printed no time of its own; its output was:\n{run.stdout}")


def _summary(name: str, runs: list[Run], floor_s: float) -> Result:
    times = [run.seconds for run in runs]
    summary: Result = {
        "median_s": median(times),
        "peak_mb": max(run.peak_mb for run in runs),
        "ratio": median(times) / floor_s,
        "runs": [{"seconds": r.seconds, "maxrss_mb": r.maxrss_mb, "tree_mb": r.tree_mb} for r in runs],
    }
    if any(run.timed_out for run in runs):
        summary["timed_out"] = True
    if name == "floor":
        summary["parse_s"] = median(scenarios.floor_parse_seconds(run.stdout) or 0.0 for run in runs)
    return summary


def measure_size(pages: int, repeat: int, args: argparse.Namespace) -> Result:
    """Every scenario on one generated wiki, `repeat` rounds, round-robin."""
    wiki = ensure_wiki(args.work, pages, SEED)
    trees = args.work / f"trees-{pages}"
    plan = scenarios.plan(wiki, trees, with_peers=args.peers, peer_timeout=args.peer_timeout)
    runs: dict[str, list[Run]] = {s.name: [] for s in plan.scenarios}
    for round_ in range(repeat):
        for scenario in plan.scenarios:
            if any(run.timed_out for run in runs[scenario.name]):
                continue  # one timeout is the bound; waiting for it again tells nothing new
            with scenario.setup(round_):
                run = run_process(scenario.argv, scenario.cwd, scenario.timeout)
            _verify(scenario, run)
            if scenario.measured is not None:
                run = replace(run, seconds=scenario.measured(run.stdout) or run.seconds)
            runs[scenario.name].append(run)
            progress = f"{pages:,} pages, round {round_ + 1}/{repeat}: {scenario.name} {run.seconds:.2f} s"
            print(progress, file=sys.stderr)
    floor_s = median(run.seconds for run in runs["floor"])
    summaries = {name: _summary(name, taken, floor_s) for name, taken in runs.items()}
    return {
        "pages": pages,
        "mb": wiki_bytes(wiki) / 1e6,
        "repeat": repeat,
        "scenarios": summaries,
        "skipped": plan.skipped,
        "targets": targets.size_targets(summaries, pages),
    }


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="wiki sizes in pages, comma-separated")
    parser.add_argument("--large", action="store_true", help=f"add the {LARGE:,}-page wiki")
    parser.add_argument("--repeat", type=int, help=f"runs per scenario (default: 3; 1 at {LARGE:,} pages)")
    parser.add_argument("--out", type=Path, help="results JSON (default: benchmarks/results/<commit>.json)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wikiforge-bench")
    parser.add_argument("--compare", type=Path, metavar="OLD.json", help="print the change against an older run")
    parser.add_argument("--no-peers", dest="peers", action="store_false", help="leave out Hugo and mkdocs")
    parser.add_argument("--peer-timeout", type=float, default=900, help="seconds before a peer build is cut off")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",") if s] + ([LARGE] if args.large else [])
    return args


def _compile_wikiforge() -> None:
    """Write wikiforge's bytecode now, so the first timed run does not pay for compiling it.

    "Cold" means no wikiforge cache and no site, not a Python that has never seen the code.
    """
    compileall.compile_dir(Path(wikiforge.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    _compile_wikiforge()
    results: Result = describe()
    results["seed"] = SEED
    results["sizes"] = {}
    try:
        for pages in args.sizes:
            repeat = args.repeat or (1 if pages >= LARGE else 3)
            results["sizes"][str(pages)] = measure_size(pages, repeat, args)
    except BenchError as error:
        print(error, file=sys.stderr)
        return 1
    results["scaling"] = targets.scaling_targets(results["sizes"])
    out = args.out or RESULTS / f"{results['wikiforge']['commit'][:10]}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print(table.report(results), end="")
    print(f"Results written to {out}")
    if args.compare:
        print(table.comparison(json.loads(args.compare.read_text()), results), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
