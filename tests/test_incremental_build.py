"""Incremental `wikiforge build` (issue 6 item 4): after an edit, the site a build leaves
over its last one is byte for byte the site a fresh build makes, and the files that did
not need to change were not touched (same inode, same modification time).

Each case builds a small wiki, edits it, builds again over the first site and compares
every file (but the manifest, which holds the build state) with a full build of the
edited wiki into another folder. The 1,000-page generated wiki repeats the common edits.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import wikiforge.site.site_files
from conftest import generate_wiki, write_wiki
from wikiforge.lint.selection import load_settings
from wikiforge.pipeline import analyse
from wikiforge.site.build import BuildOptions, BuildResult, build_site
from wikiforge.site.output import MANIFEST

WIKI = {
    "wikiforge.toml": (
        '[site]\ntitle = "Test wiki"\n\n[tiers]\nbasis = "manual"\nas_of = "2026-11-20"\n\n'
        '[[tiers.tier]]\nname = "Key"\ncadence_days = 14\nmax_accounts_per_owner = 2\n\n'
        '[[tiers.tier]]\nname = "Core"\nowner = "Shared strategist"\n\n[[tiers.tier]]\nname = "Base"\n'
    ),
    "wiki/index.md": "---\ntitle: Home\ntags: [start]\n---\n# Home\n\nSee [[guide]], [[a]] and [[clients]].\n",
    "wiki/guide.md": (
        "---\ntitle: Guide\ntags: [howto]\n---\n# Guide\n\nThe guide. Read [[plain]] first.\n\n"
        "## Setup\n\nInstall it.\n\n## Usage\n\nUse it. ^usage\n"
    ),
    "wiki/linker.md": "# Linker\n\nGo to [[guide#Setup]] then [[guide#^usage]]. Also [[missing-page]].\n",
    "wiki/plain.md": "# Plain\n\nA plain page. It says nothing of note.\n\nSecond paragraph here.\n",
    "wiki/lonely.md": "# Lonely\n\nNobody links here, and it links [[index]].\n",
    "wiki/a.md": "# A\n\nA shows B:\n\n![[b]]\n",
    "wiki/b.md": "# B\n\nB shows C:\n\n![[c]]\n",
    "wiki/c.md": "# C\n\nC says hello.\n",
    "wiki/clients/index.md": "# Clients\n\nOur clients.\n",
    "wiki/clients/acme.md": (
        "---\ntitle: Acme\ntype: client\ntier: 1\ntags: [client]\nsource_docs: [raw/call.md]\n"
        'owner: "[[people/jane]]"\nstrategist: "[[sam]]"\nlast_contact: 2026-11-10\n---\n'
        "# Acme\n\nAcme follows the [[guide]].\n"
    ),
    "wiki/clients/globex.md": "---\ntitle: Globex\ntype: client\ntier: 2\ntags: [client]\n---\n# Globex\n\nSmall.\n",
    "wiki/clients/initech.md": (
        "---\ntitle: Initech\ntype: client\ntier: 1\nowner: '[[jane|Jane]]'\nlast_contact: 2026-10-01\n---\n# Initech\n"
    ),
    "wiki/people/jane.md": "---\ntitle: Jane Doe\n---\n# Jane Doe\n\nStrategist.\n",
    "wiki/img/logo.png": b"\x89PNG\r\n\x1a\nfake",
    "raw/call.md": "# Call notes\n\nWe talked about [[acme]].\n",
    "raw/data.csv": "a,b\n1,2\n",
}


def build(root: Path, out: Path, **options: bool) -> BuildResult:
    config, selection = load_settings(root)
    return build_site(analyse(config, render=True, selection=selection), BuildOptions(out=out, **options))


def tree(out: Path) -> dict[str, bytes]:
    """Every file of a site but the manifest."""
    files = (p for p in sorted(out.rglob("*")) if p.is_file() and p.name != MANIFEST)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in files}


def identities(out: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time of every file of a site: both stay when a file is kept."""
    found = {}
    for p in out.rglob("*"):
        if p.is_file() and p.name != MANIFEST:
            info = p.stat()
            found[p.relative_to(out).as_posix()] = (info.st_ino, info.st_mtime_ns)
    return found


def assert_same_as_full(root: Path, out: Path, scratch: Path) -> None:
    full = scratch / "full"
    shutil.rmtree(full, ignore_errors=True)
    build(root, full)
    assert tree(out) == tree(full)
    listed = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert sorted(listed) == sorted(tree(out))


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new), encoding="utf-8")


def theme_page(root: Path) -> None:
    from wikiforge.site.theme import theme_dir

    page = (theme_dir() / "page.html").read_text(encoding="utf-8")
    write_wiki(root, {"templates/page.html": page.replace("</article>", "<p>custom</p></article>", 1)})


EDITS: dict[str, Callable[[Path], None]] = {
    "body sentence": lambda r: edit(r, "wiki/plain.md", "says nothing", "says little"),
    "heading another page links to": lambda r: edit(r, "wiki/guide.md", "## Setup", "## Installation"),
    "title": lambda r: edit(r, "wiki/guide.md", "title: Guide", "title: The Handbook"),
    "add a page": lambda r: write_wiki(r, {"wiki/extra.md": "# Extra\n\nNew, linking [[plain]].\n"}),
    "add the page a broken link names": lambda r: write_wiki(r, {"wiki/missing-page.md": "# Found\n\nHere.\n"}),
    "remove a page": lambda r: (r / "wiki/lonely.md").unlink(),
    "remove a linked page": lambda r: (r / "wiki/plain.md").unlink(),
    "add a tag": lambda r: edit(r, "wiki/guide.md", "tags: [howto]", "tags: [howto, fresh]"),
    "remove a tag": lambda r: edit(r, "wiki/index.md", "tags: [start]", "tags: []"),
    "client tier": lambda r: edit(r, "wiki/clients/globex.md", "tier: 2", "tier: 1"),
    "owner": lambda r: edit(r, "wiki/clients/initech.md", "'[[jane|Jane]]'", "Sam Lee"),
    "touchpoint": lambda r: edit(r, "wiki/clients/acme.md", "last_contact: 2026-11-10", "last_contact: 2026-10-10"),
    "owner's page title": lambda r: edit(r, "wiki/people/jane.md", "title: Jane Doe", "title: Jane Roe"),
    "owner's page body": lambda r: edit(r, "wiki/people/jane.md", "Strategist.", "Senior strategist."),
    "the page an owner's link names": lambda r: write_wiki(r, {"wiki/sam.md": "# Sam Lee\n\nCoordinator.\n"}),
    "end of an embed chain": lambda r: edit(r, "wiki/c.md", "C says hello.", "C says goodbye."),
    "link text in a backlink sentence": lambda r: edit(r, "wiki/lonely.md", "it links [[index]]", "it links [[a]]"),
    "folder note title": lambda r: edit(r, "wiki/clients/index.md", "# Clients", "# Our clients"),
    "source document": lambda r: edit(r, "raw/call.md", "We talked", "We spoke"),
    "attachment": lambda r: write_wiki(r, {"wiki/img/logo.png": b"\x89PNG\r\n\x1a\nother"}),
    "new finding count": lambda r: edit(r, "wiki/plain.md", "nothing of note.", "nothing of [[note]]."),
    "config": lambda r: edit(r, "wikiforge.toml", 'title = "Test wiki"', 'title = "Renamed wiki"'),
    "template": theme_page,
}


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    root = write_wiki(tmp_path / "project", WIKI)
    out = tmp_path / "out"
    assert build(root, out).updated is False
    return root, out


@pytest.mark.parametrize("name", list(EDITS))
def test_an_update_gives_the_site_a_full_build_gives(site: tuple[Path, Path], tmp_path: Path, name: str) -> None:
    root, out = site
    EDITS[name](root)
    result = build(root, out)
    assert result.updated
    assert_same_as_full(root, out, tmp_path)
    again = identities(out)
    assert build(root, out).rewritten == 0  # and the build after that has nothing to do
    assert identities(out) == again


SEARCH = "_static/search/"


def changed_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(name for name in after if after[name] != before.get(name))


def assert_search_updated_for(out: Path, changed: list[str], page_url: str) -> None:
    """The search index files an edit of one page's text rewrites: its fragment, the
    meta, and chunks (named by their bytes, so new names) of the terms it had or has."""
    search = [name for name in changed if name.startswith(SEARCH)]
    fragments = [name for name in search if name.startswith(SEARCH + "f/")]
    assert [json.loads((out / name).read_bytes())["u"] for name in fragments] == [page_url]
    assert SEARCH + "meta.json" in search
    assert all(name.startswith(SEARCH + "c/") for name in search if name not in fragments and "meta" not in name)


def test_a_body_edit_rewrites_that_page_alone(site: tuple[Path, Path]) -> None:
    root, out = site
    before = identities(out)
    EDITS["body sentence"](root)
    result = build(root, out)
    after = identities(out)
    changed = changed_files(before, after)
    assert [name for name in changed if not name.startswith(SEARCH)] == ["plain/index.html"]
    assert_search_updated_for(out, changed, "plain/")
    assert result.rewritten == len(changed) and result.unchanged == len(after) - len(changed)
    assert result.removed == len(before.keys() - after.keys())


def test_a_title_change_rewrites_the_pages_that_show_it(site: tuple[Path, Path]) -> None:
    root, out = site
    before = identities(out)
    EDITS["title"](root)
    build(root, out)
    changed = set(changed_files(before, identities(out)))
    assert {"guide/index.html", "index.html", "linker/index.html", "clients/acme/index.html"} <= changed
    assert "plain/index.html" in changed  # its backlinks name the guide
    assert "c/index.html" not in changed and "lonely/index.html" not in changed


def test_an_embed_chain_rewrites_every_page_showing_the_change(site: tuple[Path, Path]) -> None:
    root, out = site
    EDITS["end of an embed chain"](root)
    build(root, out)
    assert b"goodbye" in (out / "a/index.html").read_bytes()
    assert b"goodbye" in (out / "b/index.html").read_bytes()


def test_removed_outputs_are_deleted_with_their_folders(site: tuple[Path, Path]) -> None:
    root, out = site
    before = identities(out)
    EDITS["remove a page"](root)
    result = build(root, out)
    assert not (out / "lonely").exists()
    removed = before.keys() - identities(out).keys()
    assert [name for name in removed if not name.startswith(SEARCH)] == ["lonely/index.html"]
    assert result.removed == len(removed)


def test_a_touched_file_rewrites_nothing(site: tuple[Path, Path]) -> None:
    root, out = site
    before = identities(out)
    os.utime(root / "wiki/guide.md")
    assert build(root, out).rewritten == 0
    assert identities(out) == before


@pytest.mark.parametrize(
    "state",
    [
        "not json at all",
        {"format": 1, "stamp": "from another wikiforge", "contents": {}, "outputs": {}, "groups": {}},
        {"format": 99},
        {"format": 1, "stamp": None, "contents": [], "outputs": 3},
    ],
    ids=["garbage", "foreign-stamp", "future-format", "wrong-types"],
)
def test_a_bad_state_means_a_full_build_with_the_same_site(
    site: tuple[Path, Path], tmp_path: Path, state: object
) -> None:
    root, out = site
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["build"] = state
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    EDITS["title"](root)
    build(root, out)
    assert_same_as_full(root, out, tmp_path)


def test_a_stale_state_is_caught_by_the_files_it_describes(site: tuple[Path, Path], tmp_path: Path) -> None:
    """A site file changed by hand no longer has the size and time the state recorded:
    it is rendered again rather than kept."""
    root, out = site
    (out / "plain/index.html").write_text("edited by hand", encoding="utf-8")
    build(root, out)
    assert_same_as_full(root, out, tmp_path)


def test_off_renders_everything_and_still_keeps_equal_files(site: tuple[Path, Path], tmp_path: Path) -> None:
    root, out = site
    before = identities(out)
    EDITS["body sentence"](root)
    result = build(root, out, incremental=False)
    after = identities(out)
    changed = changed_files(before, after)
    assert result.rewritten == len(changed)
    assert [name for name in changed if not name.startswith(SEARCH)] == ["plain/index.html"]
    assert_same_as_full(root, out, tmp_path)


def test_force_replaces_the_whole_site(site: tuple[Path, Path], tmp_path: Path) -> None:
    root, out = site
    result = build(root, out, force=True)
    assert not result.updated
    assert_same_as_full(root, out, tmp_path)


def test_a_failed_update_leaves_the_site_as_it_was(site: tuple[Path, Path]) -> None:
    from wikiforge.site.theme import TemplateError

    root, out = site
    before = tree(out)
    identity = identities(out)
    EDITS["body sentence"](root)
    write_wiki(root, {"templates/page.html": "{{ page.nope }}\n"})
    with pytest.raises(TemplateError):
        build(root, out)
    assert tree(out) == before and identities(out) == identity
    assert [p.name for p in out.parent.iterdir() if ".building-" in p.name] == []


@pytest.mark.slow
def test_the_generated_wiki_updates_as_a_full_build(tmp_path: Path) -> None:
    root = generate_wiki(tmp_path / "wiki1k", 1000)
    out = tmp_path / "out"
    build(root, out)
    pages = sorted((root / "wiki").rglob("*.md"))
    body, titled, removed = pages[10], pages[20], pages[30]
    text = body.read_text(encoding="utf-8")
    body.write_text(text.rstrip("\n") + " One more sentence.\n", encoding="utf-8")
    before = identities(out)
    assert build(root, out).rewritten >= 1
    after = identities(out)
    changed = changed_files(before, after)
    assert len([name for name in changed if not name.startswith(SEARCH)]) <= 3
    assert_search_updated_for(out, changed, json.loads((out / SEARCH / "f/10.json").read_bytes())["u"])
    assert_same_as_full(root, out, tmp_path)
    lines = titled.read_text(encoding="utf-8").splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[title] = "title: A Brand New Title"
    titled.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build(root, out)
    assert_same_as_full(root, out, tmp_path)
    removed.unlink()
    write_wiki(root, {"wiki/fresh-page.md": "# Fresh\n\nLinks [[" + body.stem + "]].\n"})
    build(root, out)
    assert_same_as_full(root, out, tmp_path)


def test_edited_wikiforge_code_renders_every_page_again(
    site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records are told apart by the bytes they were parsed from, so the code that parsed
    them is part of the build's stamp: a checkout with edited code (same version) keeps
    no page on the strength of the last build's state."""
    root, out = site
    rendered: list[object] = []
    real = wikiforge.site.site_files._page_html

    def counted(*args: object, **kwargs: object) -> object:
        rendered.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(wikiforge.site.site_files, "_page_html", counted)
    build(root, out)
    assert rendered == []
    monkeypatch.setattr("wikiforge.site.build_state.code_digest", lambda: "edited")
    assert build(root, out).rewritten == 0  # every page rendered again; none differs
    assert len(rendered) == 13  # every wiki page


def test_the_project_folder_named_another_way_renders_nothing_again(
    site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out = site
    rendered: list[object] = []
    real = wikiforge.site.site_files._page_html
    monkeypatch.setattr(wikiforge.site.site_files, "_page_html", lambda *a: rendered.append(a) or real(*a))
    monkeypatch.chdir(root)
    assert build(Path("."), out).rewritten == 0
    assert rendered == []
