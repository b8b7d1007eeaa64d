"""The graph view's data and pages (issue 17 item 2), without a browser.

The data file (`_static/graph-data.js`) holds every page and published source document
and the targets of the links the check reports broken, each page's edges, and the
orphans the check reports; every page lists its neighbours one link away as links; the
global graph page is linked from the header. After an edit the file is rewritten only
when an edge or a finding it marks changed, and what a build after an edit writes
(patching the last build's file) is what a fresh build writes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import wikiforge.load.state
import wikiforge.site.update
from conftest import run_build, write_wiki
from test_edit_build import _build, _same_as_fresh
from wikiforge.site import graph_data

WIKI = {
    "wikiforge.toml": '[site]\ntitle = "Graph wiki"\n\n[tiers]\nbasis = "manual"\n',
    "wiki/index.md": "---\ntitle: Home\ntags: [start]\n---\n# Home\n\nSee [[guide]] and [[clients/acme]].\n",
    "wiki/guide.md": "---\ntitle: Guide\ntype: article\ntags: [howto/setup]\n---\n# Guide\n\nRead [[plain]].\n",
    "wiki/plain.md": "# Plain\n\nA plain page, back to [[guide]]. Also [[ghost-page]].\n",
    "wiki/quiet.md": "# Quiet\n\n<!-- wikiforge-disable-next-line WF101 -->\nA [[hushed-ghost]] here.\n",
    "wiki/lonely.md": "# Lonely\n\nNobody links here; it links [[index]].\n",
    "wiki/clients/acme.md": (
        "---\ntitle: Acme\ntype: client\ntier: 1\ntags: [client]\nsource_docs: [raw/call.md, raw/gone.md]\n---\n"
        "# Acme\n\nAcme follows the [[guide]].\n"
    ),
    "raw/call.md": "# Call notes\n\nWe talked about [[acme]].\n",
    "raw/data.csv": "a,b\n1,2\n",
}


@pytest.fixture(autouse=True)
def private_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(wikiforge.load.state, "SETTLED_NS", 0)


@pytest.fixture
def reached(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each build after the first wrote only what its edit reached (True) or
    the whole site."""
    taken: list[bool] = []
    real = wikiforge.site.update.update_site

    def recorded(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        taken.append(result is not None)
        return result

    monkeypatch.setattr("wikiforge.commands.build.update_site", recorded)
    return taken


def graph_of(site: Path) -> dict[str, object]:
    text = (site / "_static" / graph_data.FILE_NAME).read_text(encoding="utf-8")
    assert text.startswith("window.WIKIFORGE_GRAPH=") and text.endswith(";\n")
    return json.loads(text[len("window.WIKIFORGE_GRAPH=") : -2])  # type: ignore[no-any-return]


def by_title(data: dict[str, object]) -> dict[str, list[object]]:
    return {row[0]: row for row in data["nodes"]}  # type: ignore[attr-defined, index]


def titles_linked_from(data: dict[str, object], title: str) -> set[str]:
    rows = data["nodes"]
    return {rows[t][0] for t in by_title(data)[title][7]}  # type: ignore[index]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = write_wiki(tmp_path / "project", WIKI)
    result = run_build(root, "--out", tmp_path / "site", "--no-cache", "--jobs", "1")
    assert result.exit_code == 0, result.output
    return tmp_path / "site"


def test_the_data_holds_pages_documents_and_broken_targets(site: Path) -> None:
    data = graph_of(site)
    rows = by_title(data)
    assert data["types"] == ["article", "client"]
    assert data["tags"] == ["client", "howto/setup", "start"]
    assert data["tiers"] == [[1, "Tier 1"], [2, "Tier 2"], [3, "Tier 3"]]
    guide, acme = rows["Guide"], rows["Acme"]
    assert guide[1:7] == ["guide/", "p", 0, [1], 0, 0]
    assert acme[1:7] == ["clients/acme/", "p", 1, [0], 1, 0]
    assert rows["Call notes"][1:3] == ["raw/call/", "s"]
    assert rows["data.csv"][1:3] == ["raw/data.csv", "s"]
    assert rows["ghost-page"][1:3] == ["", "m"]
    assert rows["raw/gone.md"][1:3] == ["", "m"]  # a source_docs entry with no file (WF303)
    assert "hushed-ghost" not in rows  # its finding is suppressed, so the report and the graph leave it out
    assert titles_linked_from(data, "Acme") == {"Guide", "Call notes", "raw/gone.md"}
    assert titles_linked_from(data, "Plain") == {"Guide", "ghost-page"}
    assert titles_linked_from(data, "Call notes") == set()  # a document's links make no backlinks
    assert rows["Lonely"][6] == 1  # WF401: no page links here
    assert rows["Guide"][6] == 0


def test_the_data_is_patched_only_when_it_is_a_file_for_these_nodes(site: Path) -> None:
    text = (site / "_static" / graph_data.FILE_NAME).read_text(encoding="utf-8")
    rows = graph_of(site)["nodes"]
    paths = [f"p{number}" for number, row in enumerate(rows) if row[2] != "m"]  # type: ignore[index, union-attr]
    index = None  # no page is patched, so the index is never asked
    patched = graph_data.patch_script(text, paths, index, [], [])  # type: ignore[arg-type]
    assert patched is not None  # no finding now: no orphan, nothing else changed
    unflagged = [[*row[:6], 0, row[7]] for row in rows]  # type: ignore[index, union-attr]
    assert json.loads(patched[len("window.WIKIFORGE_GRAPH=") : -2]) == {**graph_of(site), "nodes": unflagged}
    assert graph_data.patch_script(text, paths[:-1], index, [], []) is None  # type: ignore[arg-type]
    assert graph_data.patch_script(text.replace(";\n", ""), paths, index, [], []) is None  # type: ignore[arg-type]
    assert graph_data.patch_script("window.WIKIFORGE_GRAPH={};\n", paths, index, [], []) is None  # type: ignore[arg-type]


def test_every_page_lists_its_neighbours_and_the_header_links_the_graph(site: Path) -> None:
    """The pages a page links to or cites, as links; those linking to it are under
    "Linked from", which the section points to."""
    html = (site / "clients" / "acme" / "index.html").read_text(encoding="utf-8")
    section = html[html.index('<section class="local-graph"') : html.index("</section>", html.index("local-graph"))]
    assert 'data-key="clients/acme/"' in section
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', section) == [
        ("../../raw/call/", "Call notes"),
        ("../../guide/", "Guide"),
    ]
    assert "This page links to 2 pages" in section
    assert '1 page links here, listed under <a href="#backlinks-heading">Linked from</a>' in section
    assert '<a href="../../graph/">Graph</a>' in html
    graph_page = (site / "graph" / "index.html").read_text(encoding="utf-8")
    assert "graph-data.js" in graph_page and "vendor/force-graph/force-graph.min.js" in graph_page
    quiet = (site / "quiet" / "index.html").read_text(encoding="utf-8")
    assert "No page links here, and this page links to none." in quiet
    assert (site / "_static" / "vendor" / "force-graph" / "LICENSE").is_file()


def test_a_hostile_title_stays_data(tmp_path: Path) -> None:
    title = '</script><script>alert(1)</script> "quotes" \u2028 <!--'
    home = f"---\ntitle: {json.dumps(title)}\n---\n# Home\n\n[[other]]\n"
    files = {"wiki/index.md": home, "wiki/other.md": "# Other\n"}
    root = write_wiki(tmp_path / "project", files)
    assert run_build(root, "--out", tmp_path / "site", "--no-cache").exit_code == 0
    text = (tmp_path / "site" / "_static" / graph_data.FILE_NAME).read_text(encoding="utf-8")
    assert "</script" not in text.lower() and "<\\/script>" in text
    assert title in by_title(graph_of(tmp_path / "site"))


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


EDITS = {
    "body": ("wiki/guide.md", "Read [[plain]].", "Read [[plain]] twice.", False, True),
    "link added": ("wiki/lonely.md", "it links [[index]]", "it links [[index]] and [[guide]]", True, True),
    "link moved": ("wiki/index.md", "See [[guide]]", "See [[plain]]", True, True),
    "broken target renamed": ("wiki/plain.md", "[[ghost-page]]", "[[other-ghost]]", True, True),
    "orphan no more": ("wiki/plain.md", "back to [[guide]]", "back to [[lonely]]", True, False),
}
"""Edits: the file, the text replaced and its replacement, whether the graph data
changes, and whether the build writes only what the edit reached (the last one changes
the finding count, so the whole site is built)."""


@pytest.mark.parametrize("name", list(EDITS))
def test_after_an_edit_the_data_is_rewritten_only_when_it_changed(
    tmp_path: Path, name: str, reached: list[bool]
) -> None:
    path, old, new, rewritten, partial = EDITS[name]
    root = write_wiki(tmp_path / "project", WIKI)
    out = tmp_path / "out"
    _build(root, out)
    data = out / "_static" / graph_data.FILE_NAME
    before = data.stat().st_mtime_ns, data.read_bytes()
    _edit(root, path, old, new)
    _build(root, out)
    assert reached == [partial]
    assert (data.stat().st_mtime_ns != before[0]) is rewritten
    assert (data.read_bytes() != before[1]) is rewritten
    _same_as_fresh(root, out, tmp_path)


def test_a_link_edit_is_built_from_the_last_graph(tmp_path: Path, reached: list[bool]) -> None:
    """A save that adds a link changes no page's card: the build after it writes the few
    files it reached and patches the graph, rather than building the whole site."""
    root = write_wiki(tmp_path / "project", WIKI)
    out = tmp_path / "out"
    _build(root, out)
    _edit(root, "wiki/lonely.md", "it links [[index]]", "it links [[index]] and [[guide]]")
    _build(root, out)
    assert reached == [True]
    assert "Guide" in titles_linked_from(graph_of(out), "Lonely")
    _same_as_fresh(root, out, tmp_path)


def test_a_graph_file_changed_by_hand_means_a_whole_build(tmp_path: Path, reached: list[bool]) -> None:
    root = write_wiki(tmp_path / "project", WIKI)
    out = tmp_path / "out"
    _build(root, out)
    (out / "_static" / graph_data.FILE_NAME).write_text("window.WIKIFORGE_GRAPH={};\n", encoding="utf-8")
    _edit(root, "wiki/lonely.md", "it links [[index]]", "it links [[index]] and [[guide]]")
    _build(root, out)
    assert reached == [False]
    _same_as_fresh(root, out, tmp_path)


def test_a_title_two_links_away_leaves_a_page_alone(tmp_path: Path) -> None:
    """Index links to the guide, which links to plain: plain's new title shows on the
    guide's page (its neighbour) but not on the home page, two links away."""
    root = write_wiki(tmp_path / "project", WIKI)
    out = tmp_path / "out"
    _build(root, out)
    home = (out / "index.html").stat().st_mtime_ns
    _edit(root, "wiki/plain.md", "# Plain", "---\ntitle: Plainly\n---\n# Plainly")
    _build(root, out)
    assert "Plainly" in (out / "guide" / "index.html").read_text(encoding="utf-8")
    assert (out / "index.html").stat().st_mtime_ns == home
    assert "Plainly" in by_title(graph_of(out))
    _same_as_fresh(root, out, tmp_path)
