"""Output formats for `wikiforge check`: text for people, machine formats for CI.

`text` quotes the source under each finding, `concise` is one line per finding (the
rules' golden cases use it), `json` is DESIGN §3's record, `github` annotates a pull
request, `sarif` feeds code-scanning dashboards and `junit` test dashboards.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..analysis import CheckResult
from .options import DEFAULT_OPTIONS, ReportOptions
from .statistics import format_statistics
from .summary import summary

__all__ = ["FORMATS", "ReportOptions", "format_report", "format_statistics", "summary"]

Formatter = Callable[[CheckResult, ReportOptions], str]

_FORMATTERS: dict[str, tuple[str, str]] = {
    "text": ("text", "format_text"),
    "concise": ("concise", "format_concise"),
    "json": ("json_format", "format_json"),
    "github": ("github", "format_github"),
    "sarif": ("sarif", "format_sarif"),
    "junit": ("junit", "format_junit"),
}
"""Each format's module and function, imported when asked for: SARIF embeds every
rule's documentation, and a plain report should not load the rules to print."""

FORMATS: tuple[str, ...] = tuple(_FORMATTERS)


def format_report(result: CheckResult, fmt: str, options: ReportOptions = DEFAULT_OPTIONS) -> str:
    """The whole report in format `fmt` (one of FORMATS), ending with a newline."""
    try:
        module, name = _FORMATTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    formatter: Formatter = getattr(import_module(f".{module}", __name__), name)
    return formatter(result, options)
