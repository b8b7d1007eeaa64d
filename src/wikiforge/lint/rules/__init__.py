"""Lint rules, one module each; importing this package registers them all."""

from __future__ import annotations

from . import (  # noqa: F401 - imported to register
    active_file,
    ambiguous_link,
    base_schema,
    base_syntax,
    base_value_error,
    broken_anchor,
    broken_link,
    broken_markdown_link,
    case_mismatch,
    client_tier,
    duplicate_title,
    empty_link,
    formula_cycle,
    frontmatter_schema,
    frontmatter_syntax,
    missing_source,
    okr_count,
    okr_measurable,
    okr_stale,
    orphan_page,
    output_collision,
    override_reason,
    override_share,
    owner_capacity,
    placeholder,
    tier_review_due,
    tier_slip,
    touchpoint_overdue,
    undefined_reference,
    unknown_function,
    unknown_property,
    unreadable_file,
    unused_suppression,
)
from .registry import Rule, all_rules, find_rule, rule_hint

__all__ = ["Rule", "all_rules", "find_rule", "rule_hint"]
