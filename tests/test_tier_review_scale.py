"""`wikiforge tiers review` on the generated 1,000-page wiki: exactly what an independent
count from the frontmatter gives.

The generator writes tiers, retainers and OKRs but nothing operational, so each of its
100 client pages is given (from a seed of its path) owners in both spellings, a
coordinator, touchpoints, reviews, sometimes an override, and this and last quarter's
OKRs. The expected pack is then worked out here from the YAML alone, by a plain reading
of the documented rules, and compared section by section with the JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from conftest import generate_wiki
from wikiforge.cli import main

pytestmark = pytest.mark.slow

AS_OF = dt.date(2026, 11, 20)
QUARTER_START = "2026-10-01"
CADENCE = {1: 7, 2: 14, 3: 30}
CAPACITY = {1: 4, 2: 8, 3: 14}
GRACE = 3
OWNERS = [
    f"{first} {last}"
    for first, last in zip(
        ("Ada", "Ben", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jon", "Kai", "Lin"), "ABCDEFGHIJKL", strict=True
    )
]
LINKED = 4
"""The first owners are written as `[[people/slug|Name]]` links to their pages."""

CONFIG = f"""
[tiers]
as_of = "{AS_OF.isoformat()}"
review_every = "quarter"
cadence_grace_days = {GRACE}
""" + "".join(
    f'\n[[tiers.tier]]\nname = "T{n}"\ncadence_days = {CADENCE[n]}\nmax_accounts_per_owner = {CAPACITY[n]}\n'
    for n in (1, 2, 3)
)


def slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def written_owner(index: int) -> str:
    name = OWNERS[index]
    return f'"[[people/{slug(name)}|{name}]]"' if index < LINKED else name


def day(rng: random.Random, start: dt.date, end: dt.date) -> str:
    return (start + dt.timedelta(days=rng.randint(0, (end - start).days))).isoformat()


def operations(rng: random.Random, tier: int) -> list[str]:
    """Frontmatter lines of one client's operational data, and its OKRs."""
    lines = []
    if rng.random() < 0.92:
        lines.append(f"owner: {written_owner(rng.randrange(len(OWNERS)))}")
    lines.append(f"account_coordinator: {OWNERS[rng.randrange(len(OWNERS))]}")
    roll = rng.random()
    recent = (AS_OF - dt.timedelta(days=70), AS_OF)
    if roll < 0.45:
        lines.append(f"last_contact: '{day(rng, *recent)}'")
    elif roll < 0.9:
        lines.append("touchpoints:")
        for _ in range(rng.randint(1, 3)):
            lines.append(f"  - {{date: '{day(rng, *recent)}', kind: call}}")
    dates = sorted({day(rng, dt.date(2025, 1, 1), dt.date(2026, 11, 15)) for _ in range(rng.randint(0, 3))})
    if dates:
        lines.append("tier_history:")
        for date in rng.sample(dates, len(dates)):  # any order: the latest date is the last review
            lines.append(f"  - {{date: '{date}', tier: {rng.choice([1, 2, 3])}}}")
    if rng.random() < 0.55:
        lines.append(f"tier_reviewed: '{day(rng, dt.date(2026, 6, 1), dt.date(2026, 11, 15))}'")
    if rng.random() < 0.08:
        lines += [f"tier_override: {rng.choice([1, 2, 3])}", "override_reason: Held for the renewal"]
        if rng.random() < 0.5:
            lines.append(f"override_reviewed: '{day(rng, dt.date(2026, 6, 1), dt.date(2026, 11, 15))}'")
    lines.append("okrs:")
    for number in range(rng.randint(0, 5)):
        quarter = rng.choice(["2026-Q4", "2026-Q4", "2026-Q3", None])
        lines.append(f"  - objective: Objective {number + 1}")
        if quarter:
            lines.append(f"    quarter: {quarter}")
        lines.append("    key_results:")
        for kr in range(rng.randint(1, 2)):
            progress = f", progress: {rng.choice([0.2, 0.5, 0.9])}" if rng.random() < 0.3 else ""
            lines.append(f"      - {{text: 'Grow {kr + 1} by 10%'{progress}}}")
    return lines


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate_wiki(tmp_path_factory.mktemp("review1k"), 1000)
    (root / "wikiforge.toml").write_text(CONFIG, encoding="utf-8")
    for page in sorted((root / "wiki" / "clients").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        end = text.index("\n---", 4)
        head = text[4:end].split("\n")
        tier = next(int(line.split(": ")[1]) for line in head if line.startswith("tier: "))
        head = head[: head.index("okrs:")]  # the generator's OKRs name no quarter: replaced
        rng = random.Random(page.name)
        page.write_text("---\n" + "\n".join(head + operations(rng, tier)) + text[end:], encoding="utf-8")
    people = root / "wiki" / "people"
    people.mkdir()
    for name in OWNERS[:LINKED]:
        (people / f"{slug(name)}.md").write_text(f"---\ntitle: {name}\ntype: person\n---\nStrategist.\n")
    return root


def clients(root: Path) -> dict[str, dict[str, Any]]:
    found = {}
    for page in sorted((root / "wiki").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        fm = yaml.safe_load(text[4 : text.index("\n---", 4)])
        if fm.get("type") == "client":
            found[page.relative_to(root).as_posix()] = fm
    assert len(found) == 100
    return found


def served(fm: dict[str, Any]) -> int:
    return int(fm.get("tier_override") or fm["tier"])


def history(fm: dict[str, Any]) -> list[tuple[str, int]]:
    return sorted((str(entry["date"]), int(entry["tier"])) for entry in fm.get("tier_history") or [])


def last_touch(fm: dict[str, Any]) -> str | None:
    dates = [str(t["date"]) for t in fm.get("touchpoints") or []]
    if fm.get("last_contact"):
        dates.append(str(fm["last_contact"]))
    return max(dates, default=None)


def current_objectives(fm: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for o in fm.get("okrs") or [] if o.get("quarter") in (None, "2026-Q4")]


def expected_pack(fms: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Each section as the README describes it, worked out from the YAML."""
    pack: dict[str, Any] = {key: set() for key in ("changes", "overrides", "slips", "reviews", "stale", "okrs")}
    overdue: dict[str, int | None] = {}
    loads: dict[str, float] = {}
    for path, fm in fms.items():
        tier, reviews = served(fm), history(fm)
        if reviews and reviews[-1][1] != int(fm["tier"]):  # manual basis: the computed tier is `tier`
            pack["changes"].add(path)
        if "tier_override" in fm:
            pack["overrides"].add(path)
        if tier > min([int(fm["onboarding_tier"]), tier, *(t for _, t in reviews)]):
            pack["slips"].add(path)
        last = last_touch(fm)
        if last is None:
            overdue[path] = None
        else:
            past = (AS_OF - dt.date.fromisoformat(last)).days - CADENCE[tier]
            if past > GRACE:
                overdue[path] = past
        latest = max(
            [d for d, _ in reviews] + ([str(fm["tier_reviewed"])] if "tier_reviewed" in fm else []), default=""
        )
        if latest < QUARTER_START:
            pack["reviews"].add(path)
        current = current_objectives(fm)
        if not 2 <= len(current) <= 4:
            pack["okrs"].add((path, len(current)))
        if current and not any("progress" in kr for o in current for kr in o["key_results"]):
            pack["stale"].add(path)
        owner = fm.get("owner")
        if owner:
            key = f"wiki/people/{slug(owner.split('|')[1][:-2])}.md" if owner.startswith("[[") else owner
            loads[key] = loads.get(key, 0) + 100 / CAPACITY[tier]
    pack["overdue"] = overdue
    pack["over"] = {key: round(load) for key, load in loads.items() if load > 100 + 1e-9}
    return pack


def test_the_review_lists_exactly_what_the_frontmatter_gives(project: Path) -> None:
    result = CliRunner().invoke(main, ["tiers", "review", str(project), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    want = expected_pack(clients(project))
    assert {r["path"] for r in data["tier_changes"]} == want["changes"]
    assert {r["path"] for r in data["overrides"]} == want["overrides"]
    assert {r["path"] for r in data["slips"]} == want["slips"]
    assert {r["path"]: r["days_past_due"] for r in data["touchpoints_overdue"]} == want["overdue"]
    owners = {(r["page"] or r["owner"]): round(r["load"]) for r in data["owners_over_capacity"]}
    assert owners == want["over"]
    assert {(r["path"], r["objectives"]) for r in data["okr_objectives"]["clients"]} == want["okrs"]
    assert {r["path"] for r in data["reviews_due"]} == want["reviews"]
    assert {r["path"] for r in data["okrs_stale"]} == want["stale"]
    # every section holds something, so no part of the comparison is empty on both sides
    assert all(want[key] for key in ("changes", "overrides", "slips", "overdue", "over", "okrs", "reviews", "stale"))
    assert any(r["page"] for r in data["owners_over_capacity"]) and any(
        not r["page"] for r in data["owners_over_capacity"]
    )
