"""`--statistics`: how many findings each rule produced, most frequent first (as ruff)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..analysis import CheckResult


@dataclass(frozen=True)
class RuleCount:
    code: str
    name: str
    count: int
    fixable: bool
    """Whether any of these findings has a safe fix, i.e. `--fix` would repair some."""


def rule_counts(result: CheckResult) -> list[RuleCount]:
    counts: dict[tuple[str, str], int] = {}
    fixable: set[str] = set()
    for d in result.diagnostics:
        counts[d.code, d.rule] = counts.get((d.code, d.rule), 0) + 1
        if d.fix is not None and d.fix.safe:
            fixable.add(d.code)
    rows = [RuleCount(code, name, n, code in fixable) for (code, name), n in counts.items()]
    return sorted(rows, key=lambda r: (-r.count, r.code))


def format_statistics(result: CheckResult, as_json: bool = False) -> str:
    """`  12  WF101  broken-link  [*]` lines (`[*]`: `--fix` can repair some), or a JSON list.

    No findings gives "" (text) or "[]" (JSON).
    """
    rows = rule_counts(result)
    if as_json:
        data = [{"code": r.code, "name": r.name, "count": r.count, "fixable": r.fixable} for r in rows]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if not rows:
        return ""
    count_width = max(4, *(len(str(r.count)) for r in rows))
    name_width = max(len(r.name) for r in rows)
    lines = [
        f"{r.count:>{count_width}}  {r.code}  {r.name:<{name_width}}  {'[*]' if r.fixable else ''}".rstrip()
        for r in rows
    ]
    return "\n".join(lines) + "\n"
