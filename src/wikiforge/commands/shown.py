"""Paths as a command prints them to the person who ran it."""

from __future__ import annotations

import os
from pathlib import Path


def from_here(path: Path) -> str:
    """`path` from the current folder when it is below it, else whole (resolved)."""
    try:
        shown = os.path.relpath(path.resolve(), Path.cwd())
    except ValueError:  # another drive
        return str(path)
    return str(path.resolve()) if shown.startswith("..") else shown
