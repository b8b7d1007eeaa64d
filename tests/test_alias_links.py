"""`[[alias]]` as Obsidian reads it (DESIGN §2): broken by default, named in the help, and
fixed with `--fix --unsafe-fixes` to the link Obsidian writes, `[[Page|alias]]`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from wikiforge.cli import main

OKR_PAGE = "---\naliases: [OKRs]\n---\n# OKR Framework\n\n## Key Results\n"


def check(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "concise", *args, str(root)])
    return result.exit_code, result.stdout


def test_unsafe_fix_writes_page_with_alias_as_label_byte_exactly(make_wiki) -> None:  # type: ignore[no-untyped-def]
    before = "\ufeff# Home\r\n\r\nSee [[OKRs]],\t[[OKRs#Key Results]] and [[OKRs|our goals]]. \r\nTail"
    after = (
        "\ufeff# Home\r\n\r\nSee [[okr-framework|OKRs]],\t[[okr-framework#Key Results|OKRs]]"
        " and [[okr-framework|our goals]]. \r\nTail"
    )
    root = make_wiki({"wiki/index.md": before.encode("utf-8"), "wiki/knowledge/okr-framework.md": OKR_PAGE})
    index = root / "wiki/index.md"
    assert check(root, "--fix")[0] == 1
    assert index.read_bytes() == before.encode("utf-8")
    code, out = check(root, "--fix", "--unsafe-fixes")
    assert index.read_bytes() == after.encode("utf-8")
    assert code == 0 and "Fixed 3 findings" in out


def test_fix_names_the_page_by_the_shortest_name_that_reaches_it(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki(
        {
            "wiki/index.md": "# Home\n\n[[OKRs]]\n",
            "wiki/a/okr-framework.md": OKR_PAGE,
            "wiki/b/okr-framework.md": "# Another page with the same file name\n\n[[index]] [[a/okr-framework]]\n",
        }
    )
    code, out = check(root, "--diff", "--unsafe-fixes")
    assert "+[[a/okr-framework|OKRs]]" in out.splitlines()


def test_alias_of_two_pages_has_no_fix(make_wiki) -> None:  # type: ignore[no-untyped-def]
    files = {
        "wiki/index.md": "# Home\n\n[[Handbook]] [[a]] [[b]]\n",
        "wiki/a.md": "---\naliases: [Handbook]\n---\n# A\n",
        "wiki/b.md": "---\naliases: [Handbook]\n---\n# B\n",
    }
    root = make_wiki(files)
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", str(root)])
    (finding,) = json.loads(result.stdout)["diagnostics"]
    assert "2 pages have the alias 'Handbook' (wiki/a.md, wiki/b.md)" in finding["message"]
    assert "fix" not in finding and "suggestion" not in finding
    assert check(root, "--diff", "--unsafe-fixes") == (0, "")


def test_case_folded_alias_is_never_written(make_wiki) -> None:  # type: ignore[no-untyped-def]
    """The Obsidian Hub's `[[man]]` was "fixed" to `[[MAN]]`, the alias of another page."""
    text = "# Home\n\nEvery [[man]] reads [[Metropolitan Area Network]].\n"
    root = make_wiki({"wiki/index.md": text, "wiki/Metropolitan Area Network.md": "---\naliases: [MAN]\n---\n# MAN\n"})
    for flags in (("--fix",), ("--fix", "--unsafe-fixes")):
        code, out = check(root, *flags)
        assert code == 1 and "has the alias 'MAN' in another case" in out
    assert (root / "wiki/index.md").read_text(encoding="utf-8") == text
    (root / "wikiforge.toml").write_text("resolve_aliases = true\n", encoding="utf-8")
    check(root, "--fix", "--unsafe-fixes")
    assert (root / "wiki/index.md").read_text(encoding="utf-8") == text


def test_case_fix_never_spells_an_alias(make_wiki) -> None:  # type: ignore[no-untyped-def]
    """With aliases opted in, `[[okrs]]` reaches nothing (no case-folded alias), so
    WF104 has nothing to fix toward `OKRs`; a file-name case fix still works."""
    root = make_wiki(
        {
            "wikiforge.toml": "resolve_aliases = true\n",
            "wiki/index.md": "# Home\n\n[[okrs]] [[OKR-Framework]] [[OKRs]]\n",
            "wiki/okr-framework.md": OKR_PAGE,
        }
    )
    check(root, "--fix", "--unsafe-fixes")
    assert (root / "wiki/index.md").read_text(encoding="utf-8") == "# Home\n\n[[okrs]] [[okr-framework]] [[OKRs]]\n"
