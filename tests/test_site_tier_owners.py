"""The tiers in operation on the site (issue 19, part 2): what the golden case
`tests/site_cases/tiers-operations` cannot say.

The owners pages, the owner box, the overview's overdue touchpoints and the tier card's
additions are golden HTML fragments there; here are the pieces computed apart (the
quarter's elapsed share, owner slugs), `[[tiers/owners]]` as a link target, and an
edit that moves an owner's page address without touching the client pages that link to
it: a build that keeps files by their fingerprints, and `serve`, must still end with the
site a fresh build makes.
"""

from __future__ import annotations

import datetime as dt
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import run_build, snapshot, write_wiki
from wikiforge.cli import main
from wikiforge.lint.selection import load_settings
from wikiforge.load.options import LoadOptions
from wikiforge.pipeline import analyse
from wikiforge.serve.live import LiveSite
from wikiforge.site.build import BuildOptions, build_site
from wikiforge.site.output import MANIFEST
from wikiforge.site.owner_index import owner_slug
from wikiforge.site.tier_card import quarter_elapsed

CONFIG = (
    '[tiers]\nbasis = "manual"\nas_of = "2026-11-20"\n\n'
    '[[tiers.tier]]\nname = "Key"\nmax_accounts_per_owner = 2\n\n[[tiers.tier]]\nname = "Base"\n'
)


@pytest.fixture(autouse=True)
def private_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


@pytest.mark.parametrize(
    ("day", "share"),
    [
        ("2026-10-01", Fraction(0)),  # a quarter's first day: none of it gone
        ("2026-11-20", Fraction(50 * 100, 92)),  # 50 of Q4's 92 days
        ("2026-12-31", Fraction(91 * 100, 92)),
        ("2026-02-15", Fraction(45 * 100, 90)),  # Q1 of a common year: 90 days
        ("2028-03-31", Fraction(90 * 100, 91)),  # of a leap year: 91
    ],
)
def test_the_share_of_the_quarter_gone(day: str, share: Fraction) -> None:
    assert quarter_elapsed(dt.date.fromisoformat(day)) == share


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Jane Doe", "jane-doe"),
        ("Tomás  Ferreira", "tomas-ferreira"),
        ("Zoë Ångström", "zoe-angstrom"),
        ("李 小龍", "李-小龍"),
        ("../..", "owner"),
        ("O'Neil, Pat", "oneil-pat"),
    ],
)
def test_owner_slugs(name: str, slug: str) -> None:
    assert owner_slug(name) == slug


def _findings(root: Path) -> str:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "concise", "--select", "WF101"])
    return result.output


def test_tiers_owners_is_a_link_target_once_there_are_clients(tmp_path: Path) -> None:
    wiki: dict[str, str | bytes] = {
        "wikiforge.toml": CONFIG,
        "wiki/index.md": "# Home\n\nSee [[tiers/owners]].\n",
        "wiki/acme.md": "---\ntype: note\n---\n# Acme\n",
    }
    root = write_wiki(tmp_path / "p", wiki)
    assert "tiers/owners" in _findings(root)  # no client: no tier pages to link to
    write_wiki(root, {"wiki/acme.md": "---\ntype: client\ntier: 1\nowner: Jane Doe\n---\n# Acme\n"})
    assert "tiers/owners" not in _findings(root)


# Acme's owner is plain "Jane Doe"; Globex's is `[[jane-doe]]`, a link no page answers
# yet, so both slug to `jane-doe` and Acme's, sorted first, keeps it. Once the page is
# written, Globex's owner is the page (titled "Jane Doe"), which sorts first and takes
# the plain slug: Acme's tier card now links to `jane-doe-1` though neither Acme nor
# anything it links to changed. The page's TODO keeps the count of findings (shown on
# every page) as it was, and it adds no folder, so only the owners say Acme changed.
MOVING: dict[str, str | bytes] = {
    "wikiforge.toml": CONFIG,
    "wiki/index.md": "# Home\n\n[[acme]], [[globex]]\n",
    "wiki/acme.md": "---\ntitle: Acme\ntype: client\ntier: 1\nowner: Jane Doe\n---\n# Acme\n",
    "wiki/globex.md": "---\ntitle: Globex\ntype: client\ntier: 1\nowner: '[[jane-doe]]'\n---\n# Globex\n",
}
PAGE: dict[str, str | bytes] = {"wiki/jane-doe.md": "---\ntitle: Jane Doe\n---\n# Jane Doe\n\nStrategist. TODO\n"}


def _site(folder: Path) -> dict[str, bytes]:
    return {path: data for path, data in snapshot(folder).items() if path != MANIFEST}


def _fresh(root: Path, scratch: Path) -> dict[str, bytes]:
    fresh = scratch / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    assert run_build(root, "--out", fresh, "--no-cache", "--jobs", "1").exit_code == 0
    return _site(fresh)


def test_an_owner_page_that_moves_is_followed_by_a_kept_build(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", MOVING)
    out = tmp_path / "out"

    def build() -> None:
        config, selection = load_settings(root)
        build_site(analyse(config, render=True, selection=selection), BuildOptions(out=out))

    build()
    assert b"tiers/owners/jane-doe/" in (out / "acme/index.html").read_bytes()
    write_wiki(root, PAGE)
    build()
    assert b"tiers/owners/jane-doe-1/" in (out / "acme/index.html").read_bytes()
    assert b'class="owner-box"' in (out / "jane-doe/index.html").read_bytes()
    assert _site(out) == _fresh(root, tmp_path)


def test_an_owner_page_that_moves_is_followed_by_serve(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", MOVING)
    live = LiveSite(root, tmp_path / "served", LoadOptions(jobs=1))
    assert live.rebuild(config_changed=True).error is None
    write_wiki(root, PAGE)
    assert live.rebuild().error is None
    assert b"tiers/owners/jane-doe-1/" in (tmp_path / "served/acme/index.html").read_bytes()
    (root / "wiki/jane-doe.md").unlink()  # and back
    assert live.rebuild().error is None
    assert _site(tmp_path / "served") == _fresh(root, tmp_path)


def test_an_alias_that_gives_an_owner_a_page_rewrites_the_owners_pages(tmp_path: Path) -> None:
    """With `resolve_aliases`, an alias added to a page makes `[[JD]]` reach it: the
    owners page now names the owner by the page's title, though no page's card or
    address and no client changed (the TODO keeps the count of findings)."""
    wiki: dict[str, str | bytes] = {
        "wikiforge.toml": "resolve_aliases = true\n" + CONFIG,
        "wiki/index.md": "# Home\n\n[[acme]], [[jane]]\n",
        "wiki/acme.md": "---\ntitle: Acme\ntype: client\ntier: 1\nowner: '[[JD]]'\n---\n# Acme\n",
        "wiki/jane.md": "---\ntitle: Jane Doe\n---\n# Jane Doe\n\nStrategist.\n",
    }
    root = write_wiki(tmp_path / "p", wiki)
    out = tmp_path / "out"
    assert run_build(root, "--out", out, "--jobs", "1").exit_code == 0
    assert b'<a href="jd/">JD</a>' in (out / "tiers/owners/index.html").read_bytes()
    write_wiki(root, {"wiki/jane.md": "---\ntitle: Jane Doe\naliases: [JD]\n---\n# Jane Doe\n\nStrategist. TODO\n"})
    assert run_build(root, "--out", out, "--jobs", "1").exit_code == 0
    assert b'<a href="jane-doe/">Jane Doe</a>' in (out / "tiers/owners/index.html").read_bytes()
    assert _site(out) == _fresh(root, tmp_path)
