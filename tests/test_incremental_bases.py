"""Bases after an edit: an incremental check, and `serve`'s kept analysis, evaluate the
project's bases again from what every page gave them (the edited pages' made anew, the
others' as kept) instead of analysing the whole project, and find exactly what a fresh
run finds; the served site equals a fresh build byte for byte."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

import wikiforge.incremental.state
import wikiforge.pipeline
import wikiforge.serve.live
from conftest import run_build, write_wiki
from test_incremental import check, edit, incremental_equals_fresh
from test_serve_equality import _site
from wikiforge.load.options import LoadOptions
from wikiforge.serve.live import LiveSite

CLIENTS_BASE = """\
filters: type == "client"
formulas:
  annual: retainer * 12
  linked: file.backlinks.length
views:
  - type: table
    name: Clients
    order: [file.name, retainer, formula.annual, formula.linked]
    summaries:
      retainer: Sum
"""

WIKI = {
    "wikiforge.toml": "",
    "wiki/index.md": "# Home\n\n![[clients.base]]\n\nSee [[acme]].\n",
    "wiki/clients.base": CLIENTS_BASE,
    "wiki/acme.md": "---\ntype: client\nretainer: 100\n---\n# Acme\n\nA client.\n",
    "wiki/bolt.md": "---\ntype: client\nretainer: lots\n---\n# Bolt\n\nAnother, see [[index]].\n",
    "wiki/notes.md": (
        '# Notes\n\nBack to [[index]].\n\n```base\nfilters: file.hasTag("draft")\nviews:\n'
        "  - type: list\n    order: [file.name, status]\n```\n"
    ),
}

pytestmark = pytest.mark.usefixtures("trusted_stamps")


def kept_bases_written(root: Path) -> float:
    """When the kept bases' inputs were last written (0 when there are none)."""
    path = root / ".wikiforge_cache" / wikiforge.incremental.state.STATE_FOLDER / wikiforge.incremental.state.BASES_FILE
    return path.stat().st_mtime_ns if path.exists() else 0


def test_edits_are_checked_from_the_kept_bases_and_equal_a_fresh_check(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    first = check(root)
    assert "WF607" in first  # `retainer * 12` fails on "lots"
    assert kept_bases_written(root)

    written = kept_bases_written(root)
    edit(root / "wiki/notes.md", "Back to", "Back again to")  # a body edit: the bases read nothing of it
    found, reached = incremental_equals_fresh(root)
    assert reached == 1 and kept_bases_written(root) == written

    edit(root / "wiki/bolt.md", "retainer: lots", "retainer: 250")  # the value error goes
    found, _ = incremental_equals_fresh(root)
    assert "WF607" not in found and kept_bases_written(root) != written

    (root / "wiki/cargo.md").write_text("---\ntype: client\nretainer: plenty\n---\n# Cargo\n", encoding="utf-8")
    found, _ = incremental_equals_fresh(root)  # a new page the base newly matches, and its error
    assert "WF607" in found

    (root / "wiki/acme.md").unlink()
    incremental_equals_fresh(root)

    edit(root / "wiki/clients.base", "retainer * 12", "retainer.timesTwelve()")  # the .base file itself
    found, _ = incremental_equals_fresh(root)
    assert "WF603" in found

    edit(root / "wiki/notes.md", "order: [file.name, status]", "order: [file.name, statuss]")  # a block
    found, _ = incremental_equals_fresh(root)
    assert "WF604" in found


def updates(root: Path) -> list[object]:
    """A check of `root`, equal to a fresh one, and what each incremental update it
    tried gave (None: it fell back to a whole analysis)."""
    outcomes: list[object] = []
    real = wikiforge.pipeline.update
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(wikiforge.pipeline, "update", lambda *a, **k: outcomes.append(real(*a, **k)) or outcomes[-1])
        found = check(root)
    assert found == check(root, "--no-cache")
    return outcomes


def test_a_first_base_and_lost_inputs_mean_a_whole_check(tmp_path: Path) -> None:
    plain = {path: text for path, text in WIKI.items() if not path.endswith(".base")}
    plain["wiki/notes.md"] = "# Notes\n\nBack to [[index]].\n"
    root = write_wiki(tmp_path / "p", plain)
    check(root)
    assert not kept_bases_written(root)  # no base: nothing kept for one

    (root / "wiki/clients.base").write_text(CLIENTS_BASE, encoding="utf-8")  # every page's inputs are needed
    assert updates(root) == [None]
    assert kept_bases_written(root)
    edit(root / "wiki/bolt.md", "Another", "Yet another")
    assert updates(root)[0] is not None

    state = root / ".wikiforge_cache" / wikiforge.incremental.state.STATE_FOLDER
    (state / wikiforge.incremental.state.BASES_FILE).unlink()
    edit(root / "wiki/bolt.md", "Yet another", "And another")
    assert updates(root) == [None]


EDITS = [
    ("wiki/notes.md", "Back to [[index]]", "Back to [[acme]]"),  # a backlink moves: formula.linked
    ("wiki/bolt.md", "retainer: lots", "retainer: 300"),
    ("wiki/clients.base", "name: Clients", "name: Accounts"),
    ("wiki/index.md", "See [[acme]].", "See [[acme]] and [[bolt]]."),
    ("wiki/notes.md", 'file.hasTag(\\"draft\\")', "true"),
    ("wiki/acme.md", "# Acme", "# Acme Corp\n\n#draft"),
]


def test_the_served_site_after_edits_to_what_bases_read_equals_a_fresh_build() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_wiki(Path(folder) / "p", WIKI)
        live = LiveSite(root, Path(folder) / "served", LoadOptions(jobs=1))
        assert live.rebuild(config_changed=True).error is None
        whole: list[str] = []
        real = wikiforge.serve.live.analyse
        patch = pytest.MonkeyPatch()  # not the fixture's: undoing it must leave the trusted stamps
        patch.setattr(wikiforge.serve.live, "analyse", lambda *a, **k: whole.append("whole") or real(*a, **k))
        for path, old, new in [*EDITS, ("wiki/cargo.md", "", "---\ntype: client\nretainer: 5\n---\n# Cargo\n")]:
            if old:
                edit(root / path, old.replace('\\"', '"'), new)
            else:
                (root / path).write_text(new, encoding="utf-8")
            rebuilt = live.rebuild(config_changed=False)
            assert rebuilt.error is None, rebuilt.error
            fresh = Path(folder) / "fresh"
            result = run_build(root, "--out", fresh, "--no-cache", "--jobs", "1")
            assert result.exit_code == 0, result.output
            assert _site(Path(folder) / "served") == _site(fresh), f"after editing {path}"
        patch.undo()
        assert whole == []  # every edit was analysed from the kept analysis


def test_a_base_that_starts_reading_links_means_one_whole_check(tmp_path: Path) -> None:
    unlinked = CLIENTS_BASE.replace("  linked: file.backlinks.length\n", "").replace(", formula.linked]", "]")
    root = write_wiki(tmp_path / "p", {**WIKI, "wiki/clients.base": unlinked})
    check(root)  # no base reads links: the kept inputs leave them out
    edit(root / "wiki/bolt.md", "Another", "Yet another")
    assert updates(root)[0] is not None
    edit(root / "wiki/clients.base", "  annual: retainer * 12\n", "  annual: retainer * 12\n  linked: file.links\n")
    assert updates(root) == [None]  # the kept inputs lack the links it now reads
    edit(root / "wiki/bolt.md", "Yet another", "And another")
    assert updates(root)[0] is not None
