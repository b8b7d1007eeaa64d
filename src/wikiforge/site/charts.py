"""Geometry of the tier charts: numbers for the templates to draw as inline SVG.

The templates hold the markup (so a project can restyle or replace a chart); this module
only decides where things go. Horizontal positions are percentages of the chart's width
and vertical ones are pixels, with no `viewBox`: the chart stretches to any width while
its text keeps the page's size, so it stays readable on a 375-pixel phone, where a
scaled-down drawing would shrink its labels to a few pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ..config.tiers import TierLevel
from ..core.numbers import show_percent
from ..tiers import ClientTier, TierSummary

ROW = 52  # one tier's row in the distribution chart: label line, then its bar
BAR = 16
LEGEND = 28
STEP = 30  # the distance between two tiers in a history chart
TOP = 20  # room above the top tier's line for its label
DATES = 26  # room below the bottom tier's line for the dates
MAX_DATED = 5  # with more points than this, only the first and the last are dated


def _x(value: Fraction | float) -> str:
    return f"{float(value):.2f}".rstrip("0").rstrip(".") + "%"


def distribution(summaries: Sequence[TierSummary]) -> dict[str, Any]:
    """Clients by tier: per tier a label line, a bar of its share and, when the config
    gives one, a mark at its target share."""
    rows = []
    for number, summary in enumerate(summaries):
        top = number * ROW
        level = summary.level
        share = summary.share or Fraction(0)
        target = level.target_share
        clients = _clients(summary.count)
        rows.append(
            {
                "tier": level.number,
                "label": level.label,
                "value": f"{clients} · {show_percent(share)}",
                "label_y": top + 15,
                "bar_y": top + 22,
                "width": _x(share),
                "target_x": _x(target) if target is not None else None,
                "target_y1": top + 18,
                "target_y2": top + 22 + BAR + 4,
            }
        )
    with_targets = any(s.level.target_share is not None for s in summaries)
    height = len(summaries) * ROW + (LEGEND if with_targets else 0)
    parts = []
    for summary in summaries:
        aim = summary.level.target_share
        aim_text = f", target {show_percent(aim)}" if aim is not None else ""
        parts.append(
            f"{summary.level.label}: {_clients(summary.count)}, {show_percent(summary.share or Fraction(0))}{aim_text}"
        )
    return {
        "rows": rows,
        "bar_height": BAR,
        "height": height,
        "legend_y": len(summaries) * ROW + 14 if with_targets else None,
        "title": "Clients by tier",
        "description": "; ".join(parts) + ".",
    }


def history(client: ClientTier, levels: Sequence[TierLevel]) -> dict[str, Any] | None:
    """A client's tier over time as a step line: onboarding, each `tier_history`
    review, then now. Points are evenly spaced (reviews come at irregular dates, and
    spacing them by time would crowd the labels); None when there is nothing to draw."""
    points: list[tuple[str, str | None, int]] = []
    data = client.data
    if client.onboarding_tier is not None:
        points.append(("Onboarded", data.onboarded, client.onboarding_tier))
    for review in data.history:
        if points and points[0][1] == review.date and points[0][2] == review.tier:
            continue  # the onboarding review, already drawn
        points.append(("Review", review.date, review.tier))
    if client.tier is not None:
        points.append(("Now", None, client.tier))
    if len(points) < 2:
        return None
    last = len(points) - 1
    drawn = []
    for number, (what, date, tier) in enumerate(points):
        x = Fraction(6) + Fraction(88 * number, last)
        dated = number in (0, last) or len(points) <= MAX_DATED
        drawn.append(
            {
                "x": _x(x),
                "y": _tier_y(tier),
                "tier": tier,
                "label": (date or what) if dated else "",
                "anchor": "start" if number == 0 else "end" if number == last else "middle",
                "title": f"{what}{' ' + date if date else ''}: Tier {tier}",
            }
        )
    segments = []
    for before, after in zip(drawn, drawn[1:], strict=False):
        segments.append({"x1": before["x"], "y1": before["y"], "x2": after["x"], "y2": before["y"]})
        if after["y"] != before["y"]:
            segments.append({"x1": after["x"], "y1": before["y"], "x2": after["x"], "y2": after["y"]})
    bottom = _tier_y(len(levels))
    steps = [f"{p['title']}" for p in drawn]
    return {
        "points": drawn,
        "segments": segments,
        "grid": [{"label": f"Tier {level.number}", "y": _tier_y(level.number)} for level in levels],
        "date_y": bottom + DATES - 6,
        "height": bottom + DATES,
        "title": f"Tier history of {client.title}",
        "description": "; ".join(steps) + ".",
    }


def _clients(count: int) -> str:
    return f"{count} client{'' if count == 1 else 's'}"


def _tier_y(tier: int) -> int:
    return TOP + (tier - 1) * STEP
