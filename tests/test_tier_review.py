"""`wikiforge tiers review`: the quarterly review's pack in each format, against the
pages' recorded reviews and against a git revision or day (`--since`).

The project in `tier_review/project` has a client in every section of the pack; its
text, Markdown and JSON are golden files (`--update-goldens` rewrites them after an
intended change).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO_ROOT
from wikiforge.cli import main

CASE = Path(__file__).parent / "tier_review"
PROJECT = CASE / "project"
GOLDENS = {"text": "expected.txt", "markdown": "expected.md", "json": "expected.json"}
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def review(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["tiers", "review", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", sorted(GOLDENS))
def test_each_format_matches_its_golden(fmt: str, update_goldens: bool) -> None:
    code, out, err = review(str(PROJECT), "--format", fmt)
    assert (code, err) == (0, "")
    golden = CASE / GOLDENS[fmt]
    if update_goldens:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_json_lists_every_section_by_path() -> None:
    data = json.loads(review(str(PROJECT), "--format", "json")[1])
    paths = {key: [row["path"] for row in data[key]] for key in ("tier_changes", "overrides", "slips", "reviews_due")}
    assert paths == {
        "tier_changes": ["wiki/clients/acme.md"],
        "overrides": ["wiki/clients/birch.md"],
        "slips": ["wiki/clients/birch.md"],
        "reviews_due": ["wiki/clients/acme.md"],
    }
    assert [(r["path"], r["days_past_due"]) for r in data["touchpoints_overdue"]] == [
        ("wiki/clients/dune.md", None),  # never met, first
        ("wiki/clients/cedar.md", 8),  # due 2026-11-12, judged on 2026-11-20
    ]
    (owner,) = data["owners_over_capacity"]
    # [[people/jo|Jo]], [[jo]] and [[people/jo]] all reach one page: one owner, named by its title
    assert (owner["owner"], owner["page"], owner["load"]) == ("Jo Park", "wiki/people/jo.md", 125)
    assert [a["path"] for a in owner["accounts"]] == [f"wiki/clients/{n}.md" for n in ("acme", "cedar", "birch")]
    assert owner["tipped_by"] == "wiki/clients/birch.md"
    counts = {r["path"]: r["objectives"] for r in data["okr_objectives"]["clients"]}
    assert counts == {"wiki/clients/cedar.md": 0, "wiki/clients/birch.md": 3, "wiki/clients/dune.md": 0}
    assert [r["path"] for r in data["okrs_stale"]] == ["wiki/clients/birch.md"]
    (change,) = data["tier_changes"]
    assert (change["before"], change["after"], change["score_before"], change["score"]) == (2, 1, None, 100)


def test_markdown_links_each_client_and_owner_to_its_page() -> None:
    out = review(str(PROJECT), "--format", "markdown")[1]
    links = set(re.findall(r"\]\(<([^>]+)>\)", out))
    assert links == {f"wiki/clients/{n}.md" for n in ("acme", "birch", "cedar", "dune")} | {"wiki/people/jo.md"}
    for target in links:
        assert (PROJECT / target).is_file()


def test_today_moves_the_quarter_and_what_is_due(tmp_path: Path) -> None:
    """On the quarter's first day nothing of it can be stale or due for a review held
    this quarter, and the touchpoints are judged by that day."""
    data = json.loads(review(str(PROJECT), "--format", "json", "--today", "2027-01-01")[1])
    assert (data["as_of"], data["quarter"]) == ("2027-01-01", "2027-Q1")
    assert data["okrs_stale"] == []  # a quarter's first month: too early to call
    assert {r["path"] for r in data["reviews_due"]} == {
        f"wiki/clients/{n}.md" for n in ("acme", "birch", "cedar", "dune")
    }
    assert [r["days_past_due"] for r in data["touchpoints_overdue"]] == [
        None,
        50,
        37,
        31,
    ]  # Dune never met; Cedar, Acme, Birch by days


def test_a_section_the_config_does_not_track_says_so(tmp_path: Path) -> None:
    """Without a cadence, a capacity or `review_every`, those sections are not "none"."""
    root = shutil.copytree(PROJECT, tmp_path / "p")
    (root / "wikiforge.toml").write_text('[tiers]\nas_of = "2026-11-20"\n', encoding="utf-8")
    code, out, _ = review(str(root))
    assert code == 0
    assert "Touchpoints overdue (0)\n  not tracked: no tier sets cadence_days\n" in out
    assert "OKRs with no progress (0)\n  not tracked: [tiers] review_every is not set\n" in out
    assert "Slips below the highest tier (1)\n" in out  # tracked whatever the config
    data = json.loads(review(str(root), "--format", "json")[1])
    assert data["untracked"] == ["touchpoints_overdue", "owners_over_capacity", "reviews_due", "okrs_stale"]
    assert data["okrs_stale"] == []  # Birch's OKRs show no progress, but WF510 is off too


def test_output_file_is_written_and_stdout_left_empty(tmp_path: Path) -> None:
    target = tmp_path / "review.md"
    code, out, err = review(str(PROJECT), "--format", "markdown", "-o", str(target))
    assert (code, out) == (0, "")
    assert "wrote the 2026-Q4 review pack" in err
    assert target.read_text(encoding="utf-8") == (CASE / "expected.md").read_text(encoding="utf-8")


def test_an_unwritable_output_is_exit_2(tmp_path: Path) -> None:
    code, _, err = review(str(PROJECT), "-o", str(tmp_path / "missing" / "review.txt"))
    assert code == 2
    assert "cannot write" in err


def test_tiers_keeps_its_path_argument_beside_the_subcommand() -> None:
    """`tiers PATH` is the listing still; `tiers --help` shows its options and `review`."""
    result = CliRunner().invoke(main, ["tiers", str(PROJECT), "--clients", "--format", "json"])
    assert result.exit_code == 0
    assert {row["title"] for row in json.loads(result.stdout)} == {"Acme", "Birch", "Cedar", "Dune"}
    shown = CliRunner().invoke(main, ["tiers", "--help"]).stdout
    assert "--clients" in shown and "review" in shown


def test_a_project_folder_named_review_is_reached_by_its_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(PROJECT, tmp_path / "review")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["tiers", "./review"])
    assert result.exit_code == 0
    assert "Tier 1: Top" in result.stdout


def test_the_bundled_review_matches_the_readme() -> None:
    code, out, _ = review(str(REPO_ROOT))
    assert code == 0
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"\$ wikiforge tiers review\n(.*?)```", readme, re.DOTALL)
    assert shown is not None, "README shows `wikiforge tiers review` output"
    assert out == shown.group(1)


# ----------------------------------------------------------------------------- --since


def git(root: Path, *args: str, day: str = "2026-10-15") -> None:
    stamp = f"{day}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """The project in git, a folder down: Acme in Core on 2026-10-15 (retainer 4,000),
    in Top from 2026-11-10 (12,000), when Elm became a client and Cedar's page gained
    an edit the tiers do not read."""
    root = tmp_path / "repo" / "agency"
    shutil.copytree(PROJECT, root)
    acme = root / "wiki/clients/acme.md"
    now = acme.read_text(encoding="utf-8")
    acme.write_text(now.replace("retainer: 12000", "retainer: 4000"), encoding="utf-8")
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", ".")
    git(tmp_path / "repo", "commit", "-q", "-m", "October")
    acme.write_text(now, encoding="utf-8")
    elm = "---\ntitle: Elm\ntype: client\ntier: 2\nretainer: 12000\ngrowth_potential: low\n---\nNew.\n"
    (root / "wiki/clients/elm.md").write_text(elm, encoding="utf-8")
    cedar = root / "wiki/clients/cedar.md"
    cedar.write_text(cedar.read_text(encoding="utf-8") + "\nMore notes.\n", encoding="utf-8")
    git(tmp_path / "repo", "add", ".", day="2026-11-10")
    git(tmp_path / "repo", "commit", "-q", "-m", "November", day="2026-11-10")
    return root


@needs_git
@pytest.mark.parametrize("since", ["HEAD~1", "2026-11-01", "2026-11-10"])
def test_since_compares_with_the_pages_at_a_revision_or_day(history: Path, since: str) -> None:
    """A day is the last commit before it began: 2026-11-10 is still October's."""
    code, out, err = review(str(history), "--since", since, "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["since"].endswith(")") and (since in data["since"] or "before" in data["since"])
    changes = {row["path"]: row for row in data["tier_changes"]}
    assert set(changes) == {"wiki/clients/acme.md", "wiki/clients/elm.md"}
    acme = changes["wiki/clients/acme.md"]
    assert (acme["before"], acme["after"], acme["score_before"], acme["score"]) == (2, 1, 50, 100)
    retainer, growth = acme["dimensions"]
    assert (retainer["points_before"], retainer["points"], retainer["value_before"], retainer["value"]) == (
        10,
        60,
        "4000",
        "12000",
    )
    assert growth["points_before"] == growth["points"] == 40
    elm = changes["wiki/clients/elm.md"]
    assert (elm["before"], elm["after"], elm["score_before"]) == (None, 1, None)


@needs_git
def test_since_text_shows_only_the_dimensions_that_moved(history: Path) -> None:
    out = review(str(history), "--since", "HEAD~1")[1]
    section = out.split("Tier changes (2)\n", 1)[1].split("\n\n", 1)[0]
    assert section.splitlines() == [
        "  Acme (wiki/clients/acme.md): Tier 2: Core → Tier 1: Top, score 50 → 100",
        "      Retainer: 10 → 60 of 60 (retainer: 4000 → 12000)",
        "  Elm (wiki/clients/elm.md): not a client then → Tier 1: Top, score 60",
        "      Retainer: 60 of 60 (retainer: 12000)",
        "      Growth: 0 of 40 (growth_potential: low)",
    ]


@needs_git
def test_since_leaves_the_work_tree_and_the_record_cache_as_they_were(history: Path) -> None:
    before = {p: p.read_bytes() for p in (history / "wiki").rglob("*.md")}
    review(str(history))  # fills the cache with today's pages
    cache = history / ".wikiforge_cache"
    kept = {p: p.read_bytes() for p in cache.rglob("*") if p.is_file()}
    assert review(str(history), "--since", "HEAD~1")[0] == 0
    assert {p: p.read_bytes() for p in (history / "wiki").rglob("*.md")} == before
    assert {p: p.read_bytes() for p in cache.rglob("*") if p.is_file()} == kept


@needs_git
@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("no-such-rev", "unknown revision 'no-such-rev'"),
        ("2026-10-15", "no commit before 2026-10-15"),
        ("--exec=evil", "is not a git revision"),
    ],
)
def test_a_revision_that_names_nothing_is_exit_2(history: Path, since: str, message: str) -> None:
    code, out, err = review(str(history), "--since", since)
    assert (code, out) == (2, "")
    assert message in err


@needs_git
def test_since_outside_git_is_exit_2(tmp_path: Path) -> None:
    root = shutil.copytree(PROJECT, tmp_path / "plain")
    code, _, err = review(str(root), "--since", "HEAD")
    assert code == 2
    assert "not a git repository" in err or "unknown revision" in err
