"""`--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, IDEs).

Every registered rule is described, not only those found, so a dashboard can show a rule's
documentation the first time it fires. Locations are relative URIs against `%SRCROOT%`,
as GitHub code scanning requires; columns count code points, which the run declares.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..analysis import CheckResult
from ..core.diagnostic import Diagnostic, Severity
from ..core.fingerprint import fingerprints
from ..lint.rules import Rule, all_rules
from .options import ReportOptions, disk_path, hint, message

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/wikiforge/wikiforge"
FINGERPRINT_KEY = "wikiforge/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def format_sarif(result: CheckResult, options: ReportOptions) -> str:
    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
    results = [
        _result(d, fingerprint, index, options)
        for d, fingerprint in zip(result.diagnostics, fingerprints(result.diagnostics), strict=True)
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "wikiforge",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(rule) for rule in rules],
            }
        },
        "invocations": [{"executionSuccessful": True}],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": _source_root(result, options).as_uri().rstrip("/") + "/"}}
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _uri_options(options: ReportOptions) -> ReportOptions:
    """Artifact URIs must not climb out of %SRCROOT%: when the command runs inside the
    project (base `../..`), they are written from the project root instead."""
    return replace(options, base="") if options.base.startswith("..") else options


def _source_root(result: CheckResult, options: ReportOptions) -> Path:
    """The folder artifact URIs are relative to: the current one when the project lies
    below it (base `docs`), else the project root."""
    root = result.root.resolve()
    base = _uri_options(options).base
    return root.joinpath(*[".."] * len(PurePosixPath(base).parts)).resolve() if base else root


def pascal_case(name: str) -> str:
    """`broken-link` → `BrokenLink`: SARIF wants a rule name that reads as an identifier."""
    return "".join(part.capitalize() for part in name.split("-"))


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": pascal_case(rule.name),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def _result(d: Diagnostic, fingerprint: str, index: dict[str, int], options: ReportOptions) -> dict[str, Any]:
    span = d.span
    location = {
        "physicalLocation": {
            "artifactLocation": {
                "uri": quote(disk_path(d.path, _uri_options(options)), errors="surrogateescape"),
                "uriBaseId": "%SRCROOT%",
            },
            "region": {
                "startLine": span.line,
                "startColumn": span.column,
                "endLine": span.end_line,
                "endColumn": span.end_column,
            },
        }
    }
    result: dict[str, Any] = {"ruleId": d.code}
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    result |= {
        "level": LEVELS[d.severity],
        "message": {"text": message(d) + hint(d)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    return result
