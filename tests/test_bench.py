"""The benchmark harness runs end to end on a tiny wiki: every scenario, valid JSON, wiki left intact.

Not a timing test: the figures of a 60-page wiki mean nothing. It guards the harness
itself, so a change to wikiforge's command line or exit codes shows up here rather than
in the middle of a half-hour benchmark run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO_ROOT, generate_wiki, snapshot

BENCH = REPO_ROOT / "benchmarks" / "bench.py"
TABLE = REPO_ROOT / "benchmarks" / "table.py"
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
import table  # noqa: E402 - the benchmark's tables, as --compare prints them
from targets import WIKIFORGE  # noqa: E402 - the benchmark's own list of wikiforge's scenarios

SCENARIOS = {"floor", *WIKIFORGE}


def _bench(work: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, str(BENCH), "--sizes", "60", "--repeat", "1", "--no-peers", "--work", str(work)]
    done = subprocess.run([*argv, "--out", str(out), *extra], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def test_bench_runs_every_scenario_and_writes_comparable_json(tmp_path: Path) -> None:
    work = tmp_path / "work"
    first = _bench(work, tmp_path / "first.json")
    results = json.loads((tmp_path / "first.json").read_text())

    assert {"schema", "date", "machine", "wikiforge", "seed", "sizes", "scaling"} <= results.keys()
    assert results["machine"]["cpus"] >= 1
    assert len(results["wikiforge"]["commit"]) == 40
    size = results["sizes"]["60"]
    assert size["pages"] == 60 and size["repeat"] == 1
    assert set(size["scenarios"]) == SCENARIOS
    for summary in size["scenarios"].values():
        assert len(summary["runs"]) == 1
        assert summary["median_s"] > 0 and summary["peak_mb"] > 0 and summary["ratio"] > 0
    assert size["scenarios"]["floor"]["ratio"] == 1.0
    assert 0 < size["scenarios"]["floor"]["parse_s"] < size["scenarios"]["floor"]["median_s"]
    assert set(size["skipped"]) == {"hugo", "mkdocs"}
    assert {t["scenario"] for t in size["targets"]} >= {
        "check cold",
        "check warm",
        "check edit",
        "check rename",
        "build edit",
        "serve reload",
        "mv",
        "lsp diagnostics",
        "lsp completion",
        "search keystroke",
        "search index",
        "base evaluate",
    }
    for name in SCENARIOS:
        assert name in first.stdout

    fresh = generate_wiki(tmp_path / "fresh", 60)
    wiki = next(work.glob("wiki-60-*"))
    assert snapshot(wiki / "wiki") == snapshot(fresh / "wiki"), "an edit scenario did not restore its page"

    # --compare prints `table.comparison(old, new)`: compared here against the run's own
    # results, which a second half-minute run of every scenario would only repeat.
    compared = table.comparison(results, json.loads((tmp_path / "first.json").read_text()))
    assert "Change against" in compared
    assert compared.count("%") >= len(SCENARIOS)

    # A saved run printed again, with the change against another (here itself).
    saved = [sys.executable, str(TABLE), str(tmp_path / "first.json"), "--compare", str(tmp_path / "first.json")]
    printed = subprocess.run(saved, capture_output=True, text=True, timeout=60, check=True).stdout
    assert printed.startswith("60 pages (") and "Change against" in printed
    assert all(name in printed for name in SCENARIOS)
