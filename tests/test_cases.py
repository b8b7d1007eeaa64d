"""Golden fixture cases: `tests/cases/<rule>/<case>/` is a small project (wiki/, raw/,
optional wikiforge.toml) and `expected.txt` holds exactly the diagnostic lines
`wikiforge check` prints for it, in its text format (no summary line). An empty
expected.txt is a passing case: it asserts no finding at all.

Refresh after an intended change: `pytest tests/test_cases.py --update-goldens`,
then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wikiforge.config.settings import load_config
from wikiforge.pipeline import run_check
from wikiforge.report import format_report

CASES = Path(__file__).parent / "cases"
CASE_DIRS = sorted(p.parent for p in CASES.glob("*/*/expected.txt"))


def render(case: Path) -> str:
    result = run_check(load_config(case))
    lines = format_report(result, "concise").splitlines()[:-1]  # drop the summary: it holds a timing
    return "".join(line + "\n" for line in lines)


def test_cases_exist() -> None:
    assert len(CASE_DIRS) >= 20, "the golden cases folder is missing or nearly empty"


@pytest.mark.parametrize("case", CASE_DIRS, ids=[str(p.relative_to(CASES)) for p in CASE_DIRS])
def test_case(case: Path, update_goldens: bool) -> None:
    expected_file = case / "expected.txt"
    actual = render(case)
    if update_goldens:
        expected_file.write_text(actual, encoding="utf-8")
        return
    assert actual == expected_file.read_text(encoding="utf-8")
