"""`wikiforge base`: one base's rows printed, for scripts and spreadsheets.

The base is evaluated by the analysis (`pipeline.analyse`, the same run as `check`
and `build`), never on its own: its rows, formulas and errors are the site's. Exit
codes: 0 printed; 2 no project, a file that is not a base of the project, or a view
the base does not have (the message lists those it has).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..lint.selection import load_settings
from ..load.options import LoadOptions
from ..load.scope import NO_PROJECT, find_root
from .check import Echo, UsageError


@dataclass(frozen=True)
class BaseRequest:
    """Everything `wikiforge base` was asked to do."""

    file: Path
    view: str | None = None
    output_format: str = "table"
    block: int = 0
    """For a Markdown page: which of its base blocks (0: the first)."""
    today: dt.date | None = None
    load: LoadOptions = field(default_factory=LoadOptions)


def execute(request: BaseRequest, out: Echo, err: Echo) -> int:
    root = find_root(request.file.resolve().parent)
    if root is None:
        raise UsageError(NO_PROJECT)
    path = Path(os.path.abspath(request.file)).relative_to(Path(os.path.abspath(root))).as_posix()
    from ..pipeline import analyse  # on demand: `wikiforge --help` need not load the stages
    from ..report.base_rows import format_view

    config, selection = load_settings(root)
    if request.today is not None:
        config = config.dated(request.today)
    analysis = analyse(config, load=request.load, selection=selection)
    key = path if path.lower().endswith(".base") else f"{path}#{request.block}"
    result = analysis.bases.results.get(key)
    if result is None:
        raise UsageError(f"{path} holds no base" + ("" if key == path else f" block {request.block + 1}"))
    view = result.view(request.view)
    if view is None or (request.view and view.view.name.casefold() != request.view.casefold()):
        names = ", ".join(v.view.name for v in result.views) or "none"
        raise UsageError(f"{path} has no view {request.view!r} (its views: {names})")
    for issue in analysis.bases.issues:
        if issue.path == path and issue.kind in ("syntax", "schema"):
            err(f"wikiforge: {path}:{issue.span.line}:{issue.span.column}: {issue.message}")
    out(format_view(result, view, request.output_format))
    return 0
