"""The `wikiforge` command: exit codes, formats, config errors, the bundled sample."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from wikiforge.cli import main
from wikiforge.lint.rules import all_rules

REPO = Path(__file__).resolve().parent.parent


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_bundled_sample_wiki_checks_clean() -> None:
    code, out, _ = run("check", str(REPO))
    assert code == 0, out
    assert out.startswith("No problems found: 38 pages and 3 source documents")


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run([sys.executable, "-m", "wikiforge", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "wikiforge" in proc.stdout


def test_errors_exit_1_and_text_lines_are_sorted(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki(
        {
            "wiki/index.md": "# Home\n\n[[b]] [[a]]\n",
            "wiki/a.md": "# A\n\nSee [[missing-page]] and [[b#Nope]].\n",
            "wiki/b.md": "# B\n\nTODO: write this.\n",
        }
    )
    code, out, _ = run("check", "--format", "concise", str(root))
    assert code == 1
    assert out.splitlines()[:-1] == [
        "wiki/a.md:3:5: WF101 [broken-link] link [[missing-page]] matches no page or file",
        "wiki/a.md:3:26: WF102 [broken-anchor] heading 'Nope' not found on wiki/b.md",
        "wiki/b.md:3:1: WF201 [placeholder] placeholder 'TODO' (marker) left in the text",
    ]
    assert out.splitlines()[-1].startswith("Found 3 errors and 0 warnings in 2 files: 3 pages and 0 source documents")


def test_warnings_pass_unless_strict(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wiki/index.md": "# Home\n", "wiki/lonely.md": "# Lonely\n"})
    assert run("check", str(root))[0] == 0
    code, out, _ = run("check", "--strict", str(root))
    assert code == 1
    assert "WF401 [orphan-page]" in out


def test_json_output_has_every_design_field(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki(
        {"wiki/index.md": "# Home\n\n[[client-tier-structre]]\n", "wiki/client-tier-structure.md": "# T\n"}
    )
    code, out, _ = run("check", "--format", "json", str(root))
    assert code == 1
    data = json.loads(out)
    [diag] = [d for d in data["diagnostics"] if d["code"] == "WF101"]
    assert diag == {
        "path": "wiki/index.md",
        "line": 3,
        "column": 1,
        "end_line": 3,
        "end_column": 25,
        "code": "WF101",
        "rule": "broken-link",
        "severity": "error",
        "message": "link [[client-tier-structre]] matches no page or file",
        "suggestion": "client-tier-structure",
        "fix": {
            "applicability": "unsafe",
            "message": "replace 'client-tier-structre' with 'client-tier-structure'",
            "old": "client-tier-structre",
            "new": "client-tier-structure",
        },
    }
    assert data["summary"]["errors"] == 1
    assert data["summary"]["pages"] == 2


def test_bad_config_exits_2_naming_the_key(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki(
        {
            "wikiforge.toml": 'resolve_alias = true\n[rules.placeholder]\npatterns = ["(unclosed"]\n',
            "wiki/index.md": "# Home\n",
        }
    )
    code, _, err = run("check", str(root))
    assert code == 2
    assert "unknown key `resolve_alias` (did you mean `resolve_aliases`?)" in err
    assert "`rules.placeholder.patterns[0]` is not a valid regular expression" in err


def test_unparseable_config_and_missing_path_exit_2(make_wiki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wikiforge.toml": "content_dir = [\n", "wiki/index.md": "# Home\n"})
    assert run("check", str(root))[0] == 2
    assert run("check", str(tmp_path / "nope"))[0] == 2


def test_pyproject_tool_table_is_read(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki(
        {
            "pyproject.toml": '[tool.wikiforge]\ncontent_dir = "notes"\n',
            "notes/index.md": "# Home\n\n[[a]]\n",
            "notes/a.md": "# A\n",
        }
    )
    code, out, _ = run("check", str(root))
    assert code == 0, out
    assert "2 pages" in out


def test_vault_without_wiki_folder_is_checked_whole(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki(
        {
            "Home.md": "Links: [[Note A]] [[sub/Note B]]\n",
            "Note A.md": "plain note, no frontmatter [[Home]]\n",
            "sub/Note B.md": "[[Note A#Missing]]\n",
            ".obsidian/app.json": "{}",
            ".trash/old.md": "[[broken]]\n",
        }
    )
    code, out, _ = run("check", "--format", "concise", str(root))
    assert code == 1
    assert out.splitlines()[:-1] == [
        "sub/Note B.md:1:1: WF102 [broken-anchor] heading 'Missing' not found on Note A.md"
    ]


def test_obsidian_template_folder_is_not_checked(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki(
        {
            ".obsidian/templates.json": '{"folder": "Templates"}',
            "index.md": "# Home\n",
            "Templates/Daily.md": "# {{date}}\n\n<% tp.file.title %>\n",
        }
    )
    code, out, _ = run("check", str(root))
    assert code == 0, out


def test_aliases_resolve_only_when_opted_in_and_not_obsidian_strict(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki(
        {
            "wiki/index.md": "# Home\n\n[[OKRs]]\n",
            "wiki/okr-framework.md": "---\naliases: [OKRs]\n---\n# OKR Framework\n",
        }
    )
    broken = (
        "wiki/index.md:3:1: WF101 [broken-link] link [[OKRs]] matches no page or file; 'OKRs' is an alias of"
        " wiki/okr-framework.md, and aliases are not link targets (did you mean 'okr-framework|OKRs'?)"
    )
    code, out, _ = run("check", "--format", "concise", str(root))
    assert code == 1 and out.splitlines()[0] == broken
    (root / "wikiforge.toml").write_text("resolve_aliases = true\n", encoding="utf-8")
    assert run("check", str(root))[0] == 0
    code, out, _ = run("check", "--obsidian-strict", "--format", "concise", str(root))
    assert code == 1 and out.splitlines()[0] == broken


def test_obsidian_strict_help_says_it_overrides_the_config() -> None:
    code, out, _ = run("check", "--help")
    assert code == 0
    assert "even if the config sets resolve_aliases = true" in " ".join(out.split())


def test_case_mismatch_is_info_unless_raised(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki({"wiki/index.md": "# Home\n\n[[Notes]]\n", "wiki/notes.md": "# Notes\n\n[[index]]\n"})
    code, out, _ = run("check", "--strict", "--format", "json", str(root))
    assert code == 0
    assert [(d["code"], d["severity"]) for d in json.loads(out)["diagnostics"]] == [("WF104", "info")]
    (root / "wikiforge.toml").write_text('[rules.case-mismatch]\nseverity = "warning"\n', encoding="utf-8")
    assert run("check", "--strict", str(root))[0] == 1


def test_rules_lists_and_documents_every_rule() -> None:
    code, out, _ = run("rules")
    assert code == 0
    header, *lines = out.splitlines()
    assert header.split() == ["CODE", "NAME", "SEVERITY", "FIX", "SUMMARY"]
    codes = [line.split()[0] for line in lines]
    assert codes == sorted(codes) == [r.code for r in all_rules()]
    assert "WF101  broken-link            error    unsafe" in out
    code, out, _ = run("rules", "broken-anchor")
    assert code == 0 and out.startswith("WF102 broken-anchor\n(default severity: error; fixable: no)")
    for section in ("**Why it matters:**", "**Example:**", "**How to fix:**"):
        assert section in out
    assert run("rules", "WF999")[0] == 2


def test_did_you_mean_is_the_same_in_every_process(make_wiki) -> None:  # type: ignore[no-untyped-def]
    """Two names equally close to a broken target: the suggestion must not depend on the
    hash seed of the process (a fresh run gives the same output byte for byte)."""
    root = make_wiki(
        {"wiki/index.md": "# Home\n\n[[bri]] [[brain]] [[br4in]]\n", "wiki/brain.md": "", "wiki/br4in.md": ""}
    )
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "wikiforge", "check", "--no-cache", "--format", "concise", str(root)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        outputs.add(done.stdout.splitlines()[0])
    assert outputs == {
        "wiki/index.md:3:1: WF101 [broken-link] link [[bri]] matches no page or file (did you mean 'br4in'?)"
    }


def test_templates_config_must_name_folders_inside_the_project(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki(
        {"wikiforge.toml": 'templates = ["../shared", "wiki/T"]\ntemplate = 1\n', "wiki/index.md": "# Home\n"}
    )
    code, _, err = run("check", str(root))
    assert code == 2
    assert "`templates` must list folders inside the project, not '../shared'" in err
    assert "unknown key `template` (did you mean `templates`?)" in err
