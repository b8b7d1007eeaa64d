"""The generated client tier pages agree with the wiki's frontmatter (issue 5, part 2).

The bundled sample and the generated 1,000-page wiki are built under each basis (`manual`,
`rank`, `score`). Read back from the HTML alone (stable class names: `tier-row`,
`tier-count`, `tier-share` on the overview, `tier-client` rows with `data-path` on each tier
page), every client must be on exactly one tier page, the one the tier model gives, and the
overview's counts and shares must equal a count done here from the frontmatter with a
second, deliberately plain implementation of each basis.
"""

from __future__ import annotations

import html
import re
import shutil
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO_ROOT, generate_wiki, run_build

BASES = ("manual", "rank", "score")
TIER_CONFIG = """
[[tiers.tier]]
name = "Strategic"
target_share = 20
min_score = 75

[[tiers.tier]]
name = "Growth"
target_share = 30
min_score = 55

[[tiers.tier]]
name = "Foundation"
target_share = 50
"""
THRESHOLDS = (Fraction(75), Fraction(55))
SHARES = (Fraction(20), Fraction(30), Fraction(50))
_ROW = re.compile(
    r'<tr class="tier-row" data-tier="(\d+)">.*?<td class="num tier-count">(\d+)</td>'
    r'<td class="num tier-share">([^<]*)</td>',
    re.S,
)
_CLIENT = re.compile(r'<tr class="tier-client[^"]*" data-path="([^"]+)">')


_YAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader, on libyaml when it is there (the same documents, five times faster)."""


def frontmatter(page: Path) -> dict[str, Any]:
    text = page.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    found = yaml.load(text[4 : text.index("\n---", 4)], Loader=_YAML)
    return found if isinstance(found, dict) else {}


def clients(project: Path) -> dict[str, dict[str, Any]]:
    """Client pages by path from the project root, with their frontmatter."""
    pages = {p.relative_to(project).as_posix(): frontmatter(p) for p in sorted((project / "wiki").rglob("*.md"))}
    return {path: fm for path, fm in pages.items() if fm.get("type") == "client"}


# ----------------------------------------------------------------------------- an independent count


def tier_number(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    names = {"strategic": 1, "growth": 2, "foundation": 3}
    text = str(value or "").strip().casefold()
    found = re.fullmatch(r"(?:tier\s*)?(\d)", text)
    return int(found.group(1)) if found else names.get(text)


def score(fm: dict[str, Any]) -> Fraction:
    """The default dimensions: retainer bands (50), growth potential (30), 4 per workstream (20)."""
    retainer = fm.get("retainer") or 0
    bands = ((20000, 50), (12000, 40), (8000, 30), (4000, 20), (0, 10))
    total = next(points for at_least, points in bands if retainer >= at_least)
    total += {"high": 30, "medium": 20, "low": 10}.get(str(fm.get("growth_potential", "")).casefold(), 0)
    total += min(20, 4 * len(fm.get("workstreams") or []))
    return Fraction(total)


def by_rank(pages: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Ranked by retainer, cut at round(N × cumulative share), halves up; ties stay together
    in the higher tier."""
    values = sorted((fm["retainer"] for fm in pages.values()), reverse=True)
    cuts, cumulative = [], Fraction(0)
    for share in SHARES:
        cumulative += share
        cuts.append(int(len(values) * cumulative / 100 + Fraction(1, 2)))
    placed = {}
    for path, fm in pages.items():
        position = values.index(fm["retainer"])  # the first of any tie
        placed[path] = next(number for number, cut in enumerate(cuts, start=1) if position < cut)
    return placed


def expected_tiers(pages: dict[str, dict[str, Any]], basis: str) -> dict[str, int | None]:
    if basis == "rank":
        placed: dict[str, int | None] = dict(by_rank(pages))
    elif basis == "score":
        placed = {}
        for path, fm in pages.items():
            total = score(fm)
            placed[path] = 1 if total >= THRESHOLDS[0] else 2 if total >= THRESHOLDS[1] else 3
    else:
        placed = {path: tier_number(fm.get("tier")) for path, fm in pages.items()}
    for path, fm in pages.items():
        if fm.get("tier_override") is not None:
            placed[path] = tier_number(fm["tier_override"])
    return placed


# ----------------------------------------------------------------------------- the built site, read


def with_basis(project: Path, basis: str, work: Path) -> Path:
    """A copy of `project` whose config places clients on `basis` with the three tiers above."""
    copy = work / f"{basis}-project"
    shutil.copytree(project / "wiki", copy / "wiki")
    if (project / "raw").is_dir():
        shutil.copytree(project / "raw", copy / "raw")
    (copy / "wikiforge.toml").write_text(f'[tiers]\nbasis = "{basis}"\n{TIER_CONFIG}', encoding="utf-8")
    return copy


def build(project: Path, out: Path) -> Path:
    result = run_build(project, "--out", out)
    assert result.exit_code == 0, result.output
    return out


def overview_rows(site: Path) -> dict[int, tuple[int, str]]:
    text = (site / "tiers" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r">\s+<", "><", text)
    return {int(tier): (int(count), share) for tier, count, share in _ROW.findall(text)}


def listed(site: Path) -> dict[str, list[int]]:
    """Client path → the tier pages listing it."""
    found: dict[str, list[int]] = {}
    for page in sorted(site.glob("tiers/tier-*/index.html")):
        number = int(page.parent.name.removeprefix("tier-"))
        for path in _CLIENT.findall(page.read_text(encoding="utf-8")):
            found.setdefault(html.unescape(path), []).append(number)
    return found


def model_tiers(project: Path) -> dict[str, int | None]:
    from wikiforge.config.settings import load_config
    from wikiforge.pipeline import analyse

    return {client.path: client.tier for client in analyse(load_config(project)).tiers.clients}


def share_value(text: str) -> Fraction:
    return Fraction(text.removesuffix("%"))


def assert_site_matches(project: Path, site: Path, basis: str) -> None:
    pages = clients(project)
    assert pages, "no client pages to place"
    expected = expected_tiers(pages, basis)
    model = model_tiers(project)
    assert model == expected, "the tier model disagrees with the independent count"
    on_pages = listed(site)
    for path, tier in expected.items():
        if tier is None:
            assert path not in on_pages, f"{path} has no tier but is on a tier page"
        else:
            assert on_pages.get(path) == [tier], f"{path}: on tier pages {on_pages.get(path)}, expected [{tier}]"
    assert set(on_pages) <= set(pages)
    counts = Counter(tier for tier in expected.values() if tier is not None)
    total = sum(counts.values())
    rows = overview_rows(site)
    assert sorted(rows) == [1, 2, 3]
    for tier, (count, share) in rows.items():
        assert count == counts[tier], f"tier {tier}: overview says {count}, frontmatter gives {counts[tier]}"
        assert abs(share_value(share) - Fraction(counts[tier] * 100, total)) < Fraction(1, 20), (tier, share)


# ----------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("basis", BASES)
def test_sample_tier_pages_match_the_frontmatter(basis: str, tmp_path: Path) -> None:
    project = with_basis(REPO_ROOT, basis, tmp_path)
    site = build(project, tmp_path / "site")
    assert_site_matches(project, site, basis)


def test_the_bundled_sample_as_configured(tmp_path: Path) -> None:
    """The repository's own config (score basis): its override, mover and Tier-1 slip show."""
    site = build(REPO_ROOT, tmp_path / "site")
    assert_site_matches(REPO_ROOT, site, "score")
    overview = re.sub(r">\s+<", "><", (site / "tiers" / "index.html").read_text(encoding="utf-8"))
    assert re.search(r'<li class="override"><a href="\.\./clients/brightwater-pet-supply/">', overview)
    assert "Parent company Brightwater Holdings" in overview
    assert re.search(r'<li class="slip slip-top"><strong class="warning-label">Early warning</strong>', overview)
    assert 'href="../clients/ostrava-software/">Ostrava Software</a> has slipped from Tier 1: Strategic' in overview
    assert 'href="../clients/alder-creek-outdoor/">Alder Creek Outdoor</a>' in overview
    card = (site / "clients" / "brightwater-pet-supply" / "index.html").read_text(encoding="utf-8")
    assert 'class="tier-badge tier-1" href="../../tiers/tier-1/">Tier 1: Strategic</a>' in card
    assert "62 / 100" in card and 'class="tier-history"' in card and 'class="okrs"' in card


def test_no_tier_pages_without_client_pages(make_wiki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = make_wiki({"wiki/index.md": "# Home\n\n[[a]]\n", "wiki/a.md": "---\ntype: note\n---\n# A\n"})
    site = build(project, tmp_path / "site")
    assert not (site / "tiers").exists()
    assert "Client tiers" not in (site / "index.html").read_text(encoding="utf-8")
    assert "tier-card" not in (site / "a" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def generated_wiki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate_wiki(tmp_path_factory.mktemp("gen1k") / "wiki", 1000)
    (root / "manifest.json").unlink()
    return root


@pytest.mark.slow
@pytest.mark.parametrize("basis", BASES)
def test_generated_wiki_tier_pages_match_the_frontmatter(basis: str, generated_wiki: Path, tmp_path: Path) -> None:
    project = with_basis(generated_wiki, basis, tmp_path)
    site = build(project, tmp_path / "site")
    assert len(clients(project)) == 100
    assert_site_matches(project, site, basis)
