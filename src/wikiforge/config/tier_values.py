"""Reading numbers and percentages from the `[tiers]` table, and showing a value in a
message, for every part of it (tiers, dimensions, operations)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..core.numbers import show_number


def read_share(value: Any, key: str, problems: list[str]) -> Fraction | None:
    share = read_number(value, key, problems)
    if share is not None and not 0 <= share <= 100:
        problems.append(f"`{key}` is a percentage from 0 to 100, not {show_value(share)}")
        return None
    return share


def read_number(value: Any, key: str, problems: list[str]) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.append(f"`{key}` must be a number, not {show_value(value)}")
        return None
    if isinstance(value, float) and value != value:  # NaN
        problems.append(f"`{key}` must be a number, not nan")
        return None
    try:
        return Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    except ValueError:
        problems.append(f"`{key}` must be a finite number, not {value}")
        return None


def show_value(value: Any) -> str:
    if isinstance(value, Fraction):
        return show_number(value)
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
