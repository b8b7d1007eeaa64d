"""`wikiforge tiers review`: the quarterly review's pack as text, Markdown or JSON.

One plain structure (`pack_data`) is the JSON and what the text and the Markdown are
written from, so the three never list different clients. Numbers in the JSON are
numbers (a score of 62.5 is 62.5), unknown is null.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..config.tiers import okr_range
from ..core.numbers import plural, show_number
from ..core.printable import printable
from ..load.scope import ScopeError
from ..tiers.model import ClientTier, TierReport
from ..tiers.owners import OwnerLoad
from ..tiers.review import ReviewPack, TierChange, recorded_tier
from .check import Echo, UsageError
from .tiers import json_number, project_config

REVIEW_FORMATS = ("text", "markdown", "json")


@dataclass(frozen=True)
class ReviewRequest:
    path: Path | None = None
    since: str | None = None
    output_format: str = "text"
    output: Path | None = None
    today: dt.date | None = None
    """`--today`, over `[tiers] as_of`."""


def execute(request: ReviewRequest, out: Echo, err: Echo) -> int:
    """Print (or write to `--output`) the review pack; exit 0, or raise ConfigError /
    UsageError (exit 2: no project, a git or revision problem, an unwritable file)."""
    from ..pipeline import tier_review  # on demand: `--help` need not load the stages

    config = project_config(request.path, request.today)
    try:
        pack = tier_review(config, request.since)
    except ScopeError as exc:
        raise UsageError(str(exc)) from exc
    if not pack.report.clients:
        err(f"wikiforge: no client pages (pages with `type: {config.tiers.client_type}`) in {config.content_dir}/")
    data = pack_data(pack)
    text = WRITERS[request.output_format](data)
    if request.output is None:
        out(text)
        return 0
    try:
        request.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {request.output}: {exc.strerror or exc}") from exc
    err(f"wikiforge: wrote the {data['quarter']} review pack to {request.output}")
    return 0


def pack_data(pack: ReviewPack) -> dict[str, Any]:
    """The pack as plain data: the JSON output, and what the others are written from."""
    report = pack.report
    low, high = report.config.okr_objectives
    return {
        "as_of": pack.as_of.isoformat(),
        "quarter": pack.quarter,
        "since": pack.since,
        "basis": report.config.basis,
        "untracked": _untracked(pack),
        "tier_changes": [_change(report, change) for change in pack.changes],
        "overrides": [_override(report, c) for c in pack.overrides],
        "slips": [{**_client(report, c), "highest_tier": c.highest_tier} for c in pack.slips],
        "touchpoints_overdue": [_overdue(report, c) for c in pack.overdue],
        "owners_over_capacity": [_owner(pack, owner) for owner in pack.over_capacity],
        "okr_objectives": {
            "expected": [low, high],
            "clients": [_okrs(report, n.client, n.count) for n in pack.okr_counts],
        },
        "reviews_due": [{**_client(report, c), "last_review": c.operations.last_review} for c in pack.reviews_due],
        "okrs_stale": [_client(report, c) for c in pack.stale_okrs],
    }


UNTRACKED = {
    "touchpoints_overdue": "no tier sets cadence_days",
    "owners_over_capacity": "no tier sets max_accounts_per_owner or account_weight",
    "reviews_due": "[tiers] review_every is not set",
    "okrs_stale": "[tiers] review_every is not set",
}
"""The sections a setting turns on (as WF507-WF510 are), and what is missing without it."""


def _untracked(pack: ReviewPack) -> list[str]:
    """The sections the config does not track, so that "none" is not read as "all well"."""
    config = pack.report.config
    on = {
        "touchpoints_overdue": pack.cadence_set,
        "owners_over_capacity": config.has_capacity,
        "reviews_due": config.review_every is not None,
        "okrs_stale": config.review_every is not None,
    }
    return [key for key, tracked in on.items() if not tracked]


def _nothing(data: dict[str, Any], key: str) -> str:
    """What an empty section says: none, or that it is not tracked and why."""
    return f"not tracked: {UNTRACKED[key]}" if key in data["untracked"] else "none"


def _client(report: TierReport, client: ClientTier) -> dict[str, Any]:
    return {"path": client.path, "title": client.title, "tier": client.tier, "tier_name": _name(report, client.tier)}


def _name(report: TierReport, tier: int | None) -> str | None:
    return report.config.level(tier).label if tier is not None else None


def _change(report: TierReport, change: TierChange) -> dict[str, Any]:
    return {
        **_client(report, change.client),
        "before": change.before,
        "before_name": _name(report, change.before),
        "after": change.after,
        "after_name": _name(report, change.after),
        "score_before": json_number(change.score_before),
        "score": json_number(change.score_after),
        "dimensions": [
            {
                "dimension": part.dimension,
                "field": part.field,
                "weight": json_number(part.weight),
                "value_before": part.value_before,
                "value": part.value_after,
                "points_before": json_number(part.points_before),
                "points": json_number(part.points_after),
            }
            for part in change.dimensions
        ],
    }


def _override(report: TierReport, client: ClientTier) -> dict[str, Any]:
    operations = client.operations
    return {
        **_client(report, client),
        "basis_tier": client.basis_tier,
        "recorded_tier": recorded_tier(client, report),
        "reason": client.data.override_reason,
        "reviewed": operations.override_reviewed,
        "due": operations.override_due,
    }


def _overdue(report: TierReport, client: ClientTier) -> dict[str, Any]:
    operations = client.operations
    last = operations.touchpoints[-1] if operations.touchpoints else None
    return {
        **_client(report, client),
        "last_touchpoint": operations.last_touchpoint,
        "kind": last.kind if last is not None else None,
        "next_due": operations.next_due,
        "days_past_due": report.days_past_due(client),
    }


def _owner(pack: ReviewPack, owner: OwnerLoad) -> dict[str, Any]:
    report = pack.report
    return {
        "owner": pack.owner_name(owner),
        "page": owner.page,
        "load": json_number(owner.load),
        "accounts": [_client(report, client) for client in owner.owned],
        "tipped_by": owner.tipping.path if owner.tipping is not None else None,
    }


def _okrs(report: TierReport, client: ClientTier, count: int) -> dict[str, Any]:
    return {**_client(report, client), "objectives": count}


def write_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_text(data: dict[str, Any]) -> str:
    """Sections of indented lines, each headed with its count; an empty one says none."""
    lines = [_heading(data), ""]
    for title, key, line in _sections(data):
        rows = _rows(data, key)
        lines.append(f"{title} ({len(rows)})")
        for row in rows:
            name, path, tier = _who(row, key)
            first, *more = line(row)
            where = ", ".join(part for part in (path, tier) if part)
            lines.append(printable(f"  {name} ({where}): {first}" if where else f"  {name}: {first}"))
            lines += [printable(f"      {text}") for text in more]
        if not rows:
            lines.append(f"  {_nothing(data, key)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def write_markdown(data: dict[str, Any]) -> str:
    """A document to keep with the review: a heading per section, a list item per
    client or owner, linked to its page from the project's root."""
    lines = [f"# Tier review {data['quarter']}", "", _heading(data) + ".", ""]
    for title, key, line in _sections(data):
        rows = _rows(data, key)
        lines += [f"## {title} ({len(rows)})", ""]
        for row in rows:
            name, path, tier = _who(row, key)
            first, *more = line(row)
            linked = f"[{_escaped(name)}](<{_destination(path)}>)" if path else _escaped(name)
            lines.append(f"- {linked}{f' ({_escaped(tier)})' if tier else ''}: {_escaped(first)}")
            lines += [f"  - {_escaped(text)}" for text in more]
        if not rows:
            lines.append(_nothing(data, key).capitalize() + ".")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


WRITERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "text": write_text,
    "markdown": write_markdown,
    "json": write_json,
}


def _heading(data: dict[str, Any]) -> str:
    against = f"the pages at {data['since']}" if data["since"] else "each client's last recorded review"
    return f"Tier review for {data['quarter']}, as of {data['as_of']}; tier changes against {against}"


Line = Callable[[dict[str, Any]], list[str]]
"""A row's lines: what to say of the client or owner, then any detail lines."""


def _sections(data: dict[str, Any]) -> list[tuple[str, str, Line]]:
    wanted = okr_range(*data["okr_objectives"]["expected"])
    return [
        ("Tier changes", "tier_changes", _change_lines),
        ("Overrides to re-confirm", "overrides", _override_lines),
        ("Slips below the highest tier", "slips", lambda r: [f"highest was Tier {r['highest_tier']}"]),
        ("Touchpoints overdue", "touchpoints_overdue", _overdue_lines),
        ("Owners over capacity", "owners_over_capacity", _owner_lines),
        (f"OKR objectives outside {wanted} for {data['quarter']}", "okr_objectives", _okr_lines),
        ("Tier reviews due", "reviews_due", lambda r: [f"last reviewed {r['last_review'] or 'never'}"]),
        ("OKRs with no progress", "okrs_stale", lambda r: ["no key result of this quarter gives a progress"]),
    ]


def _rows(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data[key]
    rows: list[dict[str, Any]] = value["clients"] if key == "okr_objectives" else value
    return rows


def _who(row: dict[str, Any], key: str) -> tuple[str, str | None, str | None]:
    """Whom a row is about: name, page path and tier (a tier change shows its tiers)."""
    if key == "owners_over_capacity":
        return row["owner"], row["page"], None
    return row["title"], row["path"], None if key == "tier_changes" else row["tier_name"]


def _change_lines(row: dict[str, Any]) -> list[str]:
    before = row["before_name"] or "not a client then"
    lines = [f"{before} → {row['after_name']}{_score_change(row['score_before'], row['score'])}"]
    for part in row["dimensions"]:
        points, weight = _shown(part["points"]), _shown(part["weight"])
        if part["points_before"] is None:
            lines.append(f"{part['dimension']}: {points} of {weight} ({part['field']}: {part['value'] or 'none'})")
        elif part["points_before"] != part["points"]:
            was, value = part["value_before"] or "none", part["value"] or "none"
            lines.append(
                f"{part['dimension']}: {_shown(part['points_before'])} → {points} of {weight} "
                f"({part['field']}: {was} → {value})"
            )
    return lines


def _score_change(before: Any, after: Any) -> str:
    if after is None:
        return ""
    return f", score {_shown(after)}" if before is None else f", score {_shown(before)} → {_shown(after)}"


def _override_lines(row: dict[str, Any]) -> list[str]:
    basis = f"Tier {row['basis_tier']}" if row["basis_tier"] is not None else "no tier"
    confirmed = f"last confirmed {row['reviewed']}" if row["reviewed"] else "never confirmed"
    due = "; due" if row["due"] else ""
    return [f"held there (its basis says {basis}); {confirmed}{due}", f"reason: {row['reason'] or 'none given'}"]


def _overdue_lines(row: dict[str, Any]) -> list[str]:
    if row["last_touchpoint"] is None:
        return ["no touchpoint recorded"]
    kind = f" ({row['kind']})" if row["kind"] else ""
    days = plural(row["days_past_due"], "day")
    return [f"last met {row['last_touchpoint']}{kind}, due {row['next_due']}: {days} past due"]


def _owner_lines(row: dict[str, Any]) -> list[str]:
    accounts = ", ".join(f"{a['title']} (Tier {a['tier']})" for a in row["accounts"])
    return [f"{round(row['load'])}% of one owner's capacity", f"accounts: {accounts}"]


def _okr_lines(row: dict[str, Any]) -> list[str]:
    return [plural(row["objectives"], "objective")]


def _shown(value: Any) -> str:
    """A JSON number as people write it (`62.5`, `75`)."""
    if isinstance(value, float):
        return show_number(Fraction(str(value)))
    return str(value)


def _destination(path: str) -> str:
    """A page path as a link destination between `<` and `>`, which it may not hold bare."""
    return path.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>")


def _escaped(text: str) -> str:
    """Text safe in a Markdown list item: its Markdown characters escaped."""
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in printable(text))
