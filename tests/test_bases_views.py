"""Golden cases of the Bases view engine, read as data from `tests/bases_views/*.yaml`:
each case is a small wiki (`files`: project path → text), evaluated through the real
pipeline as of `today` (default 2025-05-27), and what its bases show.

A case has:
- `files`: the project, pages with frontmatter, `.base` files, attachments;
- `results`: by result key (a `.base` file's project path, or `page.md#N` for a page's
  N-th block, 0-based), by view name, the expected view (below); every key and every
  view must be listed;
- `embeds` (optional): by embedding page, by `.base` file, the same (compared as a
  whole set of (page, base) pairs when given);
- `xfail` (optional): why the case fails: a known difference from Obsidian's help,
  kept as the case that will pass once it is fixed (strict: a pass fails the run);
- `issues` (optional): every finding the bases stage reports, as `kind line:col message`
  (all for the case's bases; `[]` says there are none).

A view is compared on the keys it gives, of: `layout`, `type`, `columns` (the labels),
`ids` (the column ids), `matched` (rows before the limit), `rows` (each `[path, cell, …]`
in view order across groups), `groups` (each `{key, rows, summaries}`, compared on the keys given), `summaries` (by
column id, over every row shown) and `images` (a cards view's image per row). A cell is
its display text, `error: MESSAGE` when it holds an error; a group key is its text, or
null for the group of rows without a value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import write_wiki
from wikiforge.bases.display import display
from wikiforge.bases.run import BaseResult
from wikiforge.bases.views import Cell, Group, ViewResult
from wikiforge.config.settings import load_config
from wikiforge.pipeline import analyse

CASES = Path(__file__).parent / "bases_views"
TODAY = dt.date(2025, 5, 27)
VIEW_KEYS = {"layout", "type", "columns", "ids", "matched", "rows", "groups", "summaries", "images"}


def load_cases() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            if "shared" in case:
                continue  # files other cases merge in (`<<: *anchor`)
            marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
            found.append(pytest.param(case, id=f"{path.stem}-{case['name']}", marks=marks))
    return found


def text(cell: Cell | None) -> str | None:
    """A cell as a case writes it."""
    if cell is None:
        return None
    if cell.error is not None:
        return f"error: {cell.error}"
    return display(cell.value)


def written(value: Any) -> Any:
    """An expected cell as text: YAML reads `10` and `true` as a number and a boolean."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [written(item) for item in value]
    if isinstance(value, dict):
        return {key: written(item) for key, item in value.items()}
    return value if value is None else str(value)


def row_texts(group: Group) -> list[list[str | None]]:
    return [[row.path, *(text(cell) for cell in row.cells)] for row in group.rows]


def group_key(group: Group) -> str | None:
    """A group's key as text; None for the group of rows without a value."""
    if group.key is None or (group.key.value is None and group.key.error is None):
        return None
    return text(group.key)


def summary_texts(view: ViewResult, summaries: tuple[Cell | None, ...]) -> dict[str, str | None]:
    return {column.id: text(cell) for column, cell in zip(view.columns, summaries, strict=False) if cell is not None}


def describe_view(view: ViewResult) -> dict[str, Any]:
    """Everything a case may say of a view, in its terms."""
    return {
        "layout": view.layout,
        "type": view.view.type,
        "columns": [column.label for column in view.columns],
        "ids": [column.id for column in view.columns],
        "matched": view.matched,
        "rows": [row for group in view.groups for row in row_texts(group)],
        "groups": [
            {
                "key": group_key(group),
                "rows": row_texts(group),
                "summaries": summary_texts(view, group.summaries),
            }
            for group in view.groups
        ],
        "summaries": summary_texts(view, view.summaries),
        "images": [text(row.image) for row in view.rows],
    }


def check_result(where: str, result: BaseResult, expected: dict[str, Any]) -> None:
    got = {view.view.name: describe_view(view) for view in result.views}
    assert sorted(got) == sorted(expected), f"{where}: views"
    for name, want in expected.items():
        assert set(want) <= VIEW_KEYS, f"{where} {name}: unknown keys {set(want) - VIEW_KEYS}"
        shown = {key: got[name][key] for key in want}
        if "groups" in want and len(want["groups"]) == len(shown["groups"]):
            shown["groups"] = [
                {key: group[key] for key in wanted_group}
                for group, wanted_group in zip(shown["groups"], want["groups"], strict=True)
            ]
        wanted = {key: value if key in ("matched", "layout", "type") else written(value) for key, value in want.items()}
        for key in want:
            assert shown[key] == wanted[key], f"{where}, view {name!r}: {key}"


@pytest.mark.parametrize("case", load_cases())
def test_view(case: dict[str, Any], tmp_path: Path) -> None:
    root = write_wiki(tmp_path, case["files"])
    today = case.get("today", TODAY)
    analysis = analyse(replace(load_config(root), today=today))
    bases = analysis.bases
    assert sorted(bases.results) == sorted(case["results"]), "result keys"
    for key, views in case["results"].items():
        check_result(key, bases.results[key], views)
    if "embeds" in case:
        wanted = {(page, base) for page, by_base in case["embeds"].items() for base in by_base}
        assert set(bases.embeds) == wanted, "embedding pages"
        for page, by_base in case["embeds"].items():
            for base, views in by_base.items():
                check_result(f"{base} in {page}", bases.embeds[(page, base)], views)
    if "issues" in case:
        found = [f"{issue.kind} {issue.span.line}:{issue.span.column} {issue.message}" for issue in bases.issues]
        assert found == case["issues"]
