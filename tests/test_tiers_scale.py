"""Tiers at scale: the generated 1,000-page wiki (100 client pages) under each basis.

Every client page must be placed exactly once, in the tier worked out here from the
frontmatter alone (read with PyYAML, not the wikiforge parser) by a plain re-implementation
of the documented rules; and `wikiforge check` must still find exactly what the generator
planted, with no tier findings under the default config and, under rank and score, only
the slips that the independent placement predicts.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import generate_wiki
from wikiforge.config.settings import Config, load_config
from wikiforge.config.tiers import parse_tiers
from wikiforge.pipeline import analyse, run_check

pytestmark = pytest.mark.slow

SHARES = (20, 30, 50)
THRESHOLDS = (75, 55)
RETAINER_BANDS = ((20000, 50), (12000, 40), (8000, 30), (4000, 20), (0, 10))
GROWTH = {"high": 30, "medium": 20, "low": 10}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_wiki(tmp_path_factory.mktemp("tiers1k"), 1000)


@pytest.fixture(scope="module")
def frontmatters(generated: Path) -> dict[str, dict[str, Any]]:
    """Each client page's frontmatter, by path from the project root."""
    found = {}
    for page in sorted((generated / "wiki").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        assert text.startswith("---\n")
        fm = yaml.load(text[4 : text.index("\n---", 4)], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if fm.get("type") == "client":
            found[page.relative_to(generated).as_posix()] = fm
    assert len(found) == 100  # --clients 0.1 of 1,000 pages
    return found


def configured(root: Path, table: dict[str, Any]) -> Config:
    problems: list[str] = []
    tiers = parse_tiers(table, problems)
    assert problems == []
    return dataclasses.replace(load_config(root), tiers=tiers)


CONFIGS: dict[str, dict[str, Any]] = {
    "manual": {},
    "rank": {"basis": "rank", "tier": [{"target_share": share} for share in SHARES]},
    "score": {"basis": "score"},
}


# ----------------------------------------------------------------------------- independent placement


def expected_rank(fms: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Position = clients with a strictly higher retainer; tier n takes positions below
    round_half_up(N × cumulative share / 100)."""
    values = {path: Fraction(fm["retainer"]) for path, fm in fms.items()}
    n = len(values)
    cuts, total = [], 0
    for share in SHARES:
        total += share
        cuts.append((2 * n * total + 100) // 200)  # n × total / 100, halves rounded up
    placed = {}
    for path, value in values.items():
        position = sum(1 for other in values.values() if other > value)
        placed[path] = next((number for number, cut in enumerate(cuts, start=1) if position < cut), len(SHARES))
    return placed


def expected_score(fm: dict[str, Any]) -> int:
    retainer = next(points for at_least, points in RETAINER_BANDS if fm["retainer"] >= at_least)
    total = retainer + GROWTH[fm["growth_potential"]] + min(20, 4 * len(fm["workstreams"]))
    return 1 if total >= THRESHOLDS[0] else 2 if total >= THRESHOLDS[1] else 3


def expected_tiers(basis: str, fms: dict[str, dict[str, Any]]) -> dict[str, int]:
    if basis == "manual":
        return {path: fm["tier"] for path, fm in fms.items()}
    if basis == "rank":
        return expected_rank(fms)
    return {path: expected_score(fm) for path, fm in fms.items()}


# ----------------------------------------------------------------------------- tests


@pytest.mark.parametrize("basis", list(CONFIGS))
def test_every_client_is_in_exactly_one_tier(basis: str, generated: Path, frontmatters: dict[str, Any]) -> None:
    config = configured(generated, CONFIGS[basis])
    analysis = analyse(config)
    report = analysis.tiers
    expected = expected_tiers(basis, frontmatters)

    paths = [client.path for client in report.clients]
    assert len(paths) == len(set(paths)) == 100
    assert set(paths) == set(frontmatters)
    assert report.untiered == ()
    # each client in exactly one tier summary, the one computed here
    members = Counter(client.path for summary in report.summaries for client in summary.clients)
    assert set(members.values()) == {1} and set(members) == set(frontmatters)
    assert {client.path: client.tier for client in report.clients} == expected
    expected_counts = Counter(expected.values())
    assert [summary.count for summary in report.summaries] == [expected_counts[n] for n in (1, 2, 3)]
    assert sum(summary.count for summary in report.summaries) == 100
    # the graph carries the same tier on each client node
    assert {path: analysis.graph.nodes[path]["tier"] for path in frontmatters} == expected


def test_rank_counts_hold_ties_together(generated: Path, frontmatters: dict[str, Any]) -> None:
    """The generator draws retainers from six values, so the ties are large: no tier may
    hold a retainer that another tier also holds."""
    report = analyse(configured(generated, CONFIGS["rank"])).tiers
    retainers_by_tier = [{client.retainer for client in summary.clients} for summary in report.summaries]
    for upper in range(3):
        for lower in range(upper + 1, 3):
            assert not retainers_by_tier[upper] & retainers_by_tier[lower]
            if retainers_by_tier[upper] and retainers_by_tier[lower]:
                assert min(retainers_by_tier[upper]) > max(retainers_by_tier[lower])  # type: ignore[type-var]


@pytest.mark.parametrize("basis", list(CONFIGS))
def test_check_finds_exactly_the_planted_defects(basis: str, generated: Path, frontmatters: dict[str, Any]) -> None:
    manifest = json.loads((generated / "manifest.json").read_text())
    result = run_check(configured(generated, CONFIGS[basis]))
    errors = Counter(d.code for d in result.diagnostics if d.severity.value == "error")
    assert errors == Counter(
        {
            "WF101": len(manifest["broken_links"]),
            "WF102": len(manifest["broken_anchors"]),
            "WF201": len(manifest["placeholders"]),
            "WF303": len(manifest["missing_sources"]),
        }
    )
    tier_findings = [d for d in result.diagnostics if d.code.startswith("WF5")]
    # the generator writes onboarding_tier >= tier, OKRs of three measurable objectives and
    # every scored field: the only tier finding possible is a slip the basis itself causes
    placed = expected_tiers(basis, frontmatters)
    slipped = {path for path, fm in frontmatters.items() if placed[path] > fm["onboarding_tier"]}
    if basis == "manual":
        assert slipped == set()
    assert {d.code for d in tier_findings} <= {"WF504"}
    assert sorted(d.path for d in tier_findings) == sorted(slipped)


def test_default_config_has_no_tier_findings(generated: Path) -> None:
    result = run_check(load_config(generated))
    assert [d for d in result.diagnostics if d.code.startswith("WF5")] == []
