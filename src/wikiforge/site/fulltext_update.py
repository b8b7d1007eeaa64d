"""The search index after an edit: the old index with the changed pages taken out and
put back, rather than every page's terms inverted again.

Only the chunks and big-term files holding a term a changed page has, or had, are read
and written again; a chunk whose first term is gone takes the one before it along, as a
whole build would have put its terms there. Since chunk boundaries depend on the terms
alone (`fulltext.split`), the result is byte for byte the index a whole build makes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .fulltext import Index, Postings, chunk_files, chunk_of, decoded, encoded, is_big, name_of, packed, unpacked


@dataclass(frozen=True)
class Change:
    """One page's terms before the edit (from its old fragment) and after it; `moved`
    says the terms or their weights changed (an edit of a date changes none, and then
    no chunk is read or written)."""

    number: int
    before: Iterable[str]
    after: tuple[tuple[str, int], ...]
    moved: bool = True


def updated(
    chunks: list[tuple[str, str]], big: Mapping[str, str], read: Callable[[str], bytes], changes: list[Change]
) -> Index:
    """The index listed by `chunks` and `big` (files read by name with `read`) with
    `changes` made."""
    postings: Postings = {}
    affected = {term for change in changes for term in (*change.before, *(t for t, _ in change.after))}
    marked: set[int] = set()
    for term in affected:
        if term in big:
            postings[term] = decoded(unpacked(read(big[term]))[term])
        elif chunks:
            marked.add(chunk_of(chunks, term))
    _load(postings, chunks, marked, read)
    for change in changes:
        for term in change.before:
            _without(postings, term, change.number)
        for term, weight in change.after:
            _with(postings, term, change.number, weight)
    if chunks:  # a big term that is now small goes back into its chunk
        small_again = {chunk_of(chunks, t) for t in affected if t in big and postings[t] and not is_big(postings[t])}
        _load(postings, chunks, small_again - marked, read)
        marked |= small_again
    _take_previous(postings, chunks, marked, read)
    return _rewritten(postings, chunks, big, marked, affected)


def _load(
    postings: Postings, chunks: list[tuple[str, str]], numbers: Iterable[int], read: Callable[[str], bytes]
) -> None:
    for number in numbers:
        for term, found in unpacked(read(chunks[number][1])).items():
            postings[term] = decoded(found)


def _take_previous(
    postings: Postings, chunks: list[tuple[str, str]], marked: set[int], read: Callable[[str], bytes]
) -> None:
    """Mark (and read) the chunk before each marked chunk whose first term is gone or
    now big: its other terms belong to that one."""
    while True:
        extra = {
            i - 1
            for i in marked
            if i > 0 and i - 1 not in marked and (not postings.get(chunks[i][0]) or is_big(postings[chunks[i][0]]))
        }
        if not extra:
            return
        _load(postings, chunks, extra, read)
        marked |= extra


def _rewritten(
    postings: Postings, chunks: list[tuple[str, str]], big: Mapping[str, str], marked: set[int], affected: set[str]
) -> Index:
    """The new chunk and big-term lists: unmarked chunks as they were, each run of marked
    ones split again from its terms; files only for what changed."""
    files: dict[str, bytes] = {}
    listed: list[tuple[str, str]] = []
    small = sorted(term for term, found in postings.items() if found and not is_big(found))
    at = 0
    for start, end in _runs(sorted(marked) if chunks else [0]):
        listed += chunks[at:start]
        low = chunks[start][0] if start > 0 else ""
        high = chunks[end + 1][0] if end + 1 < len(chunks) else None
        terms = small[bisect_left(small, low) : bisect_left(small, high) if high is not None else len(small)]
        made, data = chunk_files(postings, terms)
        listed += made
        files |= data
        at = end + 1
    listed += chunks[at:]
    kept_big = {term: name for term, name in big.items() if term not in affected}
    for term in affected:
        found = postings.get(term)
        if found and is_big(found):
            data = packed({term: encoded(found)})
            kept_big[term] = name_of(data)
            files[name_of(data)] = data
    return Index(listed, sorted(kept_big.items()), files)


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive numbers as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def _without(postings: Postings, term: str, number: int) -> None:
    found = postings.get(term)
    if not found:
        return
    at = _place(found, number)
    if at < len(found) and found[at] == number:
        del found[at : at + 2]


def _with(postings: Postings, term: str, number: int, weight: int) -> None:
    found = postings.setdefault(term, [])
    at = _place(found, number)
    if at < len(found) and found[at] == number:
        found[at + 1] = weight
    else:
        found[at:at] = (number, weight)


def _place(found: list[int], number: int) -> int:
    """Where page `number` is, or would go, in `[page, weight…]` postings."""
    return 2 * bisect_left(range(len(found) // 2), number, key=lambda i: found[2 * i])
