"""A base's view as text for people and scripts: an aligned table, CSV for
spreadsheets, JSON for programs (`wikiforge base`).

Values are written as a view shows them (`bases.display`): dates as `2025-05-27`, lists
joined by ", ", links by their text. JSON keeps their kinds: numbers, booleans, null,
lists, objects, a date as its ISO text, a link or file as its vault path (or the text
written, when it leads nowhere), and an error as `{"error": message}`.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..bases.display import display
from ..bases.run import BaseResult
from ..bases.values import Date, FileInfo, Link
from ..bases.views import Cell, ViewResult

BASE_FORMATS = ("table", "csv", "json")


def format_view(result: BaseResult, view: ViewResult, output_format: str) -> str:
    """`view` of `result` as `output_format` (one of BASE_FORMATS)."""
    if output_format == "csv":
        return _csv(view)
    if output_format == "json":
        return _json(result, view)
    return _table(result, view)


def _text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    if cell.error is not None:
        return f"Error: {cell.error}"
    return display(cell.value)


def _csv(view: ViewResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(column.label for column in view.columns)
    for row in view.rows:
        writer.writerow(_text(cell) for cell in row.cells)
    return buffer.getvalue()


def _table(result: BaseResult, view: ViewResult) -> str:
    """Columns padded to their widest value; a line per group heading, then the group's
    summaries (at the top of the group, as Obsidian shows them), the view's last."""
    header = [column.label for column in view.columns]
    lines: list[list[str] | str | tuple[str, ...]] = []
    for group in view.groups:
        if group.key is not None:
            label = view.labels.get(view.view.group_by.property, "") if view.view.group_by else ""
            lines.append(f"{label}: {_text(group.key) or '(no value)'}")
            if group.summaries:
                lines.append(_summary_line(view, group.summaries))
        lines.extend([_text(cell) for cell in row.cells] for row in group.rows)
    widths = [len(name) for name in header]
    for line in lines:
        if isinstance(line, list):
            widths = [max(width, len(value)) for width, value in zip(widths, line, strict=True)]
    if view.summaries:
        lines.append(_summary_line(view, view.summaries))
    out = [_padded(header, widths), _padded(["-" * width for width in widths], widths)]
    for line in lines:
        if isinstance(line, str):
            out.append(line)
        else:
            out.append(_padded(list(line), [max(w, len(s)) for w, s in zip(widths, line, strict=True)]))
    shown = len(view.rows)
    tail = f"{view.matched:,} result{'' if view.matched == 1 else 's'}" + (
        f", first {shown:,} shown" if shown < view.matched else ""
    )
    if result.evaluated:
        tail += f"; evaluated {'at' if result.clock == 'time' else 'on'} {result.evaluated}"
    return "\n".join([f"{view.view.name} ({result.source.key})", *out, tail]) + "\n"


def _summary_line(view: ViewResult, summaries: tuple[Cell | None, ...]) -> tuple[str, ...]:
    """Each column's summary as `Name value` ("" for a column with none)."""
    names = {summary.property: summary.name for summary in view.view.summaries}
    return tuple(
        f"{names[c.id]} {_text(s)}" if c.id in names else "" for c, s in zip(view.columns, summaries, strict=True)
    )


def _padded(values: list[str], widths: list[int]) -> str:
    return "  ".join(value.ljust(width) for value, width in zip(values, widths, strict=True)).rstrip()


def _json(result: BaseResult, view: ViewResult) -> str:
    columns = [{"id": column.id, "label": column.label} for column in view.columns]
    groups = []
    for group in view.groups:
        rows = [
            {"path": row.path, "cells": {c.id: _plain(cell) for c, cell in zip(view.columns, row.cells, strict=True)}}
            for row in group.rows
        ]
        groups.append(
            {
                "key": _plain(group.key) if group.key is not None else None,
                "rows": rows,
                "summaries": _summaries(view, group.summaries),
            }
        )
    document: dict[str, Any] = {
        "base": result.source.key,
        "view": view.view.name,
        "type": view.view.type,
        "columns": columns,
        "matched": view.matched,
        "groups": groups,
        "summaries": _summaries(view, view.summaries),
        "evaluated": result.evaluated or None,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _summaries(view: ViewResult, summaries: tuple[Cell | None, ...]) -> dict[str, Any]:
    return {c.id: _plain(s) for c, s in zip(view.columns, summaries, strict=False) if s is not None}


def _plain(cell: Cell) -> Any:
    if cell.error is not None:
        return {"error": cell.error}
    return _json_value(cell.value)


def _json_value(value: object) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if value != value or abs(value) == float("inf"):
            return display(value)  # NaN and Infinity, which JSON has no number for
        return int(value) if value.is_integer() else value  # as the cell shows it: 120500, not 120500.0
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    if isinstance(value, Date):
        return value.moment.isoformat() if value.has_time else value.moment.date().isoformat()
    if isinstance(value, Link):
        return value.path or value.target
    if isinstance(value, FileInfo):
        return value.path
    return display(value)
