"""Golden cases of the Bases summaries, read from `tests/bases_expressions/summaries.yaml`:
each built-in summary by name over a column's values, and custom summary formulas with
`values` bound to the column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from test_bases_expressions import describe
from wikiforge.bases.evaluate import evaluate
from wikiforge.bases.parser import parse
from wikiforge.bases.scope import BasesValueError, Scope
from wikiforge.bases.summaries import SUMMARY_NAMES, summarise, summarise_formula
from wikiforge.bases.values import from_yaml

CASES = yaml.safe_load((Path(__file__).parent / "bases_expressions" / "summaries.yaml").read_text(encoding="utf-8"))
NOW = dt.datetime(2025, 5, 27, 10, 30)


def _id(case: dict[str, Any]) -> str:
    return str(case.get("summary") or case.get("summary_formula"))


@pytest.mark.parametrize("case", CASES, ids=[f"{number}-{_id(case)}" for number, case in enumerate(CASES)])
def test_summary(case: dict[str, Any]) -> None:
    values = [from_yaml(raw) for raw in case["values"]]
    if "summary" in case:
        assert describe(summarise(case["summary"], values)) == case["expect"]
        return
    expr = parse(case["summary_formula"])
    if "error" in case:
        with pytest.raises(BasesValueError) as failed:
            summarise_formula(expr, values, Scope(now=NOW))
        assert case["error"] in failed.value.message
        assert [failed.value.start, failed.value.end] == case["at"]
    else:
        assert describe(summarise_formula(expr, values, Scope(now=NOW))) == case["expect"]


def test_every_summary_the_help_lists_has_a_case() -> None:
    assert {case["summary"] for case in CASES if "summary" in case} == set(SUMMARY_NAMES)


def test_values_shadows_a_note_property_only_in_the_summary() -> None:
    scope = Scope(now=NOW, note={"values": [100]})
    assert summarise_formula(parse("values.length"), [1, 2, 3], scope) == 3
    assert evaluate(parse("values.length"), scope) == 1


def test_an_unknown_summary_name_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        summarise("Mean", [1])
