"""Running one command: its writers, its exit code, and its errors as one line each."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from typing import NoReturn

import click

from ..commands.check import Echo, UsageError
from ..config.settings import ConfigError
from ..core.printable import printable


def run(command: Callable[[Echo, Echo], int]) -> NoReturn:
    """Run a command with stdout/stderr writers and exit with its code; a bad config or
    a request that cannot run is exit 2, with the reason on stderr.

    Notes on stderr are one line each, and name files and config values: they are made
    printable here, once for every command (reports on stdout do it per field)."""
    _collect_less()
    try:
        code = command(lambda text: click.echo(text, nl=False), _note)
    except ConfigError as exc:
        _note(f"wikiforge: configuration error in {exc.source}:")
        for problem in exc.problems:
            _note(f"  - {problem}")
        sys.exit(2)
    except UsageError as exc:
        _note(f"wikiforge: {exc}")
        sys.exit(2)
    sys.exit(code)


def _collect_less() -> None:
    """Run Python's cycle collector a few hundred times less often.

    A run makes millions of small objects that live until it ends (tokens, records, the
    graph, the site's pages), and almost none of them in cycles: at the default
    thresholds the collector rescans them over and over, a third of the time of a run
    on a page of 100,000 links (and forked parse workers inherit it). mypy does the same
    for the same reason. Reference counting still frees everything not in a cycle at
    once, so memory stays where it was."""
    gc.set_threshold(200_000, 30, 30)


def _note(text: str) -> None:
    click.echo(printable(text), err=True)
