"""A mapping whose values are made only when asked for.

A run after an edit needs every page's name but the rest of only a few pages: the
digests of the pages a change reaches, the records and links of the pages a build
renders. Those are read or made on demand from what the last run kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Generic, TypeVar

_Value = TypeVar("_Value")


class Lazy(Mapping[str, _Value], Generic[_Value]):
    """A mapping over known keys whose values are made when first asked for (`make`),
    then kept (those given as `made` first): a build that renders a few pages loads the
    records and links of those, a check after an edit the digests it reaches."""

    def __init__(self, keys: Mapping[str, object], make: Callable[[str], _Value], made: Mapping[str, _Value]) -> None:
        self._keys = keys
        self._make = make
        self._made = dict(made)

    def __getitem__(self, key: str) -> _Value:
        found = self._made.get(key)
        if found is None:
            if key not in self._keys:
                raise KeyError(key)
            found = self._made[key] = self._make(key)
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)
