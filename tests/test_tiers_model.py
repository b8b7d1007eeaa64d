"""The tier model (DESIGN §6): `[tiers]` validation, the rank and score bases at their
boundaries, and each client's tier, movement, highest tier and override.

Rank cut-offs and score thresholds are checked against numbers worked out by hand
from the documented rules: tier n takes the clients whose position (the number of
clients with a strictly higher value) is below round_half_up(N × cumulative share / 100);
a score at or above a tier's `min_score` is in that tier.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from wikiforge.cli import main
from wikiforge.config.settings import ConfigError, load_config
from wikiforge.config.tiers import TierLevel, parse_tiers
from wikiforge.core.diagnostic import Span
from wikiforge.core.records import PageRecord
from wikiforge.tiers import TiersConfig, assign_tiers, default_tiers
from wikiforge.tiers.basis import number, rank_tiers, score_client, tier_for_score
from wikiforge.tiers.client import current_quarter_objectives, parse_tier, read_client

# ----------------------------------------------------------------------------- helpers


def tiers(table: dict[str, Any]) -> TiersConfig:
    """A valid `[tiers]` table, parsed; fails the test on any problem."""
    problems: list[str] = []
    config = parse_tiers(table, problems)
    assert problems == []
    return config


def problems_of(table: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    parse_tiers(table, problems)
    return problems


def client(name: str, **fm: Any) -> PageRecord:
    """A client page record (`type: client`) with this frontmatter."""
    frontmatter = {"type": "client", **fm}
    return PageRecord(f"wiki/clients/{name}.md", "page", name, Span.point(1), True, frontmatter=frontmatter)


def shares(*values: float) -> list[dict[str, Any]]:
    return [{"target_share": value} for value in values]


def levels(*target_shares: int | str) -> tuple[TierLevel, ...]:
    return tuple(
        TierLevel(number, f"Tier {number}", target_share=Fraction(share))
        for number, share in enumerate(target_shares, start=1)
    )


def ranked(values: list[int | Fraction], *target_shares: int | str) -> list[int]:
    """Tiers of `values` (in order) under rank with these shares."""
    placed = rank_tiers({f"c{i:03d}": Fraction(v) for i, v in enumerate(values)}, levels(*target_shares))
    return [placed[f"c{i:03d}"] for i in range(len(values))]


def counts(tier_list: list[int], how_many: int) -> list[int]:
    found = Counter(tier_list)
    return [found[n] for n in range(1, how_many + 1)]


# ----------------------------------------------------------------------------- config validation

DIM = {"name": "Retainer", "field": "retainer", "weight": 100, "bands": [[0, 10]]}


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"basis": "ranked"}, "`tiers.basis`"),
        ({"bassis": "rank"}, "`tiers.bassis`"),
        ({"tier": [{"name": "Only"}]}, "`tiers.tier` defines 1 tiers"),
        ({"tier": [{}] * 6}, "`tiers.tier` defines 6 tiers"),
        ({"tier": "three"}, "`tiers.tier` must be a list of tables"),
        ({"tier": [{}, {"colour": "red"}]}, "`tiers.tier[2].colour`"),
        ({"tier": [{"name": ""}, {}]}, "`tiers.tier[1].name`"),
        ({"tier": [{"name": 3}, {}]}, "`tiers.tier[1].name`"),
        ({"tier": [{"owner": 5}, {}]}, "`tiers.tier[1].owner`"),
        ({"tier": [{"name": "Gold"}, {"name": "GOLD"}]}, "names 'gold' more than once"),
        ({"tier": [{"target_share": 120}, {"target_share": -20}]}, "`tiers.tier[1].target_share`"),
        ({"tier": [{"target_share": "50%"}, {"target_share": 50}]}, "`tiers.tier[1].target_share`"),
        ({"tier": [{"target_share": 50}, {}]}, "give every tier a `target_share`, or none"),
        ({"tier": shares(50, 40)}, "`target_share` values add up to 90"),
        ({"basis": "rank"}, "give every tier a `target_share`"),
        ({"basis": "rank", "tier": [{"target_share": 50}, {}]}, "give every tier a `target_share`"),
        ({"basis": "score", "tier": [{"min_score": 70}, {}, {}]}, "`tiers.tier[2].min_score`"),
        ({"basis": "score", "tier": [{"min_score": 50}, {"min_score": 60}, {}]}, "`tiers.tier[2].min_score` (60)"),
        ({"basis": "score", "tier": [{"min_score": 50}, {"min_score": 50}, {}]}, "`tiers.tier[2].min_score` (50)"),
        ({"basis": "score", "tier": [{"min_score": 50}, {"min_score": 10}]}, "`tiers.tier[2].min_score` must be 0"),
        ({"tier": [{"min_score": 120}, {}]}, "`tiers.tier[1].min_score` must be from 0 to 100"),
        ({"tier": [{"min_score": True}, {}]}, "`tiers.tier[1].min_score` must be a number"),
        ({"basis": "score", "dimension": [{**DIM, "weight": 90}]}, "weights add up to 90"),
        ({"dimension": []}, "`tiers.dimension` must be a list of tables"),
        ({"dimension": [{**DIM, "field": ""}]}, "`tiers.dimension[1].field`"),
        ({"dimension": [{**DIM, "weight": 0}]}, "`tiers.dimension[1].weight` must be above 0"),
        ({"dimension": [{**DIM, "weight": "heavy"}]}, "`tiers.dimension[1].weight` must be a number"),
        ({"dimension": [{**DIM, "per_item": 4}]}, "`tiers.dimension[1]` needs exactly one of"),
        ({"dimension": [{"field": "retainer", "weight": 100}]}, "`tiers.dimension[1]` needs exactly one of"),
        ({"dimension": [{"field": "g", "weight": 30, "points": {"high": 40}}]}, "`tiers.dimension[1].points.high`"),
        ({"dimension": [{"field": "g", "weight": 30, "points": {"low": -1}}]}, "`tiers.dimension[1].points.low`"),
        ({"dimension": [{"field": "g", "weight": 30, "points": {}}]}, "`tiers.dimension[1].points` must be a table"),
        ({"dimension": [{"field": "r", "weight": 50, "bands": [[0, 60]]}]}, "`tiers.dimension[1].bands[1]`"),
        ({"dimension": [{"field": "r", "weight": 50, "bands": [[0, 5], [0, 6]]}]}, "same lower limit twice"),
        ({"dimension": [{"field": "r", "weight": 50, "bands": [[0]]}]}, "`tiers.dimension[1].bands`"),
        ({"dimension": [{"field": "r", "weight": 50, "bands": [["x", 5]]}]}, "`tiers.dimension[1].bands[1][1]`"),
        ({"dimension": [{"field": "w", "weight": 20, "per_item": 0}]}, "`tiers.dimension[1].per_item` must be above"),
        ({"dimension": [{**DIM, "colour": 1}]}, "`tiers.dimension[1].colour`"),
        ({"override_share": 150}, "`tiers.override_share`"),
        ({"override_share": "5%"}, "`tiers.override_share` must be a number"),
        ({"okr_objectives": [4, 2]}, "`tiers.okr_objectives`"),
        ({"okr_objectives": [3]}, "`tiers.okr_objectives`"),
        ({"okr_objectives": [-1, 3]}, "`tiers.okr_objectives`"),
        ({"okr_objectives": [2.0, 4]}, "`tiers.okr_objectives`"),
        ({"client_type": ""}, "`tiers.client_type`"),
        ({"rank_by": 7}, "`tiers.rank_by`"),
        ({"currency": 5}, "`tiers.currency`"),
    ],
)
def test_each_config_problem_names_its_key(table: dict[str, Any], key: str) -> None:
    problems = problems_of(table)
    assert any(key in problem for problem in problems), problems


def test_unknown_keys_suggest_the_closest() -> None:
    problems = problems_of({"bassis": "rank", "tier": [{"min-scor": 1}, {}]})
    assert "unknown key `tiers.bassis` (did you mean `tiers.basis`?)" in problems
    assert any("did you mean 'rank'" in p for p in problems_of({"basis": "ranked"}))


def test_dashed_keys_are_accepted() -> None:
    config = tiers({"tier": [{"name": "A", "target-share": 40}, {"name": "B", "target-share": 60}]})
    assert [level.target_share for level in config.levels] == [40, 60]


def test_every_problem_is_reported_at_once() -> None:
    problems = problems_of(
        {
            "basis": "score",
            "override_share": 101,
            "okr_objectives": [5, 1],
            "tier": [{"min_score": 40, "target_share": 30}, {"min_score": 60, "target_share": 30}, {"min_score": 5}],
            "dimension": [{"field": "retainer", "weight": 60, "per_item": 1}],
        }
    )
    for key in (
        "`tiers.override_share`",
        "`tiers.okr_objectives`",
        "give every tier a `target_share`, or none",
        "`tiers.tier[2].min_score` (60)",
        "`tiers.tier[3].min_score` must be 0",
        "weights add up to 60",
    ):
        assert sum(key in p for p in problems) == 1, (key, problems)
    assert len(problems) == 6


def test_valid_config_keeps_exact_numbers() -> None:
    config = tiers(
        {
            "basis": "score",
            "override_share": 2.5,
            "okr_objectives": [3, 3],
            "tier": [
                {"name": "A", "min_score": 74.99, "target_share": 33.3},
                {"name": "B", "min_score": 0.1, "target_share": 33.3},
                {"name": "C", "min_score": 0, "target_share": 33.4},
            ],
        }
    )
    assert config.override_share == Fraction(5, 2)
    assert config.levels[0].min_score == Fraction(7499, 100)
    assert sum(level.target_share or 0 for level in config.levels) == 100
    assert config.okr_objectives == (3, 3)
    assert config.dimensions == default_tiers().dimensions


def test_override_share_zero_is_kept() -> None:
    assert tiers({"override_share": 0}).override_share == 0


def test_defaults() -> None:
    config = tiers({})
    assert config.basis == "manual"
    assert config.client_type == "client"
    assert config.rank_by == "retainer"
    assert config.override_share == 5
    assert config.okr_objectives == (2, 4)
    assert [(lv.name, lv.min_score) for lv in config.levels] == [("Tier 1", 75), ("Tier 2", 55), ("Tier 3", None)]
    assert [(d.field, d.weight) for d in config.dimensions] == [
        ("retainer", 50),
        ("growth_potential", 30),
        ("workstreams", 20),
    ]


def test_load_config_raises_with_every_problem(tmp_path: Path) -> None:
    (tmp_path / "wiki").mkdir()
    (tmp_path / "wikiforge.toml").write_text(
        '[tiers]\nbasis = "ranked"\noverride_share = 150\n\n[[tiers.tier]]\nname = "A"\ncolour = "red"\n'
        '[[tiers.tier]]\nname = "a"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    text = "\n".join(caught.value.problems)
    for key in ("`tiers.basis`", "`tiers.override_share`", "`tiers.tier[1].colour`", "names 'a' more than once"):
        assert key in text
    assert len(caught.value.problems) == 4


def test_check_exits_2_on_a_bad_tiers_config(tmp_path: Path) -> None:
    (tmp_path / "wiki").mkdir()
    (tmp_path / "wiki" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "wikiforge.toml").write_text(
        '[tiers]\nbasis = "rank"\nokr_objectives = [4, 2]\n\n'
        "[[tiers.tier]]\ntarget_share = 60\n[[tiers.tier]]\ntarget_share = 30\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "wikiforge.toml" in result.output
    assert "`tiers.okr_objectives`" in result.output
    assert "add up to 90" in result.output
    assert "Traceback" not in result.output


# ----------------------------------------------------------------------------- rank cut-offs


def test_rank_ten_distinct_clients_split_exactly_2_3_5() -> None:
    values = [1000 * (10 - i) for i in range(10)]  # 10000 down to 1000
    assert ranked(values, 20, 30, 50) == [1, 1, 2, 2, 2, 3, 3, 3, 3, 3]


def test_rank_order_of_input_does_not_matter() -> None:
    values = [3000, 10000, 1000, 7000, 9000, 2000, 8000, 5000, 6000, 4000]
    by_value = dict(zip(values, ranked(values, 20, 30, 50), strict=True))
    assert [by_value[v] for v in sorted(values, reverse=True)] == [1, 1, 2, 2, 2, 3, 3, 3, 3, 3]


def test_rank_tie_straddling_the_first_cut_takes_the_higher_tier() -> None:
    # positions 0, 1, 1: the tie at the cut (2) is not split, both 90s are in Tier 1
    values = [100, 90, 90, 80, 70, 60, 50, 40, 30, 20]
    assert ranked(values, 20, 30, 50) == [1, 1, 1, 2, 2, 3, 3, 3, 3, 3]


def test_rank_tie_straddling_the_second_cut_takes_the_higher_tier() -> None:
    # the 6s sit at positions 4 and 4: both below the cut of 5
    values = [10, 9, 8, 7, 6, 6, 5, 4, 3, 2]
    assert ranked(values, 20, 30, 50) == [1, 1, 2, 2, 2, 2, 3, 3, 3, 3]


def test_rank_tie_just_below_a_cut_stays_below() -> None:
    # the 5s start at position 5, not below the cut of 5
    values = [10, 9, 8, 7, 6, 5, 5, 5, 4, 3]
    assert ranked(values, 20, 30, 50) == [1, 1, 2, 2, 2, 3, 3, 3, 3, 3]


def test_rank_tie_spanning_two_cuts() -> None:
    # position 1 for all eight 50s: below the first cut, so all in Tier 1
    values = [100, *[50] * 8, 1]
    assert ranked(values, 20, 30, 50) == [1, *[1] * 8, 3]


def test_rank_all_equal_clients_share_the_top_tier() -> None:
    assert ranked([5000] * 10, 20, 30, 50) == [1] * 10


@pytest.mark.parametrize(
    ("n", "target_shares", "expected"),
    [
        (5, (10, 20, 70), [1, 1, 3]),  # cuts 0.5 → 1, 1.5 → 2, 5
        (5, (30, 30, 40), [2, 1, 2]),  # 1.5 → 2, 3 → 3
        (5, (50, 50), [3, 2]),  # 2.5 → 3 (half up, not to even)
        (3, (50, 50), [2, 1]),  # 1.5 → 2
        (7, (50, 50), [4, 3]),  # 3.5 → 4
        (10, (25, 25, 50), [3, 2, 5]),  # 2.5 → 3, 5 → 5
        (6, (25, 25, 50), [2, 1, 3]),  # 1.5 → 2, 3 → 3
        (9, (10, 20, 70), [1, 2, 6]),  # 0.9 → 1, 2.7 → 3
        (4, (10, 20, 70), [0, 1, 3]),  # 0.4 → 0, 1.2 → 1
        (1, (20, 30, 50), [0, 1, 0]),  # 0.2 → 0, 0.5 → 1: a lone client is in Tier 2
        (1, (50, 50), [1, 0]),  # 0.5 → 1
        (2, (20, 30, 50), [0, 1, 1]),  # 0.4 → 0, 1.0 → 1
        (20, (10, 15, 20, 25, 30), [2, 3, 4, 5, 6]),
        (7, (20, 20, 20, 20, 20), [1, 2, 1, 2, 1]),  # 1.4 → 1, 2.8 → 3, 4.2 → 4, 5.6 → 6, 7
        (10, (0, 50, 50), [0, 5, 5]),
        (3, ("33.3", "33.3", "33.4"), [1, 1, 1]),  # 0.999 → 1, 1.998 → 2, 3
    ],
)
def test_rank_cut_offs_at_their_boundaries(n: int, target_shares: tuple[int, ...], expected: list[int]) -> None:
    values = [10 * (n - i) for i in range(n)]
    assert counts(ranked(values, *target_shares), len(target_shares)) == expected


def test_rank_with_no_clients() -> None:
    assert rank_tiers({}, levels(20, 30, 50)) == {}


def _half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


share_lists = st.sampled_from([(20, 30, 50), (50, 50), (10, 15, 20, 25, 30), (0, 40, 60), (34, 33, 33), (1, 99)])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 12), max_size=40), share_lists)
def test_rank_properties(values: list[int], target_shares: tuple[int, ...]) -> None:
    tiers_of = ranked(values, *target_shares)  # small value range: many ties
    n = len(values)
    # ties never split, and a higher value never gets a lower tier
    for a, ta in zip(values, tiers_of, strict=True):
        for b, tb in zip(values, tiers_of, strict=True):
            if a == b:
                assert ta == tb
            if a > b:
                assert ta <= tb
    # tiers 1..k hold at least the cut's worth of clients, and any beyond it tie with the client at the cut
    ordered = sorted(zip(values, tiers_of, strict=True), key=lambda pair: -pair[0])
    cumulative = Fraction(0)
    for level, share in enumerate(target_shares, start=1):
        cumulative += share
        cut = min(n, _half_up(n * cumulative / 100))
        within = [v for v, t in ordered if t <= level]
        assert len(within) >= cut
        extra = within[cut:]
        assert all(cut > 0 and v == ordered[cut - 1][0] for v in extra)
    assert len(tiers_of) == n


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-(10**6), 10**6), unique=True, max_size=60), share_lists)
def test_rank_distinct_values_fill_each_tier_exactly(values: list[int], target_shares: tuple[int, ...]) -> None:
    n = len(values)
    cuts = [0]
    cumulative = Fraction(0)
    for share in target_shares:
        cumulative += share
        cuts.append(_half_up(n * cumulative / 100))
    expected = [cuts[i + 1] - cuts[i] for i in range(len(target_shares))]
    assert counts(ranked(values, *target_shares), len(target_shares)) == expected


def test_rank_through_assign_tiers_reads_text_numbers_and_skips_clients_without_one() -> None:
    config = tiers({"basis": "rank", "tier": shares(20, 30, 50)})
    records = [client(f"c{i}", retainer=1000 * (10 - i)) for i in range(8)]
    records += [client("text-top", retainer="$25,000"), client("text-low", retainer="€500.50")]
    records.append(client("none", retainer="ask finance"))
    report = assign_tiers(config, records)
    tier = {c.title: c.tier for c in report.clients}
    # ten clients with a number: cuts 2 and 5; the one without a number has no tier
    assert tier["text-top"] == 1 and tier["c0"] == 1
    assert [tier[f"c{i}"] for i in range(1, 8)] == [2, 2, 2, 3, 3, 3, 3]
    assert tier["text-low"] == 3
    assert tier["none"] is None
    assert [s.count for s in report.summaries] == [2, 3, 5]
    assert [c.title for c in report.untiered] == ["none"]
    none = report.by_path["wiki/clients/none.md"]
    assert [(i.code, i.key) for i in none.issues] == [("WF501", "retainer")]


def test_rank_by_another_field() -> None:
    config = tiers({"basis": "rank", "rank_by": "mrr", "tier": shares(50, 50)})
    report = assign_tiers(config, [client("a", mrr=10, retainer=1), client("b", mrr=5, retainer=100)])
    assert {c.title: c.tier for c in report.clients} == {"a": 1, "b": 2}
    assert report.by_path["wiki/clients/a.md"].rank_value == 10


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (8500, Fraction(8500)),
        (8500.5, Fraction(17001, 2)),
        ("8500", Fraction(8500)),
        ("$8,500", Fraction(8500)),
        (" £ 1,234.56 ", Fraction(123456, 100)),
        ("-500", Fraction(-500)),
        (True, None),
        ("12k", None),
        ("", None),
        (float("nan"), None),
        (float("inf"), None),
        ([8500], None),
    ],
)
def test_number_forms(value: Any, expected: Fraction | None) -> None:
    assert number(value) == expected


# ----------------------------------------------------------------------------- score thresholds

BOUNDARY = {
    "basis": "score",
    "tier": [{"min_score": 75}, {"min_score": 55}, {}],
    "dimension": [
        {"name": "Base", "field": "base", "weight": 50, "points": {"full": 50, "part": 30}},
        {"name": "Extra", "field": "extra", "weight": 50, "points": {"below": 24.99, "at": 25, "above": 25.01}},
    ],
}


@pytest.mark.parametrize(
    ("base", "extra", "total", "tier"),
    [
        ("full", "below", Fraction(7499, 100), 2),
        ("full", "at", Fraction(75), 1),
        ("full", "above", Fraction(7501, 100), 1),
        ("part", "below", Fraction(5499, 100), 3),
        ("part", "at", Fraction(55), 2),
        ("part", "above", Fraction(5501, 100), 2),
    ],
)
def test_score_thresholds_at_their_boundaries(base: str, extra: str, total: Fraction, tier: int) -> None:
    config = tiers(BOUNDARY)
    score, issues = score_client({"base": base, "extra": extra}, config.dimensions)
    assert issues == []
    assert score.total == total
    assert tier_for_score(score.total, config.levels) == tier
    report = assign_tiers(config, [client("c", base=base, extra=extra)])
    assert report.clients[0].tier == tier


@pytest.mark.parametrize(
    ("score", "tier"),
    [
        (Fraction(100), 1),
        (Fraction(75), 1),
        (Fraction(75) - Fraction(1, 10**9), 2),
        (Fraction(55), 2),
        (Fraction(55) - Fraction(1, 10**9), 3),
        (Fraction(0), 3),
    ],
)
def test_tier_for_score_default_thresholds(score: Fraction, tier: int) -> None:
    assert tier_for_score(score, default_tiers().levels) == tier


def test_fractional_points_sum_exactly() -> None:
    # 0.7 + 0.1 is 0.7999999999999999 in floats, which would miss a threshold of 0.8
    config = tiers(
        {
            "basis": "score",
            "tier": [{"min_score": 0.8}, {"min_score": 0.3}, {}],
            "dimension": [
                {"field": "a", "weight": 50, "points": {"x": 0.7, "y": 0.1, "z": 0.2}},
                {"field": "b", "weight": 50, "points": {"x": 0.1, "y": 0.2}},
            ],
        }
    )
    score, _ = score_client({"a": "x", "b": "x"}, config.dimensions)
    assert score.total == Fraction(4, 5)
    assert tier_for_score(score.total, config.levels) == 1
    score, _ = score_client({"a": "y", "b": "y"}, config.dimensions)  # 0.1 + 0.2
    assert score.total == Fraction(3, 10)
    assert tier_for_score(score.total, config.levels) == 2
    score, _ = score_client({"a": "y", "b": "x"}, config.dimensions)  # 0.1 + 0.1
    assert tier_for_score(score.total, config.levels) == 3


DEFAULTS = default_tiers().dimensions


@pytest.mark.parametrize(
    ("retainer", "points"),
    [
        (20000, 50),
        (19999.99, 40),
        ("$12,000", 40),
        (11999, 30),
        (8000.0, 30),
        (7999.99, 20),
        (4000, 20),
        (3999, 10),
        (0, 10),
        (-1, 0),  # below every band
    ],
)
def test_default_retainer_bands(retainer: Any, points: int) -> None:
    score, issues = score_client({"retainer": retainer, "growth_potential": "low", "workstreams": []}, DEFAULTS)
    assert issues == []
    assert score.parts[0].points == points


@pytest.mark.parametrize(
    ("workstreams", "points"),
    [([], 0), ("ads", 4), (["ads"], 4), (["a", "b", "c"], 12), (["a"] * 5, 20), (["a"] * 6, 20), (["a"] * 50, 20)],
)
def test_per_item_is_capped_at_the_weight(workstreams: Any, points: int) -> None:
    score, _ = score_client({"retainer": 0, "growth_potential": "low", "workstreams": workstreams}, DEFAULTS)
    assert score.parts[2].points == points


@pytest.mark.parametrize(("growth", "points"), [("high", 30), ("High", 30), (" MEDIUM ", 20), ("low", 10)])
def test_points_ignore_case_and_spaces(growth: str, points: int) -> None:
    score, issues = score_client({"retainer": 0, "growth_potential": growth, "workstreams": []}, DEFAULTS)
    assert issues == []
    assert score.parts[1].points == points


LIST_POINTS = {
    "basis": "score",
    "dimension": [
        {"field": "retainer", "weight": 80, "bands": [[0, 0]]},
        {"name": "Channels", "field": "channels", "weight": 20, "points": {"ads": 10, "seo": 5, "email": 2.5}},
    ],
}


@pytest.mark.parametrize(
    ("channels", "points", "problem"),
    [
        (["ads"], 10, False),
        (["ADS", "Seo"], 15, False),
        (["seo", "email"], Fraction(15, 2), False),
        (["ads", "seo", "email"], Fraction(35, 2), False),
        (["ads", "ads", "seo"], 20, False),  # 25, capped at the weight
        (["ads", "print"], 10, True),  # known items still score
        ("seo", 5, False),
        ([], 0, False),
    ],
)
def test_points_over_a_list_sum_and_cap(channels: Any, points: Fraction | int, problem: bool) -> None:
    config = tiers(LIST_POINTS)
    score, issues = score_client({"retainer": 0, "channels": channels}, config.dimensions)
    assert score.parts[1].points == points
    assert bool(issues) is problem
    if problem:
        assert issues[0].key == "channels" and "'print'" in issues[0].message


def test_bands_over_a_list_count_its_items() -> None:
    config = tiers(
        {
            "basis": "score",
            "dimension": [
                {"field": "retainer", "weight": 50, "bands": [[0, 0]]},
                {"field": "workstreams", "weight": 50, "bands": [[3, 50], [1, 20]]},
            ],
        }
    )
    for items, points in (([], 0), (["a"], 20), (["a", "b"], 20), (["a", "b", "c"], 50)):
        score, _ = score_client({"retainer": 1, "workstreams": items}, config.dimensions)
        assert score.parts[1].points == points


def test_missing_or_unscorable_fields_score_zero_with_an_issue() -> None:
    score, issues = score_client({"retainer": "lots", "growth_potential": "huge"}, DEFAULTS)
    assert score.total == 0
    assert [i.key for i in issues] == ["retainer", "growth_potential", "workstreams"]
    assert all(i.code == "WF501" for i in issues)


def test_score_basis_end_to_end_with_the_default_dimensions() -> None:
    config = tiers({"basis": "score"})
    records = [
        client("big", retainer=20000, growth_potential="medium", workstreams=["a", "b"]),  # 50 + 20 + 8 = 78
        client("mid", retainer=12000, growth_potential="high", workstreams=["a"]),  # 40 + 30 + 4 = 74
        client("edge", retainer=8000, growth_potential="low", workstreams=["a", "b", "c", "d"]),  # 30+10+16 = 56
        client("small", retainer=7999, growth_potential="high", workstreams=["a"]),  # 20 + 30 + 4 = 54
    ]
    report = assign_tiers(config, records)
    assert {c.title: (c.score.total if c.score else None, c.tier) for c in report.clients} == {
        "big": (78, 1),
        "mid": (74, 2),
        "edge": (56, 2),
        "small": (54, 3),
    }
    assert all(not c.issues for c in report.clients)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 30000),
    st.integers(0, 30000),
    st.sampled_from(["low", "medium", "high"]),
    st.integers(0, 7),
)
def test_score_is_monotone_in_the_retainer(low: int, high: int, growth: str, items: int) -> None:
    low, high = min(low, high), max(low, high)
    config = tiers({"basis": "score"})
    report = assign_tiers(
        config,
        [
            client("low", retainer=low, growth_potential=growth, workstreams=["w"] * items),
            client("high", retainer=high, growth_potential=growth, workstreams=["w"] * items),
        ],
    )
    placed_ = {c.title: c for c in report.clients}
    assert placed_["high"].score.total >= placed_["low"].score.total  # type: ignore[union-attr]
    assert placed_["high"].tier <= placed_["low"].tier  # type: ignore[operator]


# ----------------------------------------------------------------------------- tier parsing

NAMED = tiers({"tier": [{"name": "Strategic"}, {"name": "Growth"}, {"name": "Foundation"}]})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, 1),
        (3, 3),
        (2.0, 2),
        ("2", 2),
        (" 2 ", 2),
        ("Tier 2", 2),
        ("tier 2", 2),
        ("TIER2", 2),
        ("Tier 02", 2),
        ("Growth", 2),
        ("growth", 2),
        (" STRATEGIC ", 1),
        ("Tier 3: Foundation", 3),
        ("tier 3: foundation", 3),
        (0, None),
        (4, None),
        (-1, None),
        (2.5, None),
        (True, None),
        (False, None),
        (None, None),
        ("", None),
        ("Tier", None),
        ("2nd", None),
        ("Tier 4", None),
        ("Strategc", None),
        ([2], None),
        ({"tier": 2}, None),
    ],
)
def test_parse_tier_forms(value: Any, expected: int | None) -> None:
    assert parse_tier(value, NAMED) == expected


def test_parse_tier_with_two_and_five_tiers() -> None:
    two = tiers({"tier": [{"name": "Core"}, {"name": "Light"}]})
    assert [parse_tier(v, two) for v in (1, 2, 3, "light", "Tier 3")] == [1, 2, None, 2, None]
    five = tiers({"tier": [{"name": n} for n in ("Platinum", "Gold", "Silver", "Bronze", "Starter")]})
    assert [parse_tier(v, five) for v in (5, "Tier 4", "bronze", 6, "Diamond")] == [5, 4, 4, None, None]


# ----------------------------------------------------------------------------- movement, slips, overrides

MANUAL = default_tiers()


def placed(**fm: Any):  # type: ignore[no-untyped-def]
    report = assign_tiers(MANUAL, [client("c", **fm)])
    return report.clients[0]


@pytest.mark.parametrize(
    ("fm", "movement", "since_review", "highest", "slipped"),
    [
        ({"tier": 1, "onboarding_tier": 3}, "up", None, 1, False),
        ({"tier": 2, "onboarding_tier": 1}, "down", None, 1, True),
        ({"tier": 2, "onboarding_tier": 2}, "steady", None, 2, False),
        ({"tier": 2}, None, None, 2, False),
        (
            {"tier": 3, "onboarding_tier": 3, "tier_history": [{"date": "2025-01-01", "tier": 1}]},
            "steady",
            "down",
            1,
            True,
        ),
        # the latest review is the latest date, whatever the order written
        (
            {
                "tier": 2,
                "onboarding_tier": 3,
                "tier_history": [{"date": "2025-09-01", "tier": 3}, {"date": "2025-03-01", "tier": 1}],
            },
            "up",
            "up",
            1,
            True,
        ),
        ({"tier": 1, "tier_history": [{"date": "2025-09-01", "tier": 2}]}, None, "up", 1, False),
        # an unreadable history entry does not count
        ({"tier": 2, "tier_history": [{"date": "soon", "tier": 1}]}, None, None, 2, False),
    ],
)
def test_movement_highest_and_slip(
    fm: dict[str, Any], movement: str | None, since_review: str | None, highest: int, slipped: bool
) -> None:
    found = placed(**fm)
    assert (found.movement, found.movement_since_review, found.highest_tier, found.slipped) == (
        movement,
        since_review,
        highest,
        slipped,
    )


def test_override_wins_over_every_basis() -> None:
    reason = {"override_reason": "Parent company is a prospect"}
    manual = placed(tier=3, tier_override="Tier 1", **reason)
    assert (manual.basis_tier, manual.tier) == (3, 1)
    score = assign_tiers(
        tiers({"basis": "score"}),
        [client("c", retainer=100, growth_potential="low", workstreams=[], tier_override=1, **reason)],
    ).clients[0]
    assert (score.basis_tier, score.tier) == (3, 1)
    rank = assign_tiers(
        tiers({"basis": "rank", "tier": shares(50, 50)}),
        [client("a", retainer=10, tier_override=2, **reason), client("b", retainer=5)],
    )
    a = rank.by_path["wiki/clients/a.md"]
    assert (a.basis_tier, a.tier) == (1, 2)
    # the override does not move anyone else's rank
    assert rank.by_path["wiki/clients/b.md"].tier == 2


def test_override_without_reason_still_applies() -> None:
    found = placed(tier=3, tier_override=1)
    assert found.tier == 1
    assert [(i.code, i.key) for i in found.issues] == [("WF502", "tier_override")]


def test_unknown_override_falls_back_to_the_basis() -> None:
    found = placed(tier=3, tier_override=9, override_reason="x")
    assert (found.override, found.tier) == (None, 3)
    assert [(i.code, i.key) for i in found.issues] == [("WF501", "tier_override")]


def test_override_below_the_basis_is_a_slip() -> None:
    found = placed(tier=1, onboarding_tier=1, tier_override=2, override_reason="x")
    assert found.slipped and found.highest_tier == 1 and found.movement == "down"


def test_report_order_summaries_and_override_share() -> None:
    records = [
        client("zeta", tier=2),
        client("Alpha", tier=2),
        client("beta", tier=1),
        client("nobody"),
        client("held", tier=3, tier_override=1, override_reason="x"),
        PageRecord("wiki/article.md", "page", "article", Span.point(1), True, frontmatter={"type": "article"}),
    ]
    report = assign_tiers(MANUAL, records)
    assert [c.title for c in report.clients] == ["beta", "held", "Alpha", "zeta", "nobody"]
    assert [s.count for s in report.summaries] == [2, 2, 0]
    assert [s.share for s in report.summaries] == [50, 50, 0]  # of the four clients with a tier
    assert report.override_share == Fraction(100, 5)
    assert [c.title for c in report.overrides] == ["held"]


@pytest.mark.parametrize(("clients", "overrides"), [(20, 1), (20, 2), (40, 3), (7, 1), (3, 1)])
def test_override_share_is_exact(clients: int, overrides: int) -> None:
    records = [
        client(f"c{i:02d}", tier=3, **({"tier_override": 2, "override_reason": "x"} if i < overrides else {}))
        for i in range(clients)
    ]
    report = assign_tiers(MANUAL, records)
    assert report.override_share == Fraction(overrides * 100, clients)
    # WF503 fires strictly above the limit: 1 of 20 at 5 % is within it
    assert (report.override_share > MANUAL.override_share) == (overrides * 100 > 5 * clients)


def test_client_type_selects_the_pages() -> None:
    config = tiers({"client_type": "account"})
    account = PageRecord("wiki/a.md", "page", "a", Span.point(1), True, frontmatter={"type": "account", "tier": 1})
    report = assign_tiers(config, [account, client("legacy", tier=2)])
    assert [c.title for c in report.clients] == ["a"]


def test_manual_basis_requires_a_tier_but_other_bases_do_not() -> None:
    assert [(i.code, i.key) for i in placed(retainer=5).issues] == [("WF501", "tier")]
    report = assign_tiers(tiers({"basis": "rank", "tier": shares(50, 50)}), [client("c", retainer=5)])
    assert report.clients[0].issues == ()


# ----------------------------------------------------------------------------- OKRs


def test_key_results_as_mappings() -> None:
    data = read_client(
        client(
            "c",
            tier=1,
            okrs=[
                {
                    "objective": "Grow",
                    "quarter": "2026-Q4",
                    "key_results": [
                        "Reach 10 leads",
                        {"text": "Hire", "target": "two specialists", "progress": "50%"},
                        {"text": "Ship", "progress": 0.25},
                        {"text": "Report", "target": ""},
                    ],
                }
            ],
        ),
        MANUAL,
    )
    results = data.objectives[0].key_results
    assert [(r.key, r.measurable, r.target, r.progress) for r in results] == [
        ("okrs.0.key_results.0", True, None, None),
        ("okrs.0.key_results.1", True, "two specialists", Fraction(1, 2)),
        ("okrs.0.key_results.2", False, None, Fraction(1, 4)),
        ("okrs.0.key_results.3", False, None, None),
    ]
    assert data.objectives[0].progress == Fraction(3, 8)
    assert data.issues == ()


@pytest.mark.parametrize("progress", [float("nan"), float("inf")])
def test_non_finite_progress_is_an_issue_not_a_crash(progress: float) -> None:
    okrs = [{"objective": "Grow", "key_results": [{"text": "Reach 10 leads", "progress": progress}]}]
    data = read_client(client("c", tier=1, okrs=okrs), MANUAL)
    assert [(i.code, i.key) for i in data.issues] == [("WF506", "okrs.0.key_results.0")]


ODD_VALUES: list[Any] = [
    float("nan"),
    float("inf"),
    1e308,
    10**400,
    dt.date(2025, 1, 1),
    dt.datetime(2025, 1, 1, 5),
    {},
    [],
    [[]],
    "",
    " ",
    True,
    None,
    0,
    -1,
    "nan%",
    "1e999%",
    "∞",
    "٣",
    "$",
    {"a": 1},
]


def _odd_places(value: Any) -> list[dict[str, Any]]:
    keys = ["tier", "tier_override", "override_reason", "onboarding_tier", "onboarded", "tier_history", "okrs"]
    keys += ["retainer", "growth_potential", "workstreams"]
    places: list[dict[str, Any]] = [{key: value} for key in keys]
    places += [
        {"workstreams": [value]},
        {"growth_potential": [value]},
        {"tier_history": [value]},
        {"tier_history": [{"date": value, "tier": 1}]},
        {"tier_history": [{"date": "2025-01-01", "tier": value}]},
        {"okrs": [value]},
        {"okrs": [{"objective": value}]},
        {"okrs": [{"objective": "G", "quarter": value}, {"objective": "H", "quarter": "2026-Q1"}]},
        {"okrs": [{"objective": "G", "key_results": value}]},
        {"okrs": [{"objective": "G", "key_results": [value]}]},
        {"okrs": [{"objective": "G", "key_results": [{"text": value}]}]},
        {"okrs": [{"objective": "G", "key_results": [{"text": "Reach 5", "target": value}]}]},
    ]
    places.append({"okrs": [{"objective": "G", "key_results": [{"text": "Reach 5", "progress": value}]}]})
    return places


@pytest.mark.parametrize("basis", ["manual", "rank", "score"])
def test_odd_frontmatter_never_crashes_the_model(basis: str) -> None:
    table: dict[str, Any] = {"basis": basis}
    if basis == "rank":
        table["tier"] = shares(50, 50)
    config = tiers(table)
    for value in ODD_VALUES:
        for fm in _odd_places(value):
            report = assign_tiers(config, [client("odd", **{"retainer": 5, **fm}), client("plain", retainer=5)])
            assert len(report.clients) == 2
            _ = report.summaries, report.override_share
            for found in report.clients:
                _ = found.movement, found.movement_since_review, found.slipped
                _ = [objective.progress for objective in found.data.objectives]


def test_an_empty_override_is_no_override_and_needs_no_reason() -> None:
    data = read_client(client("c", tier=1, tier_override=""), MANUAL)
    assert data.override is None
    assert data.issues == ()


@pytest.mark.parametrize("written", ["2026-Q4", "2026 Q4", "Q4 2026", "q4-2026"])
def test_quarter_forms_all_name_the_same_quarter(written: str) -> None:
    okrs = [{"objective": "Old", "quarter": "2026-Q3"}, {"objective": "New", "quarter": written}]
    data = read_client(client("c", tier=1, okrs=okrs), MANUAL)
    assert [o.text for o in current_quarter_objectives(data.objectives)] == ["New"]
