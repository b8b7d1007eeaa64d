"""The one "did you mean" matcher: a batch of targets gets, for each, what rapidfuzz's
`extract` gives that target alone (best score first, ties to the earlier choice)."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from wikiforge.core import suggest
from wikiforge.core.suggest import close_matches, close_matches_each, closest

names = st.text(alphabet="abc-/", min_size=0, max_size=8)
"""A small alphabet, so that many names tie on score."""


def _extract(written: str, choices: list[str], limit: int, cutoff: float) -> list[str]:
    found = process.extract(written, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
    return [choice for choice, _, _ in found]


@settings(max_examples=300, deadline=None)
@given(
    written=st.lists(names, max_size=6),
    choices=st.lists(names, max_size=30),
    limit=st.integers(1, 4),
    cutoff=st.sampled_from([0, 50, 60, 75, 100]),
    rows=st.integers(1, 40),
)
def test_a_batch_answers_as_extract_does_for_each(
    written: list[str], choices: list[str], limit: int, cutoff: float, rows: int
) -> None:
    expected = [_extract(w, choices, limit, cutoff) for w in written]
    assert close_matches_each(written, choices, limit, cutoff) == expected  # one at a time
    # Together, in small batches: the targets are split over several calls.
    with patch.object(suggest, "BATCH_FROM", 0), patch.object(suggest, "SCORES_PER_BATCH", rows):
        assert close_matches_each(written, choices, limit, cutoff) == expected
        assert [close_matches(w, choices, limit, cutoff) for w in written] == expected


def test_many_targets_among_many_names_are_scored_together_with_the_same_answer() -> None:
    choices = [f"client-{i:05d}-review" for i in range(60_000)]
    written = ["client-01234-reveiw", "client-2999-review", "nothing-like-it", "client-00000-review"] * 5
    assert len(written) * len(choices) >= suggest.BATCH_FROM
    assert close_matches_each(written, choices, 2) == [_extract(w, choices, 2, 75) for w in written]


def test_closest_refuses_a_tie_and_names_a_clear_winner() -> None:
    assert closest("Tier 9", ["Tier 1", "Tier 2", "Tier 3"]) is None
    assert closest("sevrity", ["severity", "select", "ignore"]) == "severity"
    assert closest("zzz", ["severity"]) is None
    assert close_matches("anything", []) == []
    assert close_matches_each([], ["a"]) == []
