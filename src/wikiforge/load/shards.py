"""Signed files that hold a keyed state in shards, so an edit rewrites one or two.

A state kept between runs (the analysis, the site's neighbours) is split by a hash of
each path into a fixed number of shard files. A run writes the shards it changed under
names no file had before, then the small header naming every shard, then removes the
shard files the header no longer names: a run that stops half way leaves the last whole
state, and a header never names a file of another run's state.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Collection, Mapping
from pathlib import Path

from .cache import write_signed


def write_shards(folder: Path, secret: bytes, names: list[str], shards: Mapping[int, object], prefix: str) -> list[str]:
    """Write `shards` (by number) under fresh names; `names` of the others are kept."""
    token = secrets.token_hex(8)
    names = list(names)
    for index, shard in shards.items():
        names[index] = f"{prefix}-{index:02d}-{token}"
        write_signed(folder / names[index], secret, shard)
    return names


def remove_unnamed(folder: Path, names: Collection[str], prefix: str) -> None:
    """Remove the shard files of `prefix` that are not in `names` (the header's)."""
    wanted = set(names)
    with os.scandir(folder) as entries:
        stale = [entry.path for entry in entries if entry.name.startswith(prefix + "-") and entry.name not in wanted]
    for path in stale:
        os.unlink(path)
