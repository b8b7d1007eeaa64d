""" "Did you mean": the one fuzzy matcher behind every suggestion, for a broken link or
a misspelt config key, severity, rule, type or tier name.

rapidfuzz compares in C and skips choices whose length alone rules them out, so a
suggestion among thousands of names or headings costs microseconds, where difflib took
milliseconds each: 4,000 broken anchors into a long page took 47 s.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def close_matches(written: str, choices: Sequence[str], limit: int = 1, cutoff: float = 75) -> list[str]:
    """Up to `limit` choices closest to `written`, best first, each at least `cutoff`
    similar (0 to 100); of equally close choices the first in `choices` wins, so a
    sorted list gives the same answer in every run."""
    return [match[0] for match in _extract(written, choices, cutoff, limit)]


def closest(written: str, choices: Sequence[str], cutoff: float = 60) -> str | None:
    """The one choice closest to `written`: the "did you mean" among a few names (config
    keys, severities, rules, tiers). None when none is `cutoff` similar, or when several
    are equally close (`Tier 9` among Tier 1, 2 and 3): a guess among ties helps nobody."""
    found = _extract(written, choices, cutoff, 2)
    if not found or (len(found) > 1 and found[1][1] == found[0][1]):
        return None
    return str(found[0][0])


def _extract(written: str, choices: Sequence[str], cutoff: float, limit: int) -> list[Any]:
    """rapidfuzz's best `limit` matches as (choice, score, index)."""
    from rapidfuzz import fuzz, process  # here: most runs suggest nothing, and the import takes 10 ms

    return process.extract(written, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
