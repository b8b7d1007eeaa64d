"""`wikiforge tiers`: the tier table and the client list, as table, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO_ROOT, write_wiki
from wikiforge.cli import main
from wikiforge.config.settings import load_config
from wikiforge.pipeline import analyse

JSON_FIELDS = {
    "path",
    "title",
    "tier",
    "basis_tier",
    "score",
    "override",
    "onboarding_tier",
    "highest_tier",
    "movement",
}


def tiers(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["tiers", *args])
    return result.exit_code, result.stdout, result.stderr


def test_table_of_the_sample_matches_the_readme() -> None:
    code, out, _ = tiers(str(REPO_ROOT))
    assert code == 0
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"\$ wikiforge tiers\n(.*?)\$ ", readme, re.DOTALL)
    assert shown is not None, "README shows `wikiforge tiers` output"
    assert out == shown.group(1)


def test_clients_json_has_every_client_with_the_documented_fields() -> None:
    code, out, _ = tiers(str(REPO_ROOT), "--clients", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 20
    assert all(set(row) >= JSON_FIELDS for row in rows)
    by_title = {row["title"]: row for row in rows}
    brightwater = by_title["Brightwater Pet Supply"]
    assert (brightwater["tier"], brightwater["basis_tier"], brightwater["override"]) == (1, 2, 1)
    assert brightwater["override_reason"].startswith("Parent company")
    alder = by_title["Alder Creek Outdoor"]
    assert (alder["onboarding_tier"], alder["tier"], alder["movement"], alder["score"]) == (3, 2, "up", 72)
    ostrava = by_title["Ostrava Software"]
    assert (ostrava["tier"], ostrava["highest_tier"], ostrava["slipped"]) == (2, 1, True)


def test_clients_csv_parses_with_the_json_columns() -> None:
    code, out, _ = tiers(str(REPO_ROOT), "--clients", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 20
    assert set(rows[0]) >= JSON_FIELDS
    harborline = next(r for r in rows if r["title"] == "Harborline Logistics")
    assert harborline["score"] == "100" and harborline["override"] == "" and harborline["slipped"] == "false"
    assert harborline["workstreams"] == "ads;crm;web;analytics;seo"


def test_summary_json_counts_add_up() -> None:
    code, out, _ = tiers(str(REPO_ROOT), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["basis"] == "score" and data["clients"] == 20
    assert [t["clients"] for t in data["tiers"]] == [4, 6, 10]
    assert [t["share"] for t in data["tiers"]] == [20, 30, 50]
    assert sum(t["retainer_total"] for t in data["tiers"]) == 188100


def test_basis_option_compares_without_changing_the_config() -> None:
    code, out, _ = tiers(str(REPO_ROOT), "--basis", "rank", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["basis"] == "rank"
    assert sum(t["clients"] for t in data["tiers"]) == 20


def test_basis_the_config_cannot_support_is_exit_2(tmp_path: Path) -> None:
    write_wiki(tmp_path, {"wiki/a.md": "---\ntype: client\ntier: 1\nretainer: 100\n---\n# A\n"})
    code, _, err = tiers(str(tmp_path), "--basis", "rank")
    assert code == 2
    assert "target_share" in err


def test_client_table_lists_every_client_and_marks_overrides() -> None:
    code, out, _ = tiers(str(REPO_ROOT), "--clients")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["Tier", "Client"]
    assert sum(1 for line in lines if re.match(r"^[123]\*? ", line)) == 20
    assert any(line.startswith("1*") and "Brightwater" in line for line in lines)


def test_a_wiki_without_clients_says_so(tmp_path: Path) -> None:
    write_wiki(tmp_path, {"wiki/a.md": "# A\n"})
    code, out, err = tiers(str(tmp_path))
    assert code == 0
    assert "no client pages" in err
    assert "Tier 1" in out


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[tiers]\nbasis = "rnak"\n', "did you mean 'rank'"),
        ("[[tiers.tier]]\nname = 'Only'\n", "2 to 5"),
        ('[tiers]\nbasis = "score"\n[[tiers.tier]]\nname = "A"\n[[tiers.tier]]\nname = "B"\n', "min_score"),
    ],
)
def test_bad_tier_config_is_exit_2_naming_the_key(tmp_path: Path, toml: str, expected: str) -> None:
    write_wiki(tmp_path, {"wiki/a.md": "# A\n", "wikiforge.toml": toml})
    code, _, err = tiers(str(tmp_path))
    assert code == 2
    assert expected in err


def test_clients_match_the_full_analysis_though_only_client_bodies_are_parsed(tmp_path: Path) -> None:
    write_wiki(
        tmp_path,
        {
            "wiki/index.md": "# Home\n\n[[acme]] [[globex]]\n",
            "wiki/acme.md": "---\ntype: client\ntier: 2\nretainer: 9000\n---\n# Acme Corporation\n",
            "wiki/globex.md": "---\ntype: client\ntitle: Globex\ntier: Tier 1\n---\n# Ignored heading\n",
            "wiki/notes.md": "---\ntype: article\ntier: 1\n---\n# Not a client\n",
        },
    )
    code, out, _ = tiers(str(tmp_path), "--clients", "--format", "json")
    rows = json.loads(out)
    full = analyse(load_config(tmp_path)).tiers
    assert code == 0
    assert [(r["path"], r["title"], r["tier"]) for r in rows] == [(c.path, c.title, c.tier) for c in full.clients]
    assert [r["title"] for r in rows] == ["Globex", "Acme Corporation"]
