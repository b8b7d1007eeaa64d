"""Rule documentation: every docstring has its sections, and docs/rules.md is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wikiforge.config.reference import config_markdown
from wikiforge.lint.rules import all_rules
from wikiforge.lint.rules_doc import rules_markdown

REPO = Path(__file__).resolve().parent.parent
SECTIONS = ("**Why it matters:**", "**Example:**", "**How to fix:**")


def test_docs_rules_md_is_generated_from_the_current_rules() -> None:
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), (
        "docs/rules.md is out of date: run `wikiforge rules --format markdown > docs/rules.md`"
    )


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_doc_says_what_why_example_and_fix_in_order(rule) -> None:  # type: ignore[no-untyped-def]
    doc = rule.doc
    assert rule.summary and not rule.summary.startswith("**"), "the first line must say what the rule finds"
    positions = [doc.find(section) for section in SECTIONS]
    assert -1 not in positions, f"{rule.code} lacks one of {SECTIONS}"
    assert positions == sorted(positions), f"{rule.code}: sections out of order"


def test_every_rule_has_a_heading_its_anchor_points_at() -> None:
    text = rules_markdown()
    headings = re.findall(r"^## (\S+) (\S+)$", text, re.MULTILINE)
    assert [f"{code.lower()}-{name}" for code, name in headings] == [r.anchor for r in all_rules()]


def test_docs_config_md_is_generated_from_the_key_declarations() -> None:
    committed = (REPO / "docs" / "config.md").read_text(encoding="utf-8")
    assert committed == config_markdown(), "docs/config.md is out of date: run `wikiforge config > docs/config.md`"
