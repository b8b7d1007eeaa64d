"""The tiers in operation (issue 19): the day the dated rules judge by, the settings'
validation, and a whole check that is never a replay of another day's.

The rules' findings at their boundaries are golden cases (`tests/cases/owner-capacity`,
`touchpoint-overdue`, `tier-review-due`, `okr-stale`); these are what those cannot say.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import write_wiki
from wikiforge.cli import main
from wikiforge.config.tiers import parse_tiers
from wikiforge.tiers.operations import okr_stale, period_start

CONFIG = """\
[tiers]
as_of = "2026-10-20"
review_every = "quarter"

[[tiers.tier]]
name = "Strategic"
cadence_days = 14

[[tiers.tier]]
name = "Growth"
"""

WIKI = {
    "wikiforge.toml": CONFIG,
    "wiki/index.md": "# Home\n\n[[acme]]\n",
    "wiki/acme.md": (
        "---\ntitle: Acme\ntype: client\ntier: 1\nlast_contact: 2026-10-10\ntier_reviewed: 2026-10-02\n"
        "okrs:\n  - {objective: Grow, quarter: 2026-Q4, key_results: [Raise demos to 30]}\n"
        "  - {objective: Keep, quarter: 2026-Q4, key_results: [Churn under 2%]}\n---\n# Acme\n"
    ),
}


def codes(root: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "concise", *args])
    assert result.exit_code in (0, 1), result.output
    return sorted(line.split()[1] for line in result.output.splitlines() if " WF" in line)


@pytest.fixture(autouse=True)
def private_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def test_today_wins_over_as_of_and_another_day_is_never_a_replay(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    assert codes(root) == []  # as_of 2026-10-20: met 10 days ago, reviewed this quarter
    assert codes(root, "--today", "2026-10-27") == []  # 17 days: 14 + 3 of grace exactly
    assert codes(root, "--today", "2026-10-28") == ["WF508"]
    assert codes(root, "--today", "2026-11-01") == ["WF508", "WF510"]  # Q4's first month is over
    assert codes(root, "--today", "2027-01-05") == ["WF508", "WF509"]  # Q1: not reviewed, no Q1 objective
    assert codes(root, "--today", "2026-10-20") == []  # the same files, another day: checked again
    assert codes(root) == []


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ({"as_of": "soon"}, "`tiers.as_of` must be a date"),
        ({"review_every": "fortnight"}, "`tiers.review_every` must be one of month, quarter, year"),
        ({"cadence_grace_days": -1}, "`tiers.cadence_grace_days` must be a whole number of at least 0"),
        ({"owner_roles": "strategist"}, "`tiers.owner_roles` must be a list"),
        ({"tier": [{"cadence_days": 0}, {}]}, "`tiers.tier[1].cadence_days` must be a whole number of at least 1"),
        (
            {"tier": [{"max_accounts_per_owner": 10, "account_weight": 10}, {}]},
            "`tiers.tier[1]` takes `max_accounts_per_owner` or `account_weight`, not both",
        ),
        ({"tier": [{"account_weight": 0}, {}]}, "`tiers.tier[1].account_weight` is a percentage above 0"),
    ],
)
def test_each_operational_setting_is_checked(table: dict[str, Any], problem: str) -> None:
    problems: list[str] = []
    parse_tiers(table, problems)
    assert any(found.startswith(problem) for found in problems), problems


def test_settings_as_read() -> None:
    problems: list[str] = []
    tiers = parse_tiers(
        {
            "as_of": dt.date(2026, 11, 20),
            "review_every": "Quarter",
            "tier": [{"max_accounts_per_owner": 15, "cadence_days": 7}, {"account_weight": 2.5}],
        },
        problems,
    )
    assert problems == []
    assert tiers.as_of == dt.date(2026, 11, 20) and tiers.review_every == "quarter"
    assert tiers.levels[0].account_weight * 15 == 100 and tiers.levels[0].cadence_days == 7
    assert float(tiers.levels[1].account_weight) == 2.5 and tiers.cadence_grace_days == 3


@pytest.mark.parametrize(
    ("day", "period", "start"),
    [
        ("2026-10-01", "quarter", "2026-10-01"),
        ("2026-12-31", "quarter", "2026-10-01"),
        ("2026-03-31", "quarter", "2026-01-01"),
        ("2026-07-15", "month", "2026-07-01"),
        ("2026-07-15", "year", "2026-01-01"),
    ],
)
def test_period_starts(day: str, period: str, start: str) -> None:
    assert period_start(dt.date.fromisoformat(day), period).isoformat() == start


def test_a_quarters_first_month_has_no_stale_okrs(tmp_path: Path) -> None:
    from wikiforge.tiers.client import ClientData, KeyResult, Objective

    objective = Objective("Grow", "2026-Q4", (KeyResult("okrs.0.key_results.0", "Raise demos to 30"),))
    data = ClientData("a.md", "A", 1, None, None, None, None, (), (objective,), ())
    assert not okr_stale(data, dt.date(2026, 10, 31))
    assert okr_stale(data, dt.date(2026, 11, 1))
    assert not okr_stale(data, dt.date(2027, 2, 1))  # another quarter: no objective of its own


def test_a_server_past_midnight_judges_by_the_new_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wikiforge.config.settings import load_config
    from wikiforge.incremental.live import advance, keep, stamped
    from wikiforge.lint.selection import build_selection
    from wikiforge.load.discover import discover
    from wikiforge.pipeline import analyse, project_parse_options

    wiki = {**WIKI, "wikiforge.toml": CONFIG.replace('as_of = "2026-10-20"\n', "")}
    root = write_wiki(tmp_path / "p", wiki)
    config = load_config(root)
    selection, options = build_selection(config), project_parse_options(config)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 10, 20, 23, tzinfo=dt.UTC).timestamp())))
    files = discover(config)
    kept = keep(analyse(config, files=files), stamped(files))
    assert advance(kept, config, selection, discover(config), options) is not None  # the same day: kept
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 10, 28, 1, tzinfo=dt.UTC).timestamp())))
    assert advance(kept, config, selection, discover(config), options) is None  # another day: analysed whole
    assert [d.code for d in analyse(config).diagnostics] == ["WF508"]


OWNED = {
    "wikiforge.toml": '[tiers]\nas_of = "2026-10-20"\n\n[[tiers.tier]]\nmax_accounts_per_owner = 1\n\n[[tiers.tier]]\n',
    "wiki/index.md": "# Home\n\n[[a]] [[b]] [[people/jo]]\n",
    "wiki/people/jo.md": "---\ntitle: Jo Park\n---\n# Jo Park\n",
    "wiki/a.md": "---\ntitle: A\ntype: client\ntier: 1\nowner: '[[jo]]'\n---\n# A\n",
    "wiki/b.md": "---\ntitle: B\ntype: client\ntier: 1\nowner: '[[people/jo|Jo]]'\n---\n# B\n",
}


def findings(root: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "concise", "--select", "WF507", *args])
    return [line for line in result.output.splitlines() if " WF" in line]


@pytest.mark.usefixtures("trusted_stamps")
def test_an_owner_page_renamed_is_counted_again_after_an_edit(tmp_path: Path) -> None:
    """An owner's `[[link]]` reaches a page by its name, and is named by its title:
    renaming the page (no client page changes) parts the two spellings, and retitling it
    renames the owner; a check kept from before must see both as a fresh check does."""
    root = write_wiki(tmp_path / "p", OWNED)
    (over,) = findings(root)
    assert "owner Jo Park carries 2 in Tier 1: 200%" in over
    (root / "wiki/people/jo.md").rename(root / "wiki/people/joanna.md")
    assert findings(root) == findings(root, "--no-cache") == []
    (root / "wiki/people/joanna.md").rename(root / "wiki/people/jo.md")
    assert findings(root) == findings(root, "--no-cache") == [over]
    (root / "wiki/people/jo.md").write_text("---\ntitle: Jo Park-Lee\n---\n# Jo Park-Lee\n", encoding="utf-8")
    assert findings(root) == findings(root, "--no-cache") == [over.replace("Jo Park", "Jo Park-Lee")]
