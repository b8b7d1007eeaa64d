"""README's promises: its test command is the one CI runs."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if "pytest" in line and line.startswith("python3 -m venv"))
    assert command in ci.splitlines()


def test_readme_documents_every_rule_and_check_option() -> None:
    from wikiforge.rules import all_rules

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for rule in all_rules():
        assert f"| {rule.code} | {rule.name} | {rule.severity.value} |" in readme
    for option in ("--format text", "--format json", "--strict", "--obsidian-strict"):
        assert option in readme
