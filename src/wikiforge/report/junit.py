"""`--format junit`: JUnit XML, so CI test dashboards list each page as a test case.

A page fails when it has an error (or, with `strict`, a warning); its failure text lists
all its findings in the concise format. A page whose findings do not fail keeps them in
`<system-out>`, where they stay visible without turning the run red.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from ..analysis import CheckResult
from ..core.diagnostic import Diagnostic, Severity
from ..core.numbers import plural
from .concise import concise_line
from .options import ReportOptions, display_path

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold at all, even escaped; they become U+FFFD."""


def format_junit(result: CheckResult, options: ReportOptions) -> str:
    by_path: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in result.diagnostics:
        by_path[d.path].append(d)
    paths = sorted(set(result.checked) | set(by_path))
    failing = {Severity.ERROR, Severity.WARNING} if options.strict else {Severity.ERROR}
    failures = sum(1 for p in paths if any(d.severity in failing for d in by_path[p]))
    counts = {"tests": str(len(paths)), "failures": str(failures), "errors": "0", "skipped": "0"}
    seconds = f"{result.seconds:.3f}"
    suites = ET.Element("testsuites", {"name": "wikiforge", **counts, "time": seconds})
    suite = ET.SubElement(suites, "testsuite", {"name": "wikiforge check", **counts, "time": seconds})
    for path in paths:
        _testcase(suite, path, by_path[path], failing, options)
    ET.indent(suites)
    xml = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n"


def _testcase(
    suite: ET.Element, path: str, findings: list[Diagnostic], failing: set[Severity], options: ReportOptions
) -> None:
    shown = display_path(path, options)
    case = ET.SubElement(suite, "testcase", {"classname": "wikiforge", "name": _xml(shown), "file": _xml(shown)})
    if not findings:
        return
    text = _xml("\n".join(concise_line(d, options) for d in findings))
    if any(d.severity in failing for d in findings):
        codes = ",".join(sorted({d.code for d in findings}))
        failure = ET.SubElement(case, "failure", {"message": plural(len(findings), "finding"), "type": codes})
        failure.text = text
    else:
        ET.SubElement(case, "system-out").text = text


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
