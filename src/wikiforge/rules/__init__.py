"""Lint rules, one module each; importing this package registers them all."""

from __future__ import annotations

from . import (  # noqa: F401 - imported to register
    ambiguous_link,
    broken_anchor,
    broken_link,
    broken_markdown_link,
    case_mismatch,
    duplicate_title,
    empty_link,
    frontmatter_schema,
    frontmatter_syntax,
    missing_source,
    orphan_page,
    output_collision,
    placeholder,
    unreadable_file,
    unused_suppression,
)
from .registry import Rule, all_rules, find_rule, rule_hint

__all__ = ["Rule", "all_rules", "find_rule", "rule_hint"]
