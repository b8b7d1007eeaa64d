"""`wikiforge base FILE`: a base's rows printed as an aligned table (golden text), CSV
and JSON, on a small project (`tests/base_command/project`, copied so the run's cache
stays out of the tree) and on the bundled wiki.

The outputs compared as a whole are those of `python -m wikiforge` subprocesses, all
started at once by a module fixture (each is a whole Python process analysing a wiki:
one after another they would take seconds); the other runs (views, blocks, dates, usage
errors) go through click in this process. Runs that read today() are given `--today`,
never the clock.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from conftest import REPO_ROOT
from wikiforge.cli import main

HERE = Path(__file__).parent / "base_command"
DAY = ("--today", "2025-05-27")

RUNS: dict[str, tuple[str, ...]] = {
    "roster": ("base", "wiki/team.base", *DAY),
    "by role": ("base", "wiki/team.base", "--view", "By role", *DAY),
    "csv": ("base", "wiki/team.base", "--view", "rOsTeR", "--format", "csv", *DAY),
    "json": ("base", "wiki/team.base", "--view", "roster", "--format", "json", *DAY),
}
BUNDLED: dict[str, tuple[str, ...]] = {
    "clients": ("base", "wiki/bases/clients-by-tier.base", "--format", "json"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("base-command") / "project"
    shutil.copytree(HERE / "project", project)
    return project


@pytest.fixture(scope="module")
def runs(project: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every run above, by name: the fixture project's in a copy of it, the bundled
    wiki's at the repository root."""
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    started = {
        name: subprocess.Popen(
            [sys.executable, "-m", "wikiforge", *args],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for table, root in ((RUNS, project), (BUNDLED, REPO_ROOT))
        for name, args in table.items()
    }
    done = {}
    for name, process in started.items():
        out, err = process.communicate(timeout=120)
        done[name] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return done


def printed(runs: dict[str, subprocess.CompletedProcess[str]], name: str) -> str:
    run = runs[name]
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    return run.stdout


def base(project: Path, file: str, *args: str) -> Result:
    """`wikiforge base` in this process (for the runs that need no golden output of a
    whole process), re-raising a traceback."""
    result = CliRunner().invoke(main, ["base", str(project / file), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def ran(result: Result) -> str:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


# ----------------------------------------------------------------------------- table


@pytest.mark.parametrize(("name", "golden"), [("roster", "roster.txt"), ("by role", "by-role.txt")])
def test_table_is_the_golden_text(runs: dict[str, subprocess.CompletedProcess[str]], name: str, golden: str) -> None:
    assert printed(runs, name) == (HERE / golden).read_text(encoding="utf-8")


def test_a_limit_says_how_many_are_shown(project: Path) -> None:
    lines = ran(base(project, "wiki/team.base", "--view", "tenure", *DAY)).splitlines()
    assert lines[0] == "Tenure (wiki/team.base)"
    assert [line.split() for line in lines[3:-1]] == [["ann", "1548"], ["bob", "682"], ["cy", "503"]]
    assert lines[-1] == "4 results, first 3 shown; evaluated on 2025-05-27"


def test_today_changes_what_today_reads(project: Path) -> None:
    lines = ran(base(project, "wiki/team.base", "--view", "TENURE", "--today", "2025-06-26")).splitlines()
    assert [line.split() for line in lines[3:-1]] == [["ann", "1578"], ["bob", "712"], ["cy", "533"]]
    assert lines[-1] == "4 results, first 3 shown; evaluated on 2025-06-26"


# ----------------------------------------------------------------------------- csv and json


def test_csv_has_the_labels_and_the_rows_in_view_order(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    table = list(csv.reader(io.StringIO(printed(runs, "csv"))))
    assert table[0] == ["file name", "role", "joined", "active", "Rate", "Yearly", "manager", "skills", "rounded"]
    assert table[1:] == [
        ["ann.md", "lead", "2021-03-01", "true", "120.5", "120500", "", "python, sql", "3"],
        ["bob.md", "dev", "2023-07-15", "false", "95", "95000", "ann", "", "2"],
        ["cy.md", "dev", "2024-01-10", "true", "80", "80000", "ann", "", "1"],
        ["dee.md", "", "2025-05-01", "", "64.5", "64500", "nobody", "", "Error: 'round' is not a method of a string"],
    ]


def test_json_keeps_the_values_kinds(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    document = json.loads(printed(runs, "json"))
    assert (document["base"], document["view"], document["type"]) == ("wiki/team.base", "Roster", "table")
    assert document["columns"][4] == {"id": "note.rate", "label": "Rate"}
    assert document["matched"] == 4
    assert document["evaluated"] == "2025-05-27"
    [group] = document["groups"]
    assert group["key"] is None
    rows = {row["path"]: row["cells"] for row in group["rows"]}
    assert list(rows) == ["wiki/people/ann.md", "wiki/people/bob.md", "wiki/people/cy.md", "wiki/people/dee.md"]
    ann, bob, dee = rows["wiki/people/ann.md"], rows["wiki/people/bob.md"], rows["wiki/people/dee.md"]
    assert ann["note.rate"] == 120.5 and bob["note.rate"] == 95 and type(bob["note.rate"]) is int
    assert ann["note.active"] is True and bob["note.active"] is False and dee["note.active"] is None
    assert ann["note.joined"] == "2021-03-01"
    assert ann["note.skills"] == ["python", "sql"]
    assert bob["note.manager"] == "wiki/people/ann.md"  # a link: the vault path it reaches
    assert dee["note.manager"] == "nobody"  # a link leading nowhere: the text written
    assert bob["formula.yearly"] == 95000
    assert dee["formula.rounded"] == {"error": "'round' is not a method of a string"}
    assert document["summaries"] == {"note.rate": 360, "note.active": 2}


def test_json_groups_carry_their_keys_and_summaries(project: Path) -> None:
    document = json.loads(ran(base(project, "wiki/team.base", "--view", "by role", "--format", "json", *DAY)))
    found = [(g["key"], [row["path"] for row in g["rows"]], g["summaries"]) for g in document["groups"]]
    assert found == [
        ("dev", ["wiki/people/cy.md", "wiki/people/bob.md"], {"note.rate": 87.5}),
        ("lead", ["wiki/people/ann.md"], {"note.rate": 120.5}),
        (None, ["wiki/people/dee.md"], {"note.rate": 64.5}),
    ]
    assert document["summaries"] == {"note.rate": 90}


# ----------------------------------------------------------------------------- blocks and errors


def test_block_picks_a_pages_base_block_counting_from_one(project: Path) -> None:
    assert list(csv.reader(io.StringIO(ran(base(project, "wiki/overview.md", "--format", "csv"))))) == [
        ["file base name", "rate"],
        ["bob", "95"],
        ["cy", "80"],
    ]
    second = ran(base(project, "wiki/overview.md", "--block", "2"))
    assert second == "Linking here (wiki/overview.md#1)\nfile name\n---------\nann.md\n1 result\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("wiki/team.base", "--view", "Payroll"),
            "wiki/team.base has no view 'Payroll' (its views: Roster, By role, Tenure, Cards)",
        ),
        (("wiki/people/ann.md",), "wiki/people/ann.md holds no base"),
        (("wiki/overview.md", "--block", "3"), "wiki/overview.md holds no base block"),
    ],
)
def test_usage_errors_exit_2(project: Path, args: tuple[str, ...], message: str) -> None:
    result = base(project, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_a_missing_block_is_named_as_written(project: Path) -> None:
    assert "wiki/overview.md holds no base block 3" in base(project, "wiki/overview.md", "--block", "3").stderr


# ----------------------------------------------------------------------------- the bundled wiki


def test_bundled_clients_by_tier_lists_every_client_and_sums_their_retainers(
    runs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    clients = {}
    for page in sorted((REPO_ROOT / "wiki").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            frontmatter = yaml.safe_load(text.split("---\n", 2)[1]) or {}
            if frontmatter.get("type") == "client":
                clients[page.relative_to(REPO_ROOT).as_posix()] = frontmatter["retainer"]
    assert len(clients) == 20
    document = json.loads(printed(runs, "clients"))
    assert document["view"] == "By tier"
    listed = [row["path"] for group in document["groups"] for row in group["rows"]]
    assert sorted(listed) == sorted(clients)
    assert document["matched"] == 20
    assert document["summaries"]["note.retainer"] == sum(clients.values())
    for group in document["groups"]:
        retainers = [row["cells"]["note.retainer"] for row in group["rows"]]
        assert retainers == sorted(retainers, reverse=True)  # sorted by retainer, descending
        assert group["summaries"]["note.retainer"] == sum(retainers)
