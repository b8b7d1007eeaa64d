"""A base's views as HTML: a table (group headers, summaries), cards (with an image when
the view sets one) or a list, a tab bar when there are several views, and a note where
the site draws a view other than Obsidian would (a map or kanban as a table) or where
the base could not be read.

No script is needed: the tab bar links to each view's section, and a table wider than
the page scrolls inside its own box.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from html import escape

from ..bases.run import BaseResult, BasesReport
from ..bases.views import Cell, Column, Group, Row, ViewResult
from .base_cells import CellHtml
from .build_state import digest
from .cards import Card
from .layout import Layout

_SLUG = re.compile(r"[^\w-]+")
_QUOTED = re.compile(r"`([^`]+)`")
_Item = Callable[["CellHtml", tuple[Column, ...], Row], str]
"""Draws one row as a card or a list item."""
_FILE_COLUMNS = ("file.name", "file.basename")
_SEPARATOR = '<span class="base-sep">, </span>'


class BaseDrawer:
    """Draws the project's bases for the pages of one build."""

    def __init__(self, layout: Layout, cards: Mapping[str, Card], report: BasesReport) -> None:
        self.layout = layout
        self.cards = cards
        self.report = report

    def block(self, page: str, number: int, at: str) -> str:
        """The `number`-th base block of `page`, drawn on site file `at`."""
        result = self.report.block(page, number)
        if result is None:
            return ""
        return self.draw(result, at, f"base-{number}")

    def embed(self, page: str, base: str, view: str | None, at: str, key: str) -> str:
        """`![[base#view]]` on `page`: the view named, else the first (as Obsidian)."""
        result = self.report.embedded(page, base)
        if result is None:
            return ""
        chosen = result.view(view)
        return self.draw(result, at, key, only=chosen)

    def draw(self, result: BaseResult, at: str, key: str, only: ViewResult | None = None, title: str = "p") -> str:
        """Every view of `result` (or the one `only`), ids starting with `key`. A view's
        title is element `title`: `h2` on a base's own page; in a page's body, where the
        heading level around it is not known, a paragraph that names its section."""
        cells = self._cells(at)
        views = [only] if only is not None else list(result.views)
        parts = [f'<div class="base" data-base="{escape(result.source.path)}">']
        if result.evaluated:
            when = "at" if result.clock == "time" else "on"
            parts.append(f'<p class="base-note">Evaluated {when} {result.evaluated}, when the site was built.</p>')
        problems = self.problems(result)
        if problems:
            parts.append(problems)
        ids = [f"{key}-{_slug(view.view.name)}-{number}" for number, view in enumerate(views)]
        if len(views) > 1:
            tabs = "".join(
                f'<a href="#{ident}">{escape(view.view.name)}</a>' for ident, view in zip(ids, views, strict=True)
            )
            parts.append(f'<nav class="base-tabs" aria-label="Views">{tabs}</nav>')
        parts.extend(_view(cells, view, ident, title) for ident, view in zip(ids, views, strict=True))
        if not views:
            parts.append('<p class="base-note">This base has no view to show.</p>')
        parts.append("</div>")
        return "\n".join(parts) + "\n"

    def shown(self, result: BaseResult) -> str:
        """What a base shows, as a hash: its views' columns, rows, cells, groups and
        summaries, its problems, and the clock when it reads one. A page drawing it is
        drawn again when this changes, and only then."""
        views = [
            (view.view, view.layout, view.columns, view.matched, [_group_view(g) for g in view.groups], view.summaries)
            for view in result.views
        ]
        return digest(result.source.key, result.this, views, result.evaluated, self.problems(result))

    def problems(self, result: BaseResult) -> str:
        """The errors that stop this base from showing what it should, said in place."""
        path = result.source.path
        found = [
            issue
            for issue in self.report.issues
            if issue.path == path
            and issue.kind in ("syntax", "schema", "unknown-function", "formula-cycle", "undefined-reference")
            and _within(issue.span.line, result)
        ]
        if not found:
            return ""
        items = "".join(
            f"<li>line {issue.span.line}, column {issue.span.column}: {_coded(issue.message)}"
            + (f" (did you mean <code>{escape(issue.suggestion)}</code>?)" if issue.suggestion else "")
            + "</li>"
            for issue in found
        )
        return f'<div class="base-problems" role="note"><p>This base has problems:</p><ul>{items}</ul></div>'

    def _cells(self, at: str) -> CellHtml:
        rows = self.report.rows
        prefix = rows.prefix if rows is not None else ""
        return CellHtml(self.layout, self.cards, at, prefix, rows.resolve if rows is not None else _nowhere)


def _group_view(group: Group) -> tuple[object, ...]:
    return group.key, [(row.path, row.cells, row.image) for row in group.rows], group.summaries


def _nowhere(text: str) -> str | None:
    return None


def _within(line: int, result: BaseResult) -> bool:
    """Whether a finding at `line` is in this base (a page's block is a few lines of it)."""
    source = result.source
    if source.block is None:
        return True
    return source.line <= line < source.line + source.text.count("\n") + 1


def _coded(message: str) -> str:
    """A finding's message as HTML, its `quoted` names as code."""
    return _QUOTED.sub(r"<code>\1</code>", escape(message))


def _slug(name: str) -> str:
    return _SLUG.sub("-", name.strip().lower()).strip("-") or "view"


def _view(cells: CellHtml, result: ViewResult, ident: str, title: str) -> str:
    view = result.view
    count = f"{result.matched:,} result{'' if result.matched == 1 else 's'}"
    shown = len(result.rows)
    if shown < result.matched:
        count += f", first {shown:,} shown"
    parts = [
        f'<section class="base-view base-layout-{result.layout}" id="{ident}" aria-labelledby="{ident}-title">',
        f'<{title} class="base-view-title" id="{ident}-title">{escape(view.name)} '
        f'<span class="base-count">{count}</span></{title}>',
    ]
    if result.layout != view.type:
        parts.append(f'<p class="base-note">{escape(view.type)} views are shown as a table here.</p>')
    heading = "h3" if title == "h2" else "p"  # under the view's title, never skipping a level
    if result.layout == "cards":
        parts.append(_grouped(cells, result, heading, "base-cards", _card))
    elif result.layout == "list":
        parts.append(_grouped(cells, result, heading, "base-list", _list_item))
    else:
        parts.append(_table(cells, result))
    parts.append("</section>")
    return "\n".join(parts)


def _table(cells: CellHtml, result: ViewResult) -> str:
    head = "".join(f'<th scope="col">{escape(column.label)}</th>' for column in result.columns)
    width = len(result.columns)
    bodies = []
    for group in result.groups:
        rows = []
        if group.key is not None:
            label = _group_label(cells, result, group)
            rows.append(f'<tr class="base-group-head"><th colspan="{width}" scope="rowgroup">{label}</th></tr>')
            if group.summaries:
                rows.append(_summary_row(cells, result, group.summaries))
        rows.extend(_table_row(cells, result.columns, row) for row in group.rows)
        bodies.append("<tbody>" + "".join(rows) + "</tbody>")
    foot = ""
    if result.summaries:
        foot = "<tfoot>" + _summary_row(cells, result, result.summaries) + "</tfoot>"
    table = f'<table class="base-table"><thead><tr>{head}</tr></thead>{"".join(bodies)}{foot}</table>'
    return f'<div class="table-scroll" tabindex="0">{table}</div>'


def _table_row(cells: CellHtml, columns: tuple[Column, ...], row: Row) -> str:
    return (
        "<tr>"
        + "".join(f"<td>{_cell(cells, column, row, number)}</td>" for number, column in enumerate(columns))
        + "</tr>"
    )


def _cell(cells: CellHtml, column: Column, row: Row, number: int) -> str:
    """A row's cell; the file's name is a link to the file, as in Obsidian."""
    cell = row.cells[number]
    if column.id in _FILE_COLUMNS and cell.error is None and isinstance(cell.value, str):
        return cells.file(_vault_path(cells, row.path), _name(cell.value))
    return cells.cell(cell)


def _vault_path(cells: CellHtml, path: str) -> str:
    return path[len(cells.prefix) :] if cells.prefix and path.startswith(cells.prefix) else path


def _summary_row(cells: CellHtml, result: ViewResult, summaries: tuple[Cell | None, ...]) -> str:
    """A row of summaries, each named (`SUM 12000`), as Obsidian's summary bar."""
    names = {summary.property: summary.name for summary in result.view.summaries}
    found = []
    for column, summary in zip(result.columns, summaries, strict=True):
        name = names.get(column.id)
        shown = f'<span class="base-summary-name">{escape(name)}</span>{cells.cell(summary)}' if name else ""
        found.append(f"<td>{shown}</td>")
    return '<tr class="base-summaries">' + "".join(found) + "</tr>"


def _group_label(cells: CellHtml, result: ViewResult, group: Group) -> str:
    """A group's heading: the grouping property and the rows' value of it."""
    grouping = result.view.group_by
    name = escape(result.labels.get(grouping.property, "")) if grouping is not None else ""
    value = cells.cell(group.key) or '<span class="muted">(no value)</span>'
    return f"{name}: {value}" if name else value


def _grouped(cells: CellHtml, result: ViewResult, heading: str, kind: str, item: _Item) -> str:
    """Cards or a list: each group's rows as items under the group's title (element
    `heading`), in a `<ul>` of class `kind`."""
    parts = []
    for group in result.groups:
        if group.key is not None:
            parts.append(f'<{heading} class="base-group-title">{_group_label(cells, result, group)}</{heading}>')
        items = "".join(item(cells, result.columns, row) for row in group.rows)
        parts.append(f'<ul class="{kind}">{items}</ul>')
    return "".join(parts)


def _card(cells: CellHtml, columns: tuple[Column, ...], row: Row) -> str:
    image = cells.cell(row.image) if row.image is not None and row.image.value is not None else ""
    cover = f'<div class="base-card-cover">{image}</div>' if image else ""
    title = cells.file(_vault_path(cells, row.path), _name(row.path))
    facts = "".join(
        f"<dt>{escape(column.label)}</dt><dd>{_cell(cells, column, row, number)}</dd>"
        for number, column in enumerate(columns)
        if column.id not in _FILE_COLUMNS
    )
    return f'<li class="base-card">{cover}<p class="base-card-title">{title}</p><dl>{facts}</dl></li>'


def _list_item(cells: CellHtml, columns: tuple[Column, ...], row: Row) -> str:
    shown = [_cell(cells, column, row, number) for number, column in enumerate(columns)]
    first, rest = (shown[0], shown[1:]) if shown else (cells.file(_vault_path(cells, row.path), _name(row.path)), [])
    values = [value for value in rest if value]
    joined = _SEPARATOR.join(values)
    details = f' <span class="base-list-props">{joined}</span>' if values else ""
    return f"<li>{first}{details}</li>"


def _name(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name
