"""Checks every config table shares: unknown keys with a "did you mean", and keys
written with `-` or `_`. Kept apart so `[tiers]` (config/tiers.py) validates its
tables exactly as `config.py` validates the rest."""

from __future__ import annotations

from typing import Any

from ..core.suggest import closest


def check_keys(table: dict[str, Any], allowed: tuple[str, ...], prefix: str, problems: list[str]) -> None:
    for key in table:
        if key not in allowed:
            close = closest(key, allowed)
            hint = f" (did you mean `{prefix}{close}`?)" if close else ""
            problems.append(f"unknown key `{prefix}{key}`{hint}")


def snake_keys(table: dict[str, Any], problems: list[str], prefix: str = "") -> dict[str, Any]:
    """Accept `extend-select` as well as `extend_select` (ruff's style and TOML's), but
    not both at once: one would silently win."""
    snaked: dict[str, Any] = {}
    written: dict[str, str] = {}
    for key, value in table.items():
        snake = key.replace("-", "_")
        if snake in snaked:
            problems.append(f"`{prefix}{written[snake]}` and `{prefix}{key}` are the same key; keep one")
        snaked[snake], written[snake] = value, key
    return snaked
