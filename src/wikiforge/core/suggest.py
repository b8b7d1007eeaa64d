""" "Did you mean": the one fuzzy matcher behind every suggestion, for a broken link or
a misspelt config key, severity, rule, type or tier name.

rapidfuzz compares in C. Many broken targets are compared with the same names at once
(`close_matches_each`): rapidfuzz's `cdist` scores several names against all choices in
one vectorised pass, on every core, which at 100,000 page names took a broken target from
30 ms (one `extract` each) to 2.5 ms. Every suggestion goes through that one path, so a
target alone and a target in a batch get the same answer.
"""

from __future__ import annotations

from collections.abc import Sequence

SCORES_PER_BATCH = 2_000_000
"""Scores held at once (8 bytes each): the names compared in one `cdist` call times the
choices, so 100,000 choices are compared 20 names at a time in 16 MB."""
THREADS_FROM = 200_000
"""Scores in one call from which rapidfuzz's threads pay: starting them costs 0.5 ms,
sixty times a config key's search."""

Scored = list[tuple[str, float]]


def close_matches(written: str, choices: Sequence[str], limit: int = 1, cutoff: float = 75) -> list[str]:
    """Up to `limit` choices closest to `written`, best first, each at least `cutoff`
    similar (0 to 100); of equally close choices the first in `choices` wins, so a
    sorted list gives the same answer in every run."""
    return close_matches_each([written], choices, limit, cutoff)[0]


def close_matches_each(
    written: Sequence[str], choices: Sequence[str], limit: int = 1, cutoff: float = 75
) -> list[list[str]]:
    """`close_matches` for each of `written`, in its order, searched together."""
    return [[choice for choice, _ in found] for found in _scored(written, choices, cutoff, limit)]


def closest(written: str, choices: Sequence[str], cutoff: float = 60) -> str | None:
    """The one choice closest to `written`: the "did you mean" among a few names (config
    keys, severities, rules, tiers). None when none is `cutoff` similar, or when several
    are equally close (`Tier 9` among Tier 1, 2 and 3): a guess among ties helps nobody."""
    found = _scored([written], choices, cutoff, 2)[0]
    if not found or (len(found) > 1 and found[1][1] == found[0][1]):
        return None
    return found[0][0]


def _scored(written: Sequence[str], choices: Sequence[str], cutoff: float, limit: int) -> list[Scored]:
    """For each of `written`, its best `limit` choices and their scores: by score, then
    by place in `choices` (the order rapidfuzz's `extract` gives)."""
    if not choices:
        return [[] for _ in written]
    import numpy as np  # here: most runs suggest nothing, and the imports take 60 ms
    from rapidfuzz import fuzz, process

    rows = max(1, SCORES_PER_BATCH // len(choices))
    found: list[Scored] = []
    for start in range(0, len(written), rows):
        batch = written[start : start + rows]
        threads = -1 if len(batch) * len(choices) >= THREADS_FROM else 1
        scores = process.cdist(batch, choices, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=float, workers=threads)
        for row in scores:
            hits = np.flatnonzero(row >= cutoff)
            best = hits[np.lexsort((hits, -row[hits]))[:limit]]
            found.append([(choices[i], float(row[i])) for i in best])
    return found
