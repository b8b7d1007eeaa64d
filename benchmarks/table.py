"""The printed report: one table per wiki size, the targets, and the change against an older run.

Everything here reads the JSON-shaped results only, so a table can be printed from a
results file as well as from a run that just finished:

    python benchmarks/table.py RESULTS.json [--compare OLD.json]

prints a saved run's tables, with the targets as `targets.py` defines them now, and its
change against an older run, as `bench.py --compare` does at the end of a run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import targets

MARKS = {True: "✓", False: "✗", None: "?"}
HEADER = f"{'scenario':<12} {'median s':>9} {'peak MB':>8} {'× F':>7}  targets"

Result = dict[str, Any]


def _bound(summary: Result, value: float) -> str:
    """A stopped peer's figures are lower bounds."""
    return f"{'>' if summary.get('timed_out') else ''}{value:.2f}"


def size_table(size: Result) -> list[str]:
    """Lines of one size's table: header, one row per scenario, then what was skipped."""
    scenarios = size["scenarios"]
    floor = scenarios["floor"]
    lines = [
        f"{size['pages']:,} pages ({size['mb']:.1f} MB of Markdown), median of {size['repeat']} run(s)",
        f"F = the floor: floor.py as a whole process, {floor['median_s']:.2f} s "
        f"(markdown-it-py's parse alone: {floor['parse_s']:.2f} s)",
        HEADER,
    ]
    by_scenario: dict[str, list[str]] = {}
    for target in size["targets"]:
        text = f"{target['target']}: {target['measured']} {MARKS[target['met']]}"
        by_scenario.setdefault(target["scenario"], []).append(text)
    for name, summary in scenarios.items():
        seconds, ratio = _bound(summary, summary["median_s"]), _bound(summary, summary["ratio"])
        row = f"{name:<12} {seconds:>9} {summary['peak_mb']:>8.0f} {ratio:>7}"
        lines.append(f"{row}  {'; '.join(by_scenario.pop(name, []))}".rstrip())
    lines += [f"{name}: {'; '.join(texts)}" for name, texts in by_scenario.items()]
    lines += [f"skipped {name}: {why}" for name, why in size["skipped"].items()]
    return lines


def report(results: Result) -> str:
    """The whole printed report of a run."""
    lines: list[str] = []
    for size in results["sizes"].values():
        lines += [*size_table(size), ""]
    for target in results["scaling"]:
        lines.append(f"{target['scenario']}: {target['target']}: {target['measured']} {MARKS[target['met']]}")
    return "\n".join(lines).rstrip() + "\n"


def comparison(old: Result, new: Result) -> str:
    """Per size and scenario, the median, its ratio to that run's floor and the peak memory
    of `old` and `new`, and the change: the ratios compare runs made on a faster or slower
    day, when the seconds alone would not."""
    revision = old["wikiforge"]["commit"][:10]
    lines = [f"Change against {revision} ({old['date']}):"]
    for key, size in new["sizes"].items():
        before = old["sizes"].get(key)
        if not before:
            continue
        lines.append(f"{size['pages']:,} pages      old s     new s   change  old × F  new × F   old MB   new MB")
        for name, summary in size["scenarios"].items():
            if name not in before["scenarios"]:
                continue
            was = before["scenarios"][name]
            change = summary["median_s"] / was["median_s"] - 1
            lines.append(
                f"  {name:<12} {was['median_s']:>8.2f} {summary['median_s']:>9.2f} {change:>+8.1%}"
                f" {was['ratio']:>8.2f} {summary['ratio']:>8.2f} {was['peak_mb']:>8.0f} {summary['peak_mb']:>8.0f}"
            )
    return "\n".join(lines) + "\n"


def retargeted(results: Result) -> Result:
    """`results` judged by today's targets (a run keeps those of the day it ran)."""
    sizes = {
        key: {**size, "targets": targets.size_targets(size["scenarios"], size["pages"])}
        for key, size in results["sizes"].items()
    }
    return {**results, "sizes": sizes, "scaling": targets.scaling_targets(sizes)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print a saved benchmark run's tables.")
    parser.add_argument("results", type=Path, help="a results JSON written by bench.py")
    parser.add_argument("--compare", type=Path, metavar="OLD.json", help="also print the change against an older run")
    args = parser.parse_args(argv)
    results = retargeted(json.loads(args.results.read_text()))
    print(report(results), end="")
    if args.compare:
        print(comparison(json.loads(args.compare.read_text()), results), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
