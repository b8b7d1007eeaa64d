"""Bases in the built site: a page per `.base` file, blocks and embeds drawn in place,
errors said in the page rather than failing the build, and incremental builds that
redraw a base only when what it shows changed, ending byte for byte where a fresh
build does.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import run_build, snapshot, write_wiki

PROJECT = {
    "wiki/index.md": "# Home\n\n[[clients.base|Clients]] [[acme]] [[beta]] [[ann]]\n\n![[clients.base#Cards]]\n",
    "wiki/acme.md": '---\ntype: account\ntier: 1\nretainer: 12000\nowner: "[[ann]]"\ntags: [client]\n---\n# Acme\n',
    "wiki/beta.md": '---\ntype: account\ntier: 2\nretainer: "n/a"\ntags: [client]\n---\n# Beta\n\nNotes.\n',
    "wiki/ann.md": (
        "---\nrole: strategist\n---\n# Ann\n\n[[index]]\n\n"
        "```base\nfilters: file.hasLink(this.file)\nviews:\n  - type: list\n    name: Accounts\n```\n"
    ),
    "wiki/clients.base": (
        'filters: type == "account"\n'
        "formulas:\n  monthly: retainer / 12\n"
        "views:\n"
        "  - type: table\n    name: By tier\n    order: [file.name, tier, formula.monthly]\n"
        "    groupBy: {property: tier, direction: ASC}\n    summaries: {tier: Sum}\n"
        "  - type: cards\n    name: Cards\n    order: [file.name, owner]\n"
        "  - type: kanban\n    name: Board\n"
    ),
}


def build(root: Path, *args: str) -> Path:
    result = run_build(root, "--today", "2026-12-01", *args)
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return build(write_wiki(tmp_path / "project", PROJECT))


def test_a_base_file_is_a_page_of_its_own_and_links_lead_there(site: Path) -> None:
    page = (site / "clients.base" / "index.html").read_text()
    assert "<h1>clients</h1>" in page
    assert re.search(r'<h2 class="base-view-title" id="view-by-tier-0-title">By tier', page)
    assert '<th colspan="3" scope="rowgroup">tier: 1</th>' in page
    assert '<a class="internal" href="../acme/">acme</a>' in page
    assert "Error: cannot apply" in page  # beta's monthly: a string divided, in its cell
    assert '<span class="base-summary-name">Sum</span>3' in page
    assert "kanban views are shown as a table here." in page
    home = (site / "index.html").read_text()
    assert '<a class="internal" href="clients.base/">Clients</a>' in home
    assert not (site / "clients.base" / "clients.base").exists()


def test_an_embed_shows_the_view_it_names_and_a_block_reads_its_page_as_this(site: Path) -> None:
    home = (site / "index.html").read_text()
    embed = home[home.index('<div class="base"') :]
    assert "Cards" in embed and "By tier" not in embed.split("</div>\n")[0]
    assert '<li class="base-card"><p class="base-card-title"><a class="internal" href="acme/">acme</a>' in embed
    assert '<dd><a class="internal" href="ann/">Ann</a></dd>' in embed  # owner: "[[ann]]", titled
    ann = (site / "ann" / "index.html").read_text()
    listed = re.findall(r'<li><a class="internal" href="([^"]+)">', ann[ann.index('<ul class="base-list">') :])
    assert listed == ["../acme/", "../"]  # who links to Ann: acme (frontmatter) and the home page


def test_file_urls_name_the_base_page_as_a_file(tmp_path: Path) -> None:
    site = build(write_wiki(tmp_path / "project", PROJECT), "--urls", "files")
    assert (site / "clients.base.html").is_file()
    assert 'href="clients.base.html"' in (site / "index.html").read_text()


def test_a_broken_base_is_said_on_its_page_and_the_build_goes_on(tmp_path: Path) -> None:
    files = {
        **PROJECT,
        "wiki/clients.base": "filters: 'type == \"account\" &&'\nviews:\n  - type: table\n    name: T\n",
        "wiki/bad.base": "views: [\n",
    }
    site = build(write_wiki(tmp_path / "project", files))
    page = (site / "clients.base" / "index.html").read_text()
    assert '<div class="base-problems" role="note">' in page
    assert "line 1, column 31: expected a value" in page
    assert "0 results" in page  # a filter that does not parse keeps nothing, and says why
    bad = (site / "bad.base" / "index.html").read_text()
    assert "invalid YAML" in bad
    assert (site / "acme" / "index.html").is_file()


def test_an_edit_redraws_the_bases_it_changes_and_equals_a_fresh_build(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "project", PROJECT)
    site = build(root)
    base_page = site / "clients.base" / "index.html"
    before = base_page.stat().st_mtime_ns
    (root / "wiki" / "beta.md").write_text(PROJECT["wiki/beta.md"].replace("Notes.", "Notes, longer."))
    build(root)
    assert base_page.stat().st_mtime_ns == before, "a body edit changes no cell: the base page is kept"
    (root / "wiki" / "beta.md").write_text(PROJECT["wiki/beta.md"].replace("tier: 2", "tier: 1"))
    build(root)
    assert '<th colspan="3" scope="rowgroup">tier: 2</th>' not in base_page.read_text()
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("site", ".wikiforge*"))
    assert _written(site) == _written(build(fresh))


def _written(site: Path) -> dict[str, bytes]:
    """The site's files but its manifest (which names the project folder it came from)."""
    return {path: data for path, data in snapshot(site).items() if path != ".wikiforge-site.json"}
