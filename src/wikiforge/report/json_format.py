"""`--format json`: every finding in DESIGN §3's flat shape, then the summary."""

from __future__ import annotations

import json

from ..analysis import CheckResult
from .options import ReportOptions, display_path, message
from .summary import summary


def format_json(result: CheckResult, options: ReportOptions) -> str:
    diagnostics = [
        d.to_dict() | {"path": display_path(d.path, options), "message": message(d)} for d in result.diagnostics
    ]
    payload = {"diagnostics": diagnostics, "summary": summary(result)}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
