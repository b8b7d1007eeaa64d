"""An incremental check (from the state the last whole check kept) reports exactly what a
fresh `--no-cache` check reports, after any sequence of edits, and redoes only what they
reach: the hard cases by hand, then hypothesis-driven edit sequences on a generated wiki."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wikiforge.incremental.clients
import wikiforge.incremental.state
import wikiforge.incremental.update
import wikiforge.load.state
import wikiforge.pipeline
from conftest import write_wiki
from wikiforge.cli import main
from wikiforge.incremental.update import Checked

WIKI = {
    "wikiforge.toml": "resolve_aliases = true\n",
    "wiki/index.md": "# Home\n\n[[alpha]], [[beta#Intro]], [[ghost]] and [[First]].\n",
    "wiki/alpha.md": "---\ntitle: Alpha\naliases: [First]\n---\n# Alpha\n\nSee [[beta]].\n",
    "wiki/beta.md": "# Beta\n\n## Intro\n\nBack to [[alpha#Alpha]] and [[gamma]].\n",
    "wiki/gamma.md": "---\ntitle: Gamma\n---\nA page.\n",
    "raw/notes.md": "# Notes\n",
}


pytestmark = pytest.mark.usefixtures("trusted_stamps")


def check(root: Path, *args: str) -> str:
    """A check's JSON report (every field of every finding, suggestions and fixes too),
    without the time it took."""
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json", "--jobs", "1", *args])
    assert result.exit_code in (0, 1), result.output
    return "\n".join(line for line in result.output.splitlines() if '"seconds":' not in line)


@contextmanager
def incremental_only() -> Iterator[list[Checked]]:
    """Within: a check must come from the kept state, never from a whole analysis; the
    list gets each incremental run's outcome."""
    runs: list[Checked] = []
    real = wikiforge.pipeline.update

    def recorded(*args: object, **kwargs: object) -> Checked | None:
        outcome = real(*args, **kwargs)  # type: ignore[arg-type]
        assert outcome is not None, "the kept state was not used"
        runs.append(outcome)
        return outcome

    def whole(*args: object, **kwargs: object) -> None:
        raise AssertionError("a whole analysis ran")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(wikiforge.pipeline, "update", recorded)
        patch.setattr(wikiforge.pipeline, "analyse", whole)
        yield runs


def incremental_equals_fresh(root: Path) -> tuple[str, int]:
    """The incremental check's findings (asserted equal to a fresh check's), and how many
    pages it ran the page rules on again."""
    with incremental_only() as runs:
        found = check(root)
    assert found == check(root, "--no-cache")
    return found, runs[-1].reached


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_a_body_edit_reruns_the_page_rules_on_that_page_alone(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    check(root)
    edit(root / "wiki/gamma.md", "A page.", "A page. TODO")
    found, reached = incremental_equals_fresh(root)
    assert "wiki/gamma.md" in found and "placeholder" in found
    assert reached == 1


def test_a_page_renamed_onto_a_broken_links_target(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    before = check(root)
    assert "[[ghost]]" in before
    (root / "wiki/gamma.md").rename(root / "wiki/ghost.md")
    found, reached = incremental_equals_fresh(root)
    assert "[[ghost]]" not in found and "[[gamma]]" in found
    assert reached < 4  # ghost, and the pages that looked up `ghost` or `gamma` (index, beta)


def test_a_renamed_heading_breaks_and_mends_the_anchors_into_it(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    check(root)
    edit(root / "wiki/beta.md", "## Intro", "## Opening")
    found, _ = incremental_equals_fresh(root)
    assert "index.md" in found and "Intro" in found
    edit(root / "wiki/beta.md", "## Opening", "## Intro")
    found, _ = incremental_equals_fresh(root)
    assert "Intro" not in found


def test_an_alias_collision_appears_and_disappears(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    first = check(root)
    edit(root / "wiki/gamma.md", "title: Gamma\n", "title: Gamma\naliases: [First]\n")
    found, _ = incremental_equals_fresh(root)
    assert found != first and "ambiguous" in found
    edit(root / "wiki/gamma.md", "aliases: [First]\n", "")
    assert incremental_equals_fresh(root)[0] == first


def test_a_title_collision_appears_and_disappears(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    first = check(root)
    edit(root / "wiki/gamma.md", "title: Gamma", "title: Alpha")
    found, reached = incremental_equals_fresh(root)
    assert "duplicate-title" in found and reached == 1
    edit(root / "wiki/gamma.md", "title: Alpha", "title: Gamma")
    assert incremental_equals_fresh(root)[0] == first


def test_a_page_becomes_and_ceases_to_be_an_orphan(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    first = check(root)
    assert "gamma.md" not in first
    edit(root / "wiki/beta.md", " and [[gamma]]", "")
    found, _ = incremental_equals_fresh(root)
    assert "wiki/gamma.md" in found and "orphan-page" in found
    edit(root / "wiki/beta.md", "[[alpha#Alpha]]", "[[alpha#Alpha]] and [[gamma]]")
    assert incremental_equals_fresh(root)[0] == first


def test_a_new_folder_note_takes_over_its_folders_links(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", {**WIKI, "wiki/area/page.md": "# Page\n\n[[area/]] [[area/#Top]]\n"})
    check(root)
    (root / "wiki/area/index.md").write_text("# Area\n\n## Top\n\n[[page]]\n")
    incremental_equals_fresh(root)
    (root / "wiki/area/index.md").unlink()
    incremental_equals_fresh(root)


def test_an_attachment_appearing_mends_the_links_to_it(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", {**WIKI, "wiki/gamma.md": "---\ntitle: Gamma\n---\n![[chart.png]]\n"})
    assert "chart.png" in check(root)
    (root / "wiki/chart.png").write_bytes(b"\x89PNG")
    assert "chart.png" not in incremental_equals_fresh(root)[0]
    (root / "wiki/chart.png").unlink()
    assert "chart.png" in incremental_equals_fresh(root)[0]


def test_a_new_name_changes_the_did_you_mean_of_broken_links(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    check(root)
    (root / "wiki/ghosts.md").write_text("# Ghosts\n\n[[index]]\n")
    found, _ = incremental_equals_fresh(root)
    assert "ghosts" in found.split('"suggestion"', 1)[1]


def test_a_client_page_edit_places_the_clients_again(tmp_path: Path) -> None:
    client = "---\ntitle: Acme\ntype: client\ntier: 2\n---\n# Acme\n\n[[index]]\n"
    root = write_wiki(tmp_path / "p", {**WIKI, "wiki/clients/acme.md": client})
    check(root)
    edit(root / "wiki/clients/acme.md", "tier: 2", "tier: 9")
    found, _ = incremental_equals_fresh(root)
    assert "acme.md" in found
    (root / "wiki/clients/acme.md").unlink()
    incremental_equals_fresh(root)


def test_a_client_body_edit_keeps_the_tiers_and_a_frontmatter_edit_places_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = "---\ntitle: Acme\ntype: client\ntier: 9\n---\n# Acme\n\n[[index]]\n"
    root = write_wiki(tmp_path / "p", {**WIKI, "wiki/clients/acme.md": client})
    check(root)
    placed: list[object] = []
    real = wikiforge.incremental.clients.assign_tiers
    monkeypatch.setattr(wikiforge.incremental.clients, "assign_tiers", lambda *a: placed.append(a) or real(*a))
    kept = root / ".wikiforge_cache/analysis/clients"
    aside = kept.rename(tmp_path / "clients")  # a body edit needs no client record
    edit(root / "wiki/clients/acme.md", "[[index]]", "[[index]] and [[alpha]]")
    found, _ = incremental_equals_fresh(root)
    assert placed == [] and "WF501" in found
    aside.rename(kept)
    edit(root / "wiki/clients/acme.md", "tier: 9", "tier: 2")
    found, _ = incremental_equals_fresh(root)
    assert len(placed) == 1 and "WF501" not in found


def test_the_wiki_rules_run_again_only_when_a_digest_or_the_listing_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    check(root)
    scopes: list[str] = []
    real = wikiforge.incremental.update.run_scope
    monkeypatch.setattr(
        wikiforge.incremental.update, "run_scope", lambda c, s, scope: scopes.append(scope) or real(c, s, scope)
    )
    edit(root / "wiki/gamma.md", "A page.", "A page, edited.")
    incremental_equals_fresh(root)
    assert scopes == ["page"]
    edit(root / "wiki/gamma.md", "title: Gamma", "title: Beta")  # a duplicate title
    found, _ = incremental_equals_fresh(root)
    assert scopes == ["page", "page", "wiki"] and "duplicate-title" in found
    (root / "raw/more.md").write_text("# More\n")
    incremental_equals_fresh(root)
    assert scopes[-1] == "wiki"


def test_lost_client_records_fall_back_to_a_whole_check(tmp_path: Path) -> None:
    client = "---\ntitle: Acme\ntype: client\ntier: 2\n---\n# Acme\n\n[[index]]\n"
    root = write_wiki(tmp_path / "p", {**WIKI, "wiki/clients/acme.md": client})
    check(root)
    (root / ".wikiforge_cache/analysis/clients").unlink()
    edit(root / "wiki/clients/acme.md", "tier: 2", "tier: 9")
    assert check(root) == check(root, "--no-cache")


def test_an_edit_rewrites_one_shard_and_a_lost_shard_means_a_whole_check(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    check(root)
    folder = root / ".wikiforge_cache/analysis"
    before = {p.name for p in folder.glob("shard-*")}
    assert len(before) == 32
    edit(root / "wiki/gamma.md", "A page.", "A page. TODO")
    incremental_equals_fresh(root)
    after = {p.name for p in folder.glob("shard-*")}
    assert len(after) == 32 and len(after - before) == 1
    (folder / sorted(after)[0]).unlink()
    edit(root / "wiki/gamma.md", "TODO", "FIXME")
    assert check(root) == check(root, "--no-cache")
    assert len(list(folder.glob("shard-*"))) == 32


def test_a_body_edit_reads_the_digests_of_its_own_shard_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    check(root)
    read: list[str] = []
    real = wikiforge.incremental.state.read_signed
    monkeypatch.setattr(
        wikiforge.incremental.state, "read_signed", lambda path, key: read.append(path.name) or real(path, key)
    )
    edit(root / "wiki/gamma.md", "A page.", "A page, edited again.")
    incremental_equals_fresh(root)
    assert len([name for name in read if name.startswith("digests-")]) == 1  # of 32


def test_a_lost_digest_file_means_a_whole_check(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    check(root)
    folder = root / ".wikiforge_cache/analysis"
    for digests in folder.glob("digests-*"):
        digests.write_bytes(b"not a digest file")
    edit(root / "wiki/gamma.md", "A page.", "A page. TODO")
    assert check(root) == check(root, "--no-cache")
    assert len(list(folder.glob("digests-*"))) == 32


def test_a_lost_digest_file_found_only_when_saving_keeps_the_old_state(tmp_path: Path) -> None:
    """A page touched but not changed is not parsed again, so its digests are first read
    when its shard is written back: a lost file then leaves the old state, no traceback."""
    root = write_wiki(tmp_path / "p", WIKI)
    check(root)
    folder = root / ".wikiforge_cache/analysis"
    index = wikiforge.incremental.state.shard_of("wiki/gamma.md", wikiforge.incremental.state.SHARDS)
    (lost,) = folder.glob(f"digests-{index:02d}-*")
    lost.write_bytes(b"not a digest file")
    page = root / "wiki/gamma.md"
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns - 10**10))
    assert check(root) == check(root, "--no-cache")
    edit(page, "A page.", "A page, now edited.")
    assert check(root) == check(root, "--no-cache")


# --------------------------------------------------------------- edit sequences on a generated wiki

Edit = tuple[str, int, int]
KINDS = [
    "body",
    "link",
    "heading",
    "block",
    "alias",
    "title",
    "add",
    "near",
    "twin",
    "delete",
    "rename",
    "client",
    "attachment",
    "suppress",
    "source",
]
EDITS = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 200), st.integers(0, 200)), min_size=1, max_size=5)


def _pages(root: Path) -> list[Path]:
    return sorted((root / "wiki").rglob("*.md"))


def _apply(root: Path, edit: Edit) -> None:
    """One edit a person makes between two checks, on the generated wiki."""
    kind, a, b = edit
    pages = _pages(root)
    page, other = pages[a % len(pages)], pages[b % len(pages)]
    text = page.read_text()
    if kind == "body":
        page.write_text(text + f"\nMore text {b}. TBD\n")
    elif kind == "link":
        links = f"[[{other.stem}]] [[missing-{b % 3}]] [[{other.stem}#Open Questions]] [[x{b % 3}.png]]"
        page.write_text(text + f"\n{links}\n")
    elif kind == "heading":
        page.write_text(text.replace("## ", f"## Renamed {b} ", 1))
    elif kind == "block":
        page.write_text(text + f"\nA paragraph to link. ^block{b % 3}\n\n[[{other.stem}#^block{b % 3}]]\n")
    elif kind == "alias":
        page.write_text(text.replace("---\n", f"---\naliases: [{other.stem}, Alias {b % 3}]\n", 1))
    elif kind == "title":
        page.write_text(text.replace("title:", f"title: Shared {b % 2}\nold_title:", 1))
    elif kind == "near":  # a name close to a broken link's target: its "did you mean" changes
        (root / "wiki" / f"missing-{b % 3}{a % 2}.md").write_text("# Near\n")
    elif kind == "add":
        (root / "wiki" / f"new-{a}-{b}.md").write_text(f"# New {a}\n\n[[{other.stem}]] [[missing-{b % 3}]]\n")
    elif kind == "twin":  # the same name in another folder: bare links to it become ambiguous
        (root / "wiki" / "twins").mkdir(exist_ok=True)
        (root / "wiki" / "twins" / other.name).write_text(f"# Twin\n\n[[{page.stem}]]\n")
    elif kind == "delete" and len(pages) > 2:
        page.unlink()
    elif kind == "rename":
        page.rename(page.with_name(f"missing-{b % 3}.md" if b % 2 else f"{page.stem}-moved.md"))
    elif kind == "client":
        clients = [p for p in pages if "type: client" in p.read_text()]
        if clients:
            target = clients[a % len(clients)]
            target.write_text(target.read_text().replace("type: client", f"type: client\ntier: {b % 5}", 1))
    elif kind == "attachment":
        attachment = root / "wiki" / f"x{b % 3}.png"
        attachment.unlink() if attachment.exists() else attachment.write_bytes(b"\x89PNG")
    elif kind == "suppress":
        page.write_text(f"<!-- wikiforge-disable-next-line WF101 -->\n[[missing-{b % 3}]] [[{other.stem}]]\n" + text)
    elif kind == "source":
        sources = sorted((root / "raw").glob("*.md"))
        if sources:
            sources[b % len(sources)].unlink()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_after_any_edits_an_incremental_check_equals_a_fresh_one(generated: Path, edits: list[Edit]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "wiki"
        shutil.copytree(generated, root)
        check(root)
        for step in edits:
            _apply(root, step)
            with incremental_only():
                found = check(root)
            assert found == check(root, "--no-cache"), step


def test_the_state_is_shared_however_the_project_folder_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    check(root)
    edit(root / "wiki/gamma.md", "A page.", "A page, edited.")
    monkeypatch.chdir(root)
    with incremental_only():
        found = check(Path("."))
    assert found == check(root, "--no-cache")
