"""`PackedSet`: a set of names a kept state stores as one string reads back as the same set."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from wikiforge.core.packed import PackedSet

NAMES = st.frozensets(st.text(alphabet=st.sampled_from(["a", "b", "/", " ", "\0", "é"]), max_size=4), max_size=6)


@given(NAMES, NAMES)
def test_a_packed_set_pickles_back_to_its_members_and_compares_as_a_set(
    first: frozenset[str], other: frozenset[str]
) -> None:
    packed = PackedSet(first)
    loaded = pickle.loads(pickle.dumps(packed))
    assert set(loaded) == set(first) and len(loaded) == len(first)
    assert loaded == packed and hash(loaded) == hash(packed)
    assert all(name in loaded for name in first)
    assert loaded.isdisjoint(other) == first.isdisjoint(other)
    again = pickle.loads(pickle.dumps(PackedSet(other)))
    assert (loaded == again) == (first == other)
