"""Nothing a page contains may stop the check: each problem is a finding, others go on."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

from click.testing import CliRunner

from wikiforge.cli import main


def check_json(root: Path) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def codes(diags: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(d["path"], d["code"]) for d in diags]


def test_bad_files_are_findings_and_the_rest_is_still_checked(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki(
        {
            "wiki/index.md": "# Home\n\n[[binary]] [[latin]] [[yaml]] [[big]] [[ok]]\n",
            "wiki/binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "wiki/latin.md": "# Caf\xe9\n".encode("latin-1"),
            "wiki/yaml.md": "---\ntitle: [unclosed\n---\n# Y\n",
            "wiki/big.md": "# Big\n\n" + ("Some prose [[ok]] with `code` and more words.\n" * 25_000),
            "wiki/ok.md": "# OK\n\n[[nowhere]]\n",
        }
    )
    assert (root / "wiki/big.md").stat().st_size > 1_000_000  # 10 MB: tests/test_scale_bounds.py
    code, diags = check_json(root)
    assert code == 1
    assert codes(diags) == [
        ("wiki/binary.md", "WF001"),
        ("wiki/latin.md", "WF001"),
        ("wiki/ok.md", "WF101"),
        ("wiki/yaml.md", "WF301"),
    ]
    [yaml_diag] = [d for d in diags if d["code"] == "WF301"]
    assert (yaml_diag["line"], yaml_diag["column"]) == (3, 1)


def test_paths_out_of_the_project_are_never_followed(make_wiki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path.parent / f"{tmp_path.name}-secret.md"
    outside.write_text("# Secret\n\nTODO\n")
    root = make_wiki(
        {
            "wiki/index.md": (
                "# Home\n\n[[../../../etc/passwd]] [[/etc/hosts]] [x](../../../../etc/passwd) [[evil]] [[dangling]]\n"
            )
        }
    )
    os.symlink(outside, root / "wiki/evil.md")
    os.symlink(root / "wiki/nothing-here.md", root / "wiki/dangling.md")
    code, diags = check_json(root)
    assert code == 1
    messages = {(d["path"], d["code"], d["message"]) for d in diags}
    assert ("wiki/index.md", "WF101", "link [[../../../etc/passwd]] points outside the project") in messages
    assert ("wiki/index.md", "WF101", "link [[/etc/hosts]] matches no page or file") in messages
    assert ("wiki/index.md", "WF105", "Markdown link (../../../../etc/passwd) points outside the project") in messages
    assert any(p == "wiki/evil.md" and c == "WF001" and "outside the project" in m for p, c, m in messages)
    assert any(p == "wiki/dangling.md" and c == "WF001" and "cannot be read" in m for p, c, m in messages)
    assert not any(c == "WF201" for _, c, _ in messages)  # the secret's TODO was never read


def test_yaml_bombs_and_deep_nesting_do_not_crash(make_wiki) -> None:  # type: ignore[no-untyped-def]
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    root = make_wiki(
        {
            "wiki/index.md": "# Home\n\n[[bomb]] [[deep]]\n",
            "wiki/bomb.md": bomb + 'title: "[[index]]"\n---\n# Bomb\n',
            "wiki/deep.md": "---\nx: " + "[" * 50_000 + "]" * 50_000 + "\n---\n# Deep\n",
        }
    )
    code, diags = check_json(root)
    assert codes(diags) == [("wiki/bomb.md", "WF301"), ("wiki/deep.md", "WF301")]
    assert "alias bomb" in diags[0]["message"]
    assert code == 1


def test_nfc_and_nfd_spellings_are_one_name(make_wiki) -> None:  # type: ignore[no-untyped-def]
    nfd = unicodedata.normalize("NFD", "Café ☕")
    nfc = unicodedata.normalize("NFC", "Café ☕")
    root = make_wiki(
        {"wiki/index.md": f"# Home\n\n[[{nfc}]] [[{nfd}#Menü]]\n", f"wiki/{nfd}.md": "# Café\n\n## Menü\n"}
    )
    code, diags = check_json(root)
    assert (code, diags) == (0, [])


def test_crlf_and_bom_keep_exact_positions(make_wiki) -> None:  # type: ignore[no-untyped-def]
    page = "\ufeff---\r\ntitle: P\r\ncreated: '2026-13-01'\r\n---\r\n# P\r\n\r\nText [[gone]].\r\n"
    root = make_wiki({"wiki/index.md": "# Home\n\n[[p]]\n", "wiki/p.md": page.encode("utf-8")})
    _, diags = check_json(root)
    assert [(d["code"], d["line"], d["column"]) for d in diags] == [("WF302", 3, 10), ("WF101", 7, 6)]
