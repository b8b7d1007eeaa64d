"""How the load stage runs, apart from the stage itself so the command line can hold it
without loading the parser."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LoadOptions:
    """How the per-page stage runs: on how many processes (`jobs`; None: every core) and
    whether records may come from, and go to, the on-disk cache."""

    jobs: int | None = None
    cache: bool = True
