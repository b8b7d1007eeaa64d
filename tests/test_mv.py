"""`wikiforge mv OLD NEW` (issue 16): a page, attachment or folder moves and every link
to it is rewritten in its own style; links that still lead to their file stay as they
are; nothing is overwritten; an interrupted move leaves every file whole."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import wikiforge.authoring.move_files
from conftest import generate_wiki, snapshot, write_wiki
from wikiforge.analysis import Analysis
from wikiforge.cli import main

CONFIG = 'sources_dir = "raw"\n'


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The state `mv` keeps is signed with a key in the user's cache: this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def mv(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["mv", *args, "--path", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def check_codes(root: Path) -> Counter[tuple[str, str, int]]:
    return codes_of(_analysis(root))


def codes_of(analysis: Analysis) -> Counter[tuple[str, str, int]]:
    return Counter((d.code, d.path, d.span.line) for d in analysis.diagnostics)


def _analysis(root: Path) -> Analysis:
    from wikiforge.lint.selection import load_settings
    from wikiforge.pipeline import analyse

    config, selection = load_settings(root)
    return analyse(config, selection=selection)


# Each case: the wiki, the move, and the files expected to differ after it (by new path).
CASES = {
    "bare name, path, content path, suffix, label and anchor kept": (
        {
            "wiki/knowledge/okr.md": "# OKR\n\n## Scoring\n",
            "wiki/a.md": (
                "[[okr]] [[okr|Objectives]] [[okr#Scoring]] ![[okr#Scoring]]\n"
                "[[wiki/knowledge/okr|OKR]] [[knowledge/okr]] [[knowledge/okr.md]]\n"
            ),
        },
        ("wiki/knowledge/okr.md", "wiki/practice/objectives.md"),
        {
            "wiki/a.md": (
                "[[objectives]] [[objectives|Objectives]] [[objectives#Scoring]] ![[objectives#Scoring]]\n"
                "[[wiki/practice/objectives|OKR]] [[practice/objectives]] [[practice/objectives.md]]\n"
            ),
        },
    ),
    "links that still lead there are left alone": (
        {
            "wiki/knowledge/okr.md": "# OKR\n",
            "wiki/a.md": "[[okr]] and [[OKR]]\n",
        },
        ("wiki/knowledge/okr.md", "wiki/practice/okr.md"),
        {},
    ),
    "markdown links: relative, URL-encoded, in angle brackets, with a fragment": (
        {
            "wiki/notes/team plan.md": "# Plan\n\n## Next Steps\n",
            "wiki/notes/a.md": "[p](team%20plan.md#next-steps) [q](<team plan.md>) [r](./team%20plan.md)\n",
            "wiki/b.md": '[p](notes/team%20plan.md "title")\n',
        },
        ("wiki/notes/team plan.md", "wiki/plans/road map.md"),
        {
            "wiki/notes/a.md": (
                "[p](../plans/road%20map.md#next-steps) [q](<../plans/road map.md>) [r](../plans/road%20map.md)\n"
            ),
            "wiki/b.md": '[p](plans/road%20map.md "title")\n',
        },
    ),
    "frontmatter links and source_docs": (
        {
            "raw/interview.md": "# Interview\n",
            "wiki/a.md": (
                '---\ntitle: A\nrelated: "[[interview]]"\nsource_docs:\n  - raw/interview.md\n'
                '  - "[[raw/interview.md]]"\n---\n[[raw/interview]]\n'
            ),
        },
        ("raw/interview.md", "raw/2026/first-interview.md"),
        {
            "wiki/a.md": (
                '---\ntitle: A\nrelated: "[[first-interview]]"\nsource_docs:\n  - raw/2026/first-interview.md\n'
                '  - "[[raw/2026/first-interview.md]]"\n---\n[[raw/2026/first-interview]]\n'
            ),
        },
    ),
    "a bare name another page now has becomes a path": (
        {
            "wiki/x/plan.md": "# Plan X\n",
            "wiki/y/draft.md": "# Draft\n",
            "wiki/a.md": "[[draft]]\n",
        },
        ("wiki/y/draft.md", "wiki/y/plan.md"),
        {"wiki/a.md": "[[y/plan]]\n"},
    ),
    "the moved page's own relative links follow it": (
        {
            "wiki/one/page.md": "[up](../index.md) [[../index]] [[index]]\n",
            "wiki/index.md": "# Home\n",
            "wiki/two/index.md": "# Two\n",
        },
        ("wiki/one/page.md", "wiki/two/three/page.md"),
        {"wiki/two/three/page.md": "[up](../../index.md) [[../../index]] [[index]]\n"},
    ),
    "a bare name that would find the page beside it instead": (
        {
            "wiki/one/page.md": "[[plan]] [[../a/plan]]\n",
            "wiki/a/plan.md": "# A\n",
            "wiki/two/plan.md": "# Two\n",
        },
        ("wiki/one/page.md", "wiki/two/page.md"),
        {"wiki/two/page.md": "[[a/plan]] [[../a/plan]]\n"},
    ),
    "an attachment, embedded and linked": (
        {
            "wiki/assets/chart one.png": b"\x89PNG\r\n",
            "wiki/a.md": "![[chart one.png|300]] ![chart](assets/chart%20one.png)\n",
        },
        ("wiki/assets/chart one.png", "wiki/img/chart-2026.png"),
        {"wiki/a.md": "![[chart-2026.png|300]] ![chart](img/chart-2026.png)\n"},
    ),
    "a folder and every page in it": (
        {
            "wiki/ops/cadence.md": "[[ops/triage]] [t](triage.md)\n",
            "wiki/ops/triage.md": "# Triage\n",
            "wiki/a.md": "[[wiki/ops/cadence]] [[ops/triage|T]] [[cadence]]\n",
        },
        ("wiki/ops", "wiki/operations"),
        {
            "wiki/operations/cadence.md": "[[operations/triage]] [t](triage.md)\n",
            "wiki/a.md": "[[wiki/operations/cadence]] [[operations/triage|T]] [[cadence]]\n",
        },
    ),
    "CRLF, a BOM and a table row survive": (
        {
            "wiki/okr.md": "# OKR\n",
            "wiki/a.md": "\ufeff| a | [[okr\\|OKR]] |\r\n|---|---|\r\nend [[okr]]",
        },
        ("wiki/okr.md", "wiki/goals.md"),
        {"wiki/a.md": "\ufeff| a | [[goals\\|OKR]] |\r\n|---|---|\r\nend [[goals]]"},
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_links_are_rewritten_in_their_own_style(tmp_path: Path, name: str) -> None:
    files, (old, new), expected = CASES[name]
    root = write_wiki(tmp_path / "p", {"wikiforge.toml": CONFIG, **files})
    before = snapshot(root)
    codes = check_codes(root)
    code, out, err = mv(root, str(root / old), str(root / new))
    assert code == 0, err
    after = snapshot(root)
    changed = {path for path in after if path.startswith(("wiki/", "raw/")) and before.get(path) != after[path]}
    moved = {path for path in changed if path not in before}
    assert changed - moved == {p for p in expected if p in before}, out
    for path, text in expected.items():
        assert (root / path).read_bytes() == text.encode("utf-8"), path
    for path in before:
        if path.startswith(("wiki/", "raw/")) and path not in after:
            assert path == old or path.startswith(old + "/")
    moved_to = {p.replace(old, new, 1) for p in before if p == old or p.startswith(old + "/")}
    assert moved_to <= set(after)
    expected_codes = Counter({(c, p.replace(old, new, 1), n): k for (c, p, n), k in codes.items()})
    assert check_codes(root) == expected_codes - Counter(SETTLED.get(name, ()))


SETTLED = {"a bare name that would find the page beside it instead": [("WF103", "wiki/two/page.md", 1)]}
"""Findings a case's move settles: an ambiguous bare name rewritten as a path is no longer ambiguous."""


def test_dry_run_prints_the_patch_and_changes_nothing(tmp_path: Path) -> None:
    files, _, _ = CASES["bare name, path, content path, suffix, label and anchor kept"]
    root = write_wiki(tmp_path / "p", {"wikiforge.toml": CONFIG, **files})
    before = snapshot(root / "wiki")
    code, out, _ = mv(root, str(root / "wiki/knowledge/okr.md"), str(root / "wiki/goals.md"), "--dry-run")
    assert code == 0
    assert snapshot(root / "wiki") == before
    assert out.startswith("rename from wiki/knowledge/okr.md\nrename to wiki/goals.md\n")
    assert "-[[okr]] [[okr|Objectives]]" in out and "+[[goals]] [[goals|Objectives]]" in out


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("wiki/okr.md", "wiki/a.md", "wiki/a.md already exists"),
        ("wiki/okr.md", "wiki/A.md", "wiki/A.md already exists"),
        ("wiki/okr.md", "wiki/notes.txt", "must end in .md"),
        ("wiki/okr.md", "wiki/.unlisted.md", "wiki/.unlisted.md already exists"),
        ("wiki/nothing.md", "wiki/b.md", "not a page, attachment or folder"),
        ("wiki/okr.md", "../elsewhere.md", "outside the project"),
        ("wiki/okr.md", "wiki/okr", "must end in .md"),
        ("wiki/okr.md", "wiki/a|b.md", "cannot hold '|'"),
        ("wiki/sub", "wiki/sub/inner", "into itself"),
        ("wiki/okr.md", "wiki/notes.txt/okr.md", "is a file"),
    ],
)
def test_a_move_that_cannot_be_made_changes_nothing(tmp_path: Path, old: str, new: str, message: str) -> None:
    root = write_wiki(
        tmp_path / "p",
        {
            "wikiforge.toml": CONFIG,
            "wiki/okr.md": "# OKR\n",
            "wiki/a.md": "[[okr]]\n",
            "wiki/sub/b.md": "[[okr]]\n",
            "wiki/notes.txt": "x",
            "wiki/.unlisted.md": "",
        },
    )
    before = snapshot(root)
    code, _, err = mv(root, str(root / old), str(root / new))
    assert code == 2 and message in err and "nothing moved" in err
    assert {k: v for k, v in snapshot(root).items() if not k.startswith(".")} == {
        k: v for k, v in before.items() if not k.startswith(".")
    }


def test_into_an_existing_folder(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", {"wikiforge.toml": CONFIG, "wiki/okr.md": "# O\n", "wiki/a.md": "[[wiki/okr]]\n"})
    (root / "wiki/goals").mkdir()
    code, out, _ = mv(root, str(root / "wiki/okr.md"), str(root / "wiki/goals"))
    assert code == 0 and (root / "wiki/goals/okr.md").exists()
    assert (root / "wiki/a.md").read_text() == "[[wiki/goals/okr]]\n"
    assert "1 link(s) rewritten in 1 file(s)" in out


def test_an_interrupted_move_leaves_every_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = {f"wiki/p{i}.md": f"# P{i}\n\nsee [[okr]] and [[wiki/okr|OKR]]\n" for i in range(6)}
    root = write_wiki(tmp_path / "p", {"wikiforge.toml": CONFIG, "wiki/okr.md": "# OKR\n", **pages})
    real = wikiforge.authoring.move_files.write_atomically
    calls = []

    def failing(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(wikiforge.authoring.move_files, "write_atomically", failing)
    code, _, err = mv(root, str(root / "wiki/okr.md"), str(root / "wiki/goals.md"))
    assert code == 2 and "No space left on device" in err
    olds = news = 0
    for name in pages:
        text = (root / name).read_text()
        olds += text == pages[name]
        news += text == pages[name].replace("[[okr]]", "[[goals]]").replace("wiki/okr|", "wiki/goals|")
    assert (olds, news) == (3, 3)
    assert not list((root / "wiki").glob(".*.tmp"))


def test_unrewritable_links_stop_the_move_unless_forced(tmp_path: Path) -> None:
    root = write_wiki(
        tmp_path / "p",
        {
            "wikiforge.toml": CONFIG,
            "raw/interview.md": "# I\n",
            "wiki/a.md": '---\nsource_docs: ["raw/\\x69nterview.md"]\n---\n[[interview]]\n',
        },
    )
    before = snapshot(root)
    code, _, err = mv(root, str(root / "raw/interview.md"), str(root / "raw/talk.md"))
    assert code == 2 and "wiki/a.md:2:" in err and "--force" in err
    assert {k: v for k, v in snapshot(root).items() if not k.startswith(".")} == before
    code, out, _ = mv(root, str(root / "raw/interview.md"), str(root / "raw/talk.md"), "--force")
    assert code == 0 and "1 link(s) rewritten in 1 file(s), 1 left as they were" in out
    assert (root / "wiki/a.md").read_text().endswith("[[talk]]\n")


Thousand = tuple[Path, Counter[tuple[str, str, int]], list[str]]
"""The generated 1,000-page wiki, what `check` finds in it, and its pages by how many
links lead to them (most first): one analysis for the module's tests, which move pages
in copies of it."""


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> Thousand:
    root = generate_wiki(tmp_path_factory.mktemp("mv1k") / "wiki", 1000)
    analysis = _analysis(root)
    return root, codes_of(analysis), _most_linked(analysis, 2)


def _most_linked(analysis: Analysis, count: int) -> list[str]:
    linked = Counter(r.resolution.target.path for r in analysis.links if r.resolution.target is not None)
    return [path for path, _ in linked.most_common(count)]


def test_after_moving_the_most_linked_page_check_finds_the_same_and_the_site_builds(
    thousand: Thousand, tmp_path: Path
) -> None:
    source, codes, most_linked = thousand
    root = tmp_path / "wiki"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns(".wikiforge*"))
    old = most_linked[0]
    new = f"wiki/moved/{Path(old).stem}-renamed.md"
    code, out, err = mv(root, str(root / old), str(root / new))
    assert code == 0 and " 0 file(s)" not in out, err
    assert check_codes(root) == Counter({(c, new if p == old else p, n): k for (c, p, n), k in codes.items()}), out
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(tmp_path / "site")])
    assert result.exit_code in (0, 1) and (tmp_path / "site/index.html").exists()


def test_nine_moves_in_a_row_leave_the_findings_as_they_were(thousand: Thousand, tmp_path: Path) -> None:
    """Pages from every folder, a client page, a source document and a whole folder, one
    after the other on the same wiki: after each, `check` finds what it found before the
    first, on the paths as they now are."""
    source, codes, most_linked = thousand
    root = tmp_path / "wiki"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns(".wikiforge*"))
    pages = sorted(p.relative_to(root).as_posix() for p in (root / "wiki").rglob("*.md"))
    raw = sorted(p.relative_to(root).as_posix() for p in (root / "raw").rglob("*.md"))
    moves = [(pages[i * 83 % len(pages)], f"wiki/moved/{i}/{Path(pages[i * 83 % len(pages)]).name}") for i in range(6)]
    moves += [(raw[3], "raw/archive/older-notes.md"), ("wiki/knowledge/crm", "wiki/knowledge/customer-records")]
    moves += [(most_linked[1], "wiki/hub.md")]
    renamed: dict[str, str] = {}
    for old, new in moves:
        current = next((n + old[len(o) :] for o, n in renamed.items() if old == o or old.startswith(o + "/")), old)
        code, _, err = mv(root, str(root / current), str(root / new))
        assert code == 0, (old, err)
        renamed[old] = new

    def now(path: str) -> str:
        return next((n + path[len(o) :] for o, n in renamed.items() if path == o or path.startswith(o + "/")), path)

    assert check_codes(root) == Counter({(c, now(p), n): k for (c, p, n), k in codes.items()})
