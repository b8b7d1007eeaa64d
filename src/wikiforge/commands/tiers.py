"""`wikiforge tiers`: the tier table, or every client's tier, as text, CSV or JSON.

`pipeline.tier_report`: the load and parse stages of `check`, parsing the bodies of client
pages only (the rest give their frontmatter), then the tier model; nothing is resolved or
linted. CSV and
JSON carry plain values (numbers as numbers, empty for unknown) so the output goes
straight into a spreadsheet or a script.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..config.settings import Config, ConfigError, load_config
from ..config.tiers import basis_problems
from ..core.numbers import show_money, show_percent
from ..core.printable import printable
from ..load.scope import NO_PROJECT, find_root, project_for
from ..tiers import ClientTier, TierReport
from .check import Echo, UsageError

FORMATS = ("table", "csv", "json")
CLIENT_FIELDS = (
    "path",
    "title",
    "tier",
    "tier_name",
    "basis_tier",
    "score",
    "override",
    "override_reason",
    "onboarding_tier",
    "highest_tier",
    "last_review_tier",
    "movement",
    "movement_since_review",
    "slipped",
    "retainer",
    "growth_potential",
    "workstreams",
    "okrs",
)
"""Columns of `--clients` in CSV and keys of its JSON objects, in this order."""


@dataclass(frozen=True)
class TiersRequest:
    path: Path | None = None
    clients: bool = False
    output_format: str = "table"
    basis: str | None = None
    today: dt.date | None = None
    """`--today`, over `[tiers] as_of`: the day the operational data is judged by."""


def execute(request: TiersRequest, out: Echo, err: Echo) -> int:
    """Print the tiers; exit 0, or raise ConfigError / UsageError (exit 2)."""
    from ..pipeline import tier_report  # on demand: `wikiforge --help` need not load the stages

    config = _with_basis(project_config(request.path, request.today), request.basis)
    report = tier_report(config)
    if not report.clients:
        err(f"wikiforge: no client pages (pages with `type: {config.tiers.client_type}`) in {config.content_dir}/")
    if request.clients:
        out(_clients(report, request.output_format))
    else:
        out(_summary(report, request.output_format))
    return 0


def project_config(path: Path | None, today: dt.date | None) -> Config:
    """The config of the project PATH names (default: the nearest one upward), for a run
    that takes `today` as today when given."""
    root = project_for(path) if path is not None else find_root(Path.cwd())
    if root is None:
        raise UsageError(NO_PROJECT)
    config = load_config(root)
    return config.dated(today) if today is not None else config


def _with_basis(config: Config, basis: str | None) -> Config:
    """The config with `--basis` in place of `[tiers] basis`, checked like the config."""
    if basis is None or basis == config.tiers.basis:
        return config
    tiers = replace(config.tiers, basis=basis)
    problems = basis_problems(tiers)
    if problems:
        raise ConfigError(f"{config.source} with --basis {basis}", problems)
    return replace(config, tiers=tiers)


def _summary(report: TierReport, output_format: str) -> str:
    config = report.config
    rows = [
        {
            "tier": summary.level.number,
            "name": summary.level.name,
            "clients": summary.count,
            "share": json_number(summary.share),
            "target_share": json_number(summary.level.target_share),
            "retainer_total": json_number(summary.retainer_total),
            "retainer_average": json_number(summary.retainer_average),
        }
        for summary in report.summaries
    ]
    if output_format == "json":
        data = {
            "basis": config.basis,
            "clients": len(report.clients),
            "untiered": [c.path for c in report.untiered],
            "overrides": len(report.overrides),
            "override_share": json_number(report.override_share),
            "override_limit": json_number(config.override_share),
            "tiers": rows,
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output_format == "csv":
        return _csv(list(rows[0]) if rows else [], rows)
    table = [
        [
            summary.level.label,
            str(summary.count),
            _percent(summary.share),
            _percent(summary.level.target_share),
            show_money(summary.retainer_total, config.currency) or "",
            show_money(summary.retainer_average, config.currency) or "",
        ]
        for summary in report.summaries
    ]
    lines = _aligned(["Tier", "Clients", "Share", "Target", "Retainer", "Average"], table, right_from=1)
    lines.append("")
    lines.append(_totals(report))
    return "\n".join(lines) + "\n"


def _totals(report: TierReport) -> str:
    config = report.config
    parts = [f"{len(report.clients)} clients by {config.basis}"]
    if report.untiered:
        parts.append(f"{len(report.untiered)} without a tier (see `wikiforge check --select WF501`)")
    overrides = f"{len(report.overrides)} override{'s' if len(report.overrides) != 1 else ''}"
    if report.override_share is not None:
        overrides += f" ({_percent(report.override_share)}, limit {_percent(config.override_share)})"
    parts.append(overrides)
    slipped = sum(1 for c in report.clients if c.slipped)
    parts.append(f"{slipped} slipped below their highest tier")
    return "; ".join(parts) + "."


def _clients(report: TierReport, output_format: str) -> str:
    rows = [_client_row(report, client) for client in report.clients]
    if output_format == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if output_format == "csv":
        flat = [{**row, "workstreams": ";".join(row["workstreams"])} for row in rows]
        return _csv(list(CLIENT_FIELDS), flat)
    table = [
        [
            _tier_text(row["tier"]) + ("*" if row["override"] is not None else ""),
            row["title"],
            "" if row["score"] is None else str(row["score"]),
            _tier_text(row["basis_tier"]),
            f"{_tier_text(row['onboarding_tier']) or '?'} → {_tier_text(row['tier']) or '?'}",
            _tier_text(row["highest_tier"]),
            (row["movement"] or "") + (" (slipped)" if row["slipped"] else ""),
            show_money(client.retainer, report.config.currency) or "",
        ]
        for client, row in zip(report.clients, rows, strict=True)
    ]
    headers = ["Tier", "Client", "Score", "Basis", "Onboarding → now", "Highest", "Movement", "Retainer"]
    lines = _aligned(headers, table, right_from=None, right={2, 7})
    if report.overrides:
        lines += ["", "* tier_override; `wikiforge tiers --clients --format csv` gives the reasons."]
    return "\n".join(lines) + "\n"


def _client_row(report: TierReport, client: ClientTier) -> dict[str, Any]:
    level = report.config.level(client.tier) if client.tier is not None else None
    return {
        "path": client.path,
        "title": client.title,
        "tier": client.tier,
        "tier_name": level.name if level else None,
        "basis_tier": client.basis_tier,
        "score": json_number(client.score.total) if client.score is not None else None,
        "override": client.override,
        "override_reason": client.data.override_reason,
        "onboarding_tier": client.onboarding_tier,
        "highest_tier": client.highest_tier,
        "last_review_tier": client.last_review_tier,
        "movement": client.movement,
        "movement_since_review": client.movement_since_review,
        "slipped": client.slipped,
        "retainer": json_number(client.retainer),
        "growth_potential": client.growth,
        "workstreams": list(client.workstreams),
        "okrs": len(client.data.objectives),
    }


def _csv(fields: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    """A CSV cell: empty for unknown, `true`/`false` as in the JSON, text printable."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return printable(value) if isinstance(value, str) else value


def _aligned(
    headers: list[str], rows: list[list[str]], right_from: int | None, right: set[int] | None = None
) -> list[str]:
    """Columns padded to their widest cell; numbers right-aligned."""
    columns = range(len(headers))
    right = right if right is not None else set(columns[right_from:] if right_from is not None else ())
    widths = [max(len(printable(row[i])) for row in [headers, *rows]) for i in columns]

    def line(cells: list[str]) -> str:
        cells = [printable(cell) for cell in cells]
        padded = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(cells)]
        return "  ".join(padded).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(row) for row in rows)]


def json_number(value: Fraction | None) -> int | float | None:
    """A Fraction as JSON wants it: an int when whole, else a float to two decimals."""
    if value is None:
        return None
    return value.numerator if value.denominator == 1 else round(float(value), 2)


def _percent(value: Fraction | None) -> str:
    return "" if value is None else show_percent(value)


def _tier_text(tier: int | None) -> str:
    return "" if tier is None else str(tier)
