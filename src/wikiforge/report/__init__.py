"""Output formats for `wikiforge check`: text for people, machine formats for CI.

`text` quotes the source under each finding, `concise` is one line per finding (the
rules' golden cases use it), `json` is DESIGN §3's record, `github` annotates a pull
request, `sarif` feeds code-scanning dashboards and `junit` test dashboards.
"""

from __future__ import annotations

from collections.abc import Callable

from ..analysis import CheckResult
from .concise import format_concise
from .github import format_github
from .json_format import format_json
from .junit import format_junit
from .options import DEFAULT_OPTIONS, ReportOptions
from .sarif import format_sarif
from .statistics import format_statistics
from .summary import summary
from .text import format_text

__all__ = ["FORMATS", "ReportOptions", "format_report", "format_statistics", "summary"]

Formatter = Callable[[CheckResult, ReportOptions], str]

_FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "concise": format_concise,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
    "junit": format_junit,
}

FORMATS: tuple[str, ...] = tuple(_FORMATTERS)


def format_report(result: CheckResult, fmt: str, options: ReportOptions = DEFAULT_OPTIONS) -> str:
    """The whole report in format `fmt` (one of FORMATS), ending with a newline."""
    try:
        formatter = _FORMATTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return formatter(result, options)
