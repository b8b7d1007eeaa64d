"""Golden cases of the Bases expression language, read as data from
`tests/bases_expressions/*.yaml`: one file per value type, most cases the help vault's
own examples with the results it states.

An entry has `expr` and one expected outcome:
- `expect`: the value, in the plain form `describe` gives (a date is `{date: …}`);
- `display`: the text a cell shows for the value;
- `error`: a substring of the `BasesValueError` message, with `at: [start, end]`;
- `syntax_error`: a substring of the `BasesSyntaxError` message, with `at`;
- `references` (in references.yaml): the static facts, and `unknown` names.
Optional context: `note` (frontmatter), `file` and `this` (FileInfo fields), `files`
(the vault, for link resolution and `lookup`), `formulas`, `now` (default
2025-05-27 10:30:00, never the wall clock).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from wikiforge.bases.display import display
from wikiforge.bases.evaluate import evaluate, evaluate_formula
from wikiforge.bases.parser import parse
from wikiforge.bases.references import references, unknown_functions
from wikiforge.bases.regex import Regex
from wikiforge.bases.registry import KNOWN_FIELDS, KNOWN_GLOBALS, KNOWN_METHODS
from wikiforge.bases.scope import BasesValueError, Scope
from wikiforge.bases.syntax import BasesSyntaxError
from wikiforge.bases.values import Date, Duration, FileInfo, Html, Icon, Image, Link

CASES = Path(__file__).parent / "bases_expressions"
NOW = dt.datetime(2025, 5, 27, 10, 30)


def load_cases(*skip: str) -> list[Any]:
    """Every case of every YAML file but `skip`, with a readable id."""
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        if path.stem in skip:
            continue
        for number, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            label = case.get("expr") or case.get("summary") or case.get("summary_formula")
            found.append(pytest.param(case, id=f"{path.stem}-{number}-{label}"))
    return found


def describe(value: Any) -> Any:
    """A value in plain YAML terms, so expectations read like the help's examples."""
    if isinstance(value, list):
        return [describe(item) for item in value]
    if isinstance(value, dict):
        return {key: describe(item) for key, item in value.items()}
    if isinstance(value, Date):
        if value.has_time:
            return {"datetime": value.moment.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3].removesuffix(".000")}
        return {"date": value.moment.strftime("%Y-%m-%d")}
    if isinstance(value, Duration):
        return {"duration": [value.months, value.milliseconds]}
    if isinstance(value, Link):
        described = {"link": value.target, "path": value.path}
        return described | ({"display": describe(value.display)} if value.display is not None else {})
    if isinstance(value, FileInfo):
        return {"file": value.path}
    if isinstance(value, Regex):
        return {"regexp": f"/{value.source}/{value.flags}"}
    kinds = {Image: ("image", "source"), Icon: ("icon", "name"), Html: ("html", "markup")}
    if type(value) in kinds:
        kind, attribute = kinds[type(value)]
        return {kind: getattr(value, attribute)}
    return value


def file_info(fields: dict[str, Any]) -> FileInfo:
    """A FileInfo from a case's plain fields (tuples written as lists)."""
    values: dict[str, Any] = {key: tuple(item) if isinstance(item, list) else item for key, item in fields.items()}
    return FileInfo(**values)


def make_scope(case: dict[str, Any]) -> Scope:
    """The row a case describes; its vault resolves links by path, path without `.md`,
    or file name without extension, as the wiki's resolver would."""
    vault = {info.path: info for info in map(file_info, case.get("files", []))}
    row = file_info(case["file"]) if "file" in case else FileInfo("notes/row.md", properties=case.get("note", {}))
    vault.setdefault(row.path, row)

    def resolve(text: str) -> str | None:
        for path, info in vault.items():
            if text in (path, path.removesuffix(".md"), info.name, info.basename):
                return path
        return None

    return Scope(
        now=case.get("now", NOW),
        note=case.get("note", {}),
        file=row,
        this=file_info(case["this"]) if "this" in case else None,
        formulas={name: parse(source) for name, source in case.get("formulas", {}).items()},
        resolve=resolve,
        lookup=vault.get,
    )


def run(case: dict[str, Any]) -> Any:
    scope = make_scope(case)
    if "formula" in case:
        return evaluate_formula(case["formula"], scope)
    return evaluate(parse(case["expr"]), scope)


@pytest.mark.parametrize("case", load_cases("references", "summaries"))
def test_expression(case: dict[str, Any]) -> None:
    if "syntax_error" in case:
        with pytest.raises(BasesSyntaxError) as raised:
            parse(case["expr"])
        assert case["syntax_error"] in raised.value.message
        assert [raised.value.start, raised.value.end] == case["at"]
    elif "error" in case:
        with pytest.raises(BasesValueError) as failed:
            run(case)
        assert case["error"] in failed.value.message
        assert [failed.value.start, failed.value.end] == case["at"]
    elif "display" in case:
        assert display(run(case)) == case["display"]
    else:
        assert describe(run(case)) == case["expect"]


def _facts(case: dict[str, Any]) -> dict[str, Any]:
    facts = references(parse(case["expr"]), case.get("locals", ()))
    found: dict[str, Any] = {"uses_this": facts.uses_this}
    for kind in ("properties", "file_fields", "formulas", "functions", "methods"):
        found[kind] = [[ref.name, ref.start, ref.end] for ref in getattr(facts, kind)]
    return found


@pytest.mark.parametrize("case", load_cases(*{path.stem for path in CASES.glob("*.yaml")} - {"references"}))
def test_references(case: dict[str, Any]) -> None:
    expected = case["references"]
    found = _facts(case)
    assert {kind: found[kind] for kind in expected} == expected
    unknown = [[item.kind, item.name, item.suggestion] for item in unknown_functions(parse(case["expr"]))]
    assert unknown == case.get("unknown", [])


def test_a_formula_is_computed_once_per_row() -> None:
    scope = make_scope({"formulas": {"r": "random()", "twice": "[formula.r, formula.r]"}})
    first, second = evaluate_formula("twice", scope)
    assert first == second == evaluate_formula("r", scope)


def test_random_is_stable_across_builds_and_differs_between_rows() -> None:
    expr = parse("random()")
    one = evaluate(expr, make_scope({"file": {"path": "a.md"}}))
    assert one == evaluate(expr, make_scope({"file": {"path": "a.md"}}))
    assert one != evaluate(expr, make_scope({"file": {"path": "b.md"}}))
    assert 0 <= one < 1


def test_every_function_method_and_field_has_a_golden_case() -> None:
    written = "\n".join(path.read_text(encoding="utf-8") for path in CASES.glob("*.yaml"))
    missing = [f"{name}()" for name in sorted(KNOWN_GLOBALS) if f"{name}(" not in written]
    missing += [
        f".{name}()" for names in KNOWN_METHODS.values() for name in sorted(names) if f".{name}(" not in written
    ]
    missing += [f".{name}" for names in KNOWN_FIELDS.values() for name in sorted(names) if f".{name}" not in written]
    assert missing == []


_PIECES = [
    *"abxyz0129._,()[]{}\"'\\/+-*%!=<>&| é",
    "value",
    "file",
    "note",
    "this",
    "formula",
    "if(",
    ".map(",
    ".sort()",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_any_text_parses_or_fails_with_located_errors(source: str) -> None:
    """Whatever is written, parsing either succeeds or raises a BasesSyntaxError inside
    the source, and evaluating raises nothing but a BasesValueError inside it too."""
    try:
        expr = parse(source)
    except BasesSyntaxError as error:
        assert 0 <= error.start <= error.end <= len(source)
        return
    try:
        evaluate(expr, make_scope({"note": {"a": [1, "x"], "b": 2.5, "x": {"y": None}}}))
    except BasesValueError as error:
        assert 0 <= error.start <= error.end <= len(source)
