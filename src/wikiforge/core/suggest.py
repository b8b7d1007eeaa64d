""" "Did you mean": the one fuzzy matcher behind every suggestion, for a broken link or
a misspelt config key, severity, rule, type or tier name.

rapidfuzz compares in C. A few names are searched one at a time (`extract`); many broken
targets against many names are scored together by `cdist`, in one vectorised pass on
every core, which at 100,000 page names took a broken target from 30 ms to 2.5 ms. Both
give the best `limit` choices by score, ties to the earlier choice, so a target gets the
same answer alone or in a batch.
"""

from __future__ import annotations

from collections.abc import Sequence

BATCH_FROM = 1_000_000
"""Scores (targets times choices) from which `cdist` pays for importing NumPy, which its
results need: 0.3 s, the time `extract` takes for about a million scores."""
SCORES_PER_BATCH = 2_000_000
"""Scores held at once (8 bytes each): the names compared in one `cdist` call times the
choices, so 100,000 choices are compared 20 names at a time in 16 MB."""

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
    by place in `choices`."""
    from rapidfuzz import fuzz, process  # here: most runs suggest nothing, and the import takes 40 ms

    if choices and len(written) * len(choices) >= BATCH_FROM:
        return _together(written, choices, cutoff, limit)
    found = (process.extract(w, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit) for w in written)
    return [[(choice, score) for choice, score, _ in matches] for matches in found]


def _together(written: Sequence[str], choices: Sequence[str], cutoff: float, limit: int) -> list[Scored]:
    """`_scored` by `cdist`, `SCORES_PER_BATCH` scores at a time, on every core."""
    import numpy as np
    from rapidfuzz import fuzz, process

    rows = max(1, SCORES_PER_BATCH // len(choices))
    found: list[Scored] = []
    for start in range(0, len(written), rows):
        batch = written[start : start + rows]
        scores = process.cdist(batch, choices, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=float, workers=-1)
        for row in scores:
            hits = np.flatnonzero(row >= cutoff)
            best = hits[np.lexsort((hits, -row[hits]))[:limit]]
            found.append([(choices[i], float(row[i])) for i in best])
    return found
