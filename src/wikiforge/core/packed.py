"""A frozen set of strings kept, between runs, as one string.

Every page's digest holds three sets of names (what its links looked up, the files they
reach, the targets that found nothing): a quarter of a million short strings at 10,000
pages, and most of the time of loading a kept state went into making them again, though
an edit of one page's body reads none of them. Pickled as one NUL-joined string, a set
loads as a single object and is split only when it is first read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

_SEP = "\0"


class PackedSet:
    """An immutable set of strings that pickles as one string (or, should a member hold
    the separator, as a tuple). Equal sets are equal whatever the order they came in."""

    __slots__ = ("_text", "_items")

    def __init__(self, items: Iterable[str] = ()) -> None:
        self._items: frozenset[str] | None = frozenset(items)
        self._text: str | None = None

    @classmethod
    def _packed(cls, text: str) -> PackedSet:
        made = cls.__new__(cls)
        made._items, made._text = None, text
        return made

    def _members(self) -> frozenset[str]:
        if self._items is None:
            assert self._text is not None
            self._items = frozenset(self._text.split(_SEP)) if self._text else frozenset()
        return self._items

    def _joined(self) -> str | None:
        """The sorted members joined, or None when that would not split back into them:
        a member holds the separator, or the only member is "" (the empty set's text)."""
        if self._text is None:
            members = sorted(self._members())
            if members != [""] and not any(_SEP in member for member in members):
                self._text = _SEP.join(members)
        return self._text

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        text = self._joined()
        if text is None:
            return PackedSet, (tuple(sorted(self._members())),)
        return PackedSet._packed, (text,)

    def isdisjoint(self, other: Iterable[str]) -> bool:
        """Whether no member is in `other`; an empty `other` is answered without unpacking."""
        if not other:
            return True
        return self._members().isdisjoint(other)

    def __iter__(self) -> Iterator[str]:
        return iter(self._members())

    def __contains__(self, item: object) -> bool:
        return item in self._members()

    def __len__(self) -> int:
        return len(self._members())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PackedSet):
            return NotImplemented
        if self._text is not None and other._text is not None:
            return self._text == other._text
        return self._members() == other._members()

    def __hash__(self) -> int:
        return hash(self._members())

    def __repr__(self) -> str:
        return f"PackedSet({sorted(self._members())!r})"
