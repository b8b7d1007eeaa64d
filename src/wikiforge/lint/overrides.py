"""Rule selection given on the command line, apart from the selection itself so a
command can hold it (and key a replayed run by it) without loading the rules."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SelectionOverrides:
    """Rule selection given on the command line."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severities: tuple[tuple[str, str], ...] = ()


NO_OVERRIDES = SelectionOverrides()
"""The command line's selection when it gives none: the config's stands."""
