"""Issue 6's targets, judged against one run's results.

Times are ratios to the floor F, the whole-process time of `floor.py` in the same run, so a
target means the same on a fast and a slow machine. A target whose yardstick is missing
(Hugo not installed) is left out; one whose yardstick timed out is judged on the lower
bound the timeout gives, and left undecided (`met` is None) when that bound is not enough.
"""

from __future__ import annotations

from typing import Any

FLOOR_TARGETS = {
    "check cold": 0.6,
    "check warm": 0.05,
    "check edit": 0.08,
    "check rename": 0.15,
    "build edit": 0.1,
    "serve reload": 0.15,
    "mv": 0.2,
    "lsp diagnostics": 0.03,
    "search index": 0.3,
    "base evaluate": 0.05,
    "build cold": 1.25,
}
"""Issue 6's targets, and issue 20's for a cold build (its floor, markdown-it-py rendering
on two processes, is about 0.66 F)."""
SMALL_SERVE_RELOAD = 1 / 3
"""Below 10,000 pages serve's save-to-reload target is a third of F (issue 15)."""
SECONDS_TARGETS = {"lsp completion": 0.05, "search keystroke": 0.1}
"""Targets in seconds, whatever the machine: a person waits on these as on a keystroke."""
SMALL_LSP_DIAGNOSTICS = 0.1
"""Below 10,000 pages, diagnostics after a keystroke within 100 ms (issue 16)."""
HUGO_MAX = 1.0
MKDOCS_MIN = 20.0
MEMORY_MB = 1024.0
LARGE = 100_000
"""The size `bench.py --large` adds."""
LARGE_MEMORY_MB = 2048.0
"""At 100,000 pages the bound is 2 GB (issue 20)."""
SCALING_MAX = 1.2
WIKIFORGE = (
    "check cold",
    "check warm",
    "check edit",
    "check rename",
    "build cold",
    "build warm",
    "build edit",
    "serve reload",
    "mv",
    "lsp diagnostics",
    "lsp completion",
    "search keystroke",
    "search index",
    "base evaluate",
)

Result = dict[str, Any]


def _target(scenario: str, target: str, measured: str, met: bool | None) -> Result:
    return {"scenario": scenario, "target": target, "measured": measured, "met": met}


def size_targets(scenarios: dict[str, Result], pages: int) -> list[Result]:
    """The targets of one wiki size, from its scenario summaries."""
    found = []
    for name, most in FLOOR_TARGETS.items():
        if name == "serve reload" and pages < 10_000:
            most = SMALL_SERVE_RELOAD
        if name == "lsp diagnostics" and pages < 10_000:
            found += _seconds_target(scenarios, name, SMALL_LSP_DIAGNOSTICS)
        elif name in scenarios:
            ratio = scenarios[name]["ratio"]
            found.append(_target(name, f"≤ {most:g} F", f"{ratio:.2f} F", ratio <= most))
    for name, most in SECONDS_TARGETS.items():
        found += _seconds_target(scenarios, name, most)
    build = scenarios.get("build cold")
    hugo = scenarios.get("hugo")
    if build and hugo and not hugo.get("timed_out"):
        times = build["median_s"] / hugo["median_s"]
        found.append(_target("build cold", f"≤ {HUGO_MAX:g}× Hugo", f"{times:.2f}× Hugo", times <= HUGO_MAX))
    mkdocs = scenarios.get("mkdocs")
    if build and mkdocs:
        faster = mkdocs["median_s"] / build["median_s"]
        bound = bool(mkdocs.get("timed_out"))
        measured = f"> {faster:.0f}× (mkdocs timed out)" if bound else f"{faster:.1f}×"
        met = True if faster >= MKDOCS_MIN else (None if bound else False)
        found.append(_target("build cold", f"≥ {MKDOCS_MIN:g}× faster than mkdocs", measured, met))
    peaks = {name: scenarios[name]["peak_mb"] for name in WIKIFORGE if name in scenarios}
    if peaks:
        worst = max(peaks, key=peaks.__getitem__)
        measured = f"{peaks[worst]:.0f} MB ({worst})"
        bound = LARGE_MEMORY_MB if pages >= LARGE else MEMORY_MB
        found.append(_target("peak memory", f"≤ {bound:g} MB", measured, peaks[worst] <= bound))
    return found


def _seconds_target(scenarios: dict[str, Result], name: str, most: float) -> list[Result]:
    if name not in scenarios:
        return []
    seconds = scenarios[name]["median_s"]
    return [_target(name, f"≤ {most * 1000:g} ms", f"{seconds * 1000:.0f} ms", seconds <= most)]


def scaling_targets(sizes: dict[str, Result]) -> list[Result]:
    """At 100,000 pages, time per page no more than 1.2× that at 10,000 (cold check and build)."""
    small, large = sizes.get("10000"), sizes.get("100000")
    if not small or not large:
        return []
    found = []
    for name in ("check cold", "build cold"):
        if name in small["scenarios"] and name in large["scenarios"]:
            per_small = small["scenarios"][name]["median_s"] / small["pages"]
            per_large = large["scenarios"][name]["median_s"] / large["pages"]
            growth = per_large / per_small
            target = f"time per page at 100k ≤ {SCALING_MAX:g}× at 10k"
            found.append(_target(name, target, f"{growth:.2f}×", growth <= SCALING_MAX))
    return found
